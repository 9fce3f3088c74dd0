// Loading: files and directories → JSON documents → recognised raw resources → the model.
// Documents are read, parsed, recognised and normalised one at a time, in file order, so each file's
// text and raw objects can go as soon as its resources are in the model (see buildModel).
import { readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { InputError, pointerToPath } from '../errors.js';
import type { CoverageEntry, FirewallRule, FirewallPolicy, FirewallPolicyKind, Model, Subnetwork } from '../model.js';
import { computeName, firewallPolicyName, projectOf, resolveComputeRef, shortName } from '../names.js';
import type { DeployInput } from '../deploy/index.js';
import { CoverageRecord } from './coverage.js';
import { commandsOf, overlay, type ById } from './overlay.js';
import { linesOfPointers } from './lines.js';
import { firewallIdOf, normalise, policyRules, type Normalised, type NormaliseContext } from './normalise.js';
import { recognise, type Recognised, type RawItem } from './recognise.js';
import { validateRaw } from './schemas.js';
import { appendAll, byId, table } from '../lookup.js';

export interface InputFile {
  file: string;
  text: string;
}

export interface ParsedDocument {
  file: string;
  value: unknown;
}

/** A JSON document, parsed already or parsed when buildModel reaches it. */
export type DocumentSource = ParsedDocument | { file: string; parse: () => unknown };

/**
 * Expands files and directories (recursively, *.json), without duplicates, sorted: deploy scripts are
 * laid over in this order (a later script's change wins), whatever order the paths were given in or
 * readdir returned them in.
 */
export async function listInputFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new InputError(path, '', 'no such file or directory');
    });
    if (info.isDirectory()) {
      const found = jsonFilesUnder(path);
      if (found.length === 0) throw new InputError(path, '', 'no *.json files in this directory');
      appendAll(files, found);
    } else files.push(path);
  }
  return [...new Set(files)].sort();
}

/**
 * Snapshot files as documents read and parsed one by one when buildModel reaches them. Read one after
 * another, synchronously: an organisation snapshot is thousands of small files, and Promise.all over
 * fs/promises readFile costs four thread-pool round trips and a fresh buffer per file (3-4x slower at
 * 10,000 files; npm run bench, phase "read").
 */
export function snapshotSources(files: string[]): DocumentSource[] {
  return files.map((file) => ({ file, parse: () => parseJson(file, readText(file)) }));
}

// Synchronous: fs/promises' recursive readdir took 3-4x as long over an organisation's 10,000 files (npm run bench, phase "read").
function jsonFilesUnder(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath ?? dir, e.name));
}

/** A file's UTF-8 text; an InputError when it cannot be read or is not UTF-8. */
export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, '', code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(err)})`);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InputError(file, '', 'not valid UTF-8 text; expected JSON');
  }
}

function textIfReadable(file: string): string | undefined {
  try {
    return readText(file);
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** JSON.parse; a syntax error becomes an InputError with line and column. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (text.trim() === '') throw new InputError(file, '', 'the file is empty; expected JSON');
    // V8 says either "... in JSON at position N" or "Unexpected token 'x', "<the input>" is not valid JSON":
    // the latter quotes the input (newlines, secrets), so it is cut, and the position asked of jsonc-parser.
    const message = (err as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, .*is not valid JSON$/s, '');
    const position = Number(/position (\d+)/.exec((err as Error).message)?.[1] ?? firstSyntaxError(text) ?? text.length);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    throw new InputError(file, `${line}:${column}`, `invalid JSON: ${message}`, line);
  }
}

/**
 * Work done by buildModel, for test/complexity.test.ts: one step per item normalised, per sort
 * comparison, and per element scanned in the lookups that could grow with the input (networks by
 * bare name). Asserting on steps, not wall time, keeps quadratic steps out.
 */
export const buildModelWork = { steps: 0 };

/** Offset of the first syntax error jsonc-parser finds (strict JSON), if any. */
function firstSyntaxError(text: string): number | undefined {
  const errors: ParseError[] = [];
  try {
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  } catch {
    return undefined; // a stack overflow on deep nesting: the position stays unknown
  }
  return errors[0]?.offset;
}

/** Deploy layers, parsed once the input's project is known (scripts default to it). */
export type LayerSource = (defaultProject: string | undefined) => DeployInput[];

type ResourceOf<K extends Normalised['kind']> = ById[K] extends Map<string, infer V extends { id: string }> ? V : never;

/** Thrown by the streaming context for an item that needs the whole input's projects; it is normalised at the end. */
const DEFER = Symbol('defer');
const isNumber = (p: string) => p.charCodeAt(0) >= 48 && p.charCodeAt(0) <= 57 && /^\d+$/.test(p);

/**
 * Builds the model from documents. Deterministic whatever the order of the documents: they are taken
 * in file order, and a resource met twice keeps the later copy.
 *
 * Each document is parsed, recognised and normalised before the next is parsed, and its raw objects
 * are let go at once: they die young, so garbage collection never copies or marks them, and the
 * texts and parsed documents of a whole organisation are never alive together (npm run bench: less
 * time and half the peak RSS of parsing everything first). The few items that need
 * the whole input's projects (project numbers, no project at all) are kept and normalised at the end.
 */
export function buildModel(documents: DocumentSource[], layerSource?: LayerSource): Model {
  // FILE_ORDER.compare orders exactly as localeCompare does, without localeCompare's per-call cost
  // (a quarter of a second for 10,000 long paths).
  const ordered = [...documents].sort((a, b) => (buildModelWork.steps++, FILE_ORDER.compare(a.file, b.file)));
  const recognised: Recognised[] = [];
  const coverage = new CoverageRecord();
  const loadNotes: string[] = [];
  // Projects that name themselves (the fallback for inputs that do not), and the projects per directory.
  const projects = new Set<string>();
  const dirProjects = new Map<string, Set<string>>();
  // Every item's resource and its kind, by position in the input; the deferred items' positions are
  // filled at the end. Two arrays rather than the Normalised wrappers, which then die young.
  const values: Normalised['value'][] = [];
  const kinds: Normalised['kind'][] = [];
  const deferred: { at: number; item: RawItem }[] = [];
  // The raw object behind each resource, kept only when deploy layers may patch it.
  const raws: RawItem[] | undefined = layerSource ? [] : undefined;
  // The firewall rules of getEffectiveFirewalls responses, by document and position there, with their ids
  // where firewallIdOf tells them: normalised at the end, only those no other input holds (the copy
  // elsewhere, a firewalls list's, is the one kept). At an organisation's scale they are a third of all
  // items (npm run bench); normalising them too was a fifth of the load.
  const effectiveCopies: { document: DocumentSource; at: number; id: string | undefined }[] = [];
  const streaming: NormaliseContext = {
    projectOf(numberOrId) {
      if (isNumber(numberOrId)) throw DEFER;
      return numberOrId;
    },
    defaultProject() {
      throw DEFER;
    },
  };
  for (const d of ordered) {
    const r = recognise(d.file, 'value' in d ? d.value : d.parse());
    // Every item of a document is of its file: the projects of its directory are looked up once per document.
    let near: Set<string> | undefined;
    const noteProject = (item: RawItem) => {
      buildModelWork.steps++;
      const p = item.project;
      if (p && !isNumber(p)) {
        projects.add(p);
        if (!near) {
          const dir = dirname(d.file);
          near = dirProjects.get(dir);
          if (!near) dirProjects.set(dir, (near = new Set()));
        }
        near.add(p);
      }
    };
    r.effectiveItems.forEach((item, at) => {
      noteProject(item);
      effectiveCopies.push({ document: d, at, id: firewallIdOf(item.raw) });
    });
    for (const item of r.items) {
      noteProject(item);
      raws?.push(item);
      try {
        const n = normalise(item, streaming);
        values.push(n.value);
        kinds.push(n.kind);
      } catch (err) {
        if (err !== DEFER) throw err;
        deferred.push({ at: values.length, item });
        values.push(undefined!);
        kinds.push(undefined!);
      }
    }
    recognised.push({ ...r, items: [], effectiveItems: [] });
  }

  const numbers = new Map<string, string>();
  for (const r of recognised) for (const p of r.projects) if (p.projectNumber) numbers.set(p.projectNumber, p.projectId);
  const single = projects.size === 1 ? [...projects][0] : undefined;
  const layers = layerSource?.(single) ?? [];

  const noted = new Set<string>();
  const ctx: NormaliseContext = {
    projectOf(numberOrId) {
      if (!isNumber(numberOrId)) return numberOrId;
      const known = numbers.get(numberOrId);
      if (known) return known;
      if (!noted.has(numberOrId)) {
        noted.add(numberOrId);
        loadNotes.push(
          single
            ? `project number ${numberOrId} was taken to be project "${single}", the only project in the input`
            : `project number ${numberOrId} could not be mapped to a project id (the input holds ${projects.size} projects); references from it resolve within "${numberOrId}"`,
        );
      }
      return single ?? numberOrId;
    },
    defaultProject(item: RawItem) {
      if (single) return single;
      throw InputError.at(item.file, item.pointer, 'cannot tell which project this resource belongs to; keep its "selfLink" (as the API returns it)');
    },
  };
  for (const { at, item } of deferred) {
    const n = normalise(item, ctx);
    values[at] = n.value;
    kinds[at] = n.kind;
  }

  // Each kind's resources sorted by id, a resource met twice keeping its later copy: equal ids are
  // ordered by input position, so the last of each run is the later one. This one sort replaces
  // inserting every resource into a map by id and then sorting the map, whose inserts were the slowest
  // line of buildModel (npm run bench, phase "normalise"). It compares ids from a plain array of strings
  // beside the resources (reading .id from nine kinds of object in one comparator was megamorphic).
  const ofKind = new Map<Normalised['kind'], { all: Normalised['value'][]; ids: string[] }>();
  for (let i = 0; i < values.length; i++) {
    let entry = ofKind.get(kinds[i]!);
    if (!entry) ofKind.set(kinds[i]!, (entry = { all: [], ids: [] }));
    entry.all.push(values[i]!);
    entry.ids.push(values[i]!.id);
  }
  const latest = <K extends Normalised['kind']>(kind: K): ResourceOf<K>[] => {
    const { all, ids } = ofKind.get(kind) ?? { all: [], ids: [] };
    return lastOfEachId(all as unknown as ResourceOf<K>[], ids);
  };
  const mapOf = <T extends { id: string }>(list: T[]) => new Map(list.map((r) => [r.id, r]));
  // Networks are sorted already (latest), and effective firewalls only read them; policies they add to.
  const networkList = latest('network');
  const networks = mapOf(networkList);
  const policies = mapOf(latest('firewallPolicy'));

  const nearbyProject = (file: string) => {
    const near = dirProjects.get(dirname(file));
    return near?.size === 1 ? [...near][0] : single;
  };
  const policyNetworks = new Map<string, Set<string>>();
  for (const r of recognised) {
    for (const list of r.lists) {
      const nearby = nearbyProject(list.file);
      const owners = list.project ? [list.project] : list.itemProjects.length > 0 ? list.itemProjects : nearby ? [nearby] : [];
      if (owners.length === 0) loadNotes.push(`${list.file}: cannot tell which project this empty ${list.collection} list is for; it is not counted as complete`);
      for (const project of owners) coverage.add({ collection: list.collection, project, region: list.region });
    }
    for (const entry of r.coverage) coverage.add(entry);
    for (const failure of r.failures) coverage.addFailure(failure);
    for (const eff of r.effective) addEffectiveFirewalls(eff, networks, policies, policyNetworks, coverage, nearbyProject(eff.file));
  }

  const sorted = <T extends { id: string }>(m: Map<string, T>): T[] => [...m.values()].sort(byIdOrder);
  const effective = withEffectiveCopies(latest('firewall'), effectiveCopies, ctx);
  let resources = {
    networks: networkList,
    subnetworks: latest('subnetwork'),
    firewalls: effective.firewalls,
    firewallPolicies: sorted(policies),
    routes: latest('route'),
    routers: latest('router'),
    addresses: latest('address'),
    connectors: latest('connector'),
    workloads: latest('workload'),
  };
  if (layers.length > 0) {
    // Deploy layers patch resources by id, in maps; the raw object of each resource's kept copy goes with it.
    const byId: ById = {
      network: networks,
      subnetwork: mapOf(resources.subnetworks),
      firewall: mapOf(resources.firewalls),
      route: mapOf(resources.routes),
      router: mapOf(resources.routers),
      address: mapOf(resources.addresses),
      firewallPolicy: policies,
      connector: mapOf(resources.connectors),
      workload: mapOf(resources.workloads),
    };
    // The raw objects of resources met twice: the kept copy's is set last.
    const rawById = new Map<string, RawItem>();
    for (const [id, item] of effective.raws) rawById.set(id, item);
    for (let i = 0; i < values.length; i++) rawById.set(values[i]!.id, raws![i]!);
    loadNotes.push(...overlay(layers, byId, rawById, ctx, coverage));
    resources = {
      networks: sorted(byId.network),
      subnetworks: sorted(byId.subnetwork),
      firewalls: sorted(byId.firewall),
      firewallPolicies: sorted(byId.firewallPolicy),
      routes: sorted(byId.route),
      routers: sorted(byId.router),
      addresses: sorted(byId.address),
      connectors: sorted(byId.connector),
      workloads: sorted(byId.workload),
    };
  }

  // Fill what the API derives: a connector's network from its subnet; a Direct VPC interface's
  // network from its subnet, and its subnet from the network's name (facts 4.3).
  let subnets: Map<string, Subnetwork> | undefined;
  const subnet = (id: string) => (subnets ??= mapOf(resources.subnetworks)).get(id);
  for (const c of resources.connectors) if (!c.network && c.subnet) c.network = subnet(c.subnet)?.network;
  for (const w of resources.workloads) {
    for (const ni of w.networkInterfaces) {
      if (!ni.network && ni.subnetwork) ni.network = subnet(ni.subnetwork)?.network;
      if (!ni.subnetwork && ni.network)
        ni.subnetwork = computeName(projectOf(ni.network)!, 'subnetworks', shortName(ni.network), w.region);
    }
  }

  return { ...resources, commands: commandsOf(layers), coverage, loadNotes: loadNotes.sort() };
}

/** The resources sorted by id, of equal ids the last: one sort of positions by (id, position). */
function lastOfEachId<T>(all: T[], ids: string[]): T[] {
  const order = ids.map((_, i) => i);
  order.sort((a, b) => {
    buildModelWork.steps++;
    const x = ids[a]!;
    const y = ids[b]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const out: T[] = [];
  for (let j = 0; j < order.length; j++) if (j + 1 === order.length || ids[order[j + 1]!] !== ids[order[j]!]) out.push(all[order[j]!]!);
  return out;
}

/**
 * The firewall rules with the effective-firewall copies that no other input holds (by id; a copy whose id
 * firewallIdOf cannot tell counts as not held), normalised. Where ids meet, the other input's copy is
 * kept, and of two copies the later. The copies' documents, long gone, are parsed again: only inputs
 * with effective firewalls and no firewalls list (or an older one) pay for that. Looked up in the sorted
 * rules, whose ids the sort has flattened: hashing the ids into a set cost more than normalising the
 * copies saved (npm run bench, phase "normalise").
 */
function withEffectiveCopies(
  firewalls: FirewallRule[],
  copies: { document: DocumentSource; at: number; id: string | undefined }[],
  ctx: NormaliseContext,
): { firewalls: FirewallRule[]; raws: [string, RawItem][] } {
  const items: RawItem[] = [];
  let document: DocumentSource | undefined;
  let parsed: RawItem[] = [];
  for (const c of copies) {
    if (c.id !== undefined && byId(firewalls, c.id)) continue;
    if (c.document !== document) {
      document = c.document;
      parsed = recognise(document.file, 'value' in document ? document.value : document.parse()).effectiveItems;
    }
    items.push(parsed[c.at]!);
  }
  if (items.length === 0) return { firewalls, raws: [] };
  const read = items.map((item) => normalise(item, ctx).value as FirewallRule);
  const all = read.concat(firewalls);
  return { firewalls: lastOfEachId(all, all.map((f) => f.id)), raws: read.map((f, i) => [f.id, items[i]!]) };
}

function byIdOrder(a: { id: string }, b: { id: string }): number {
  buildModelWork.steps++;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Same order as String.prototype.localeCompare with no arguments (the spec defines it by this collator). */
const FILE_ORDER = new Intl.Collator();

const POLICY_KINDS: Record<string, FirewallPolicyKind> = table({
  HIERARCHY: 'HIERARCHY',
  NETWORK: 'NETWORK',
  NETWORK_REGIONAL: 'NETWORK_REGIONAL',
});

/** A getEffectiveFirewalls response: hierarchical and network policies that apply to one network. */
function addEffectiveFirewalls(
  eff: Recognised['effective'][number],
  networks: Map<string, Model['networks'][number]>,
  policies: Map<string, FirewallPolicy>,
  /** The networks of each policy in `policies`, as a set: an organisation's hierarchical policies apply
   * to every network, and scanning policy.networks for each would be quadratic in networks. */
  policyNetworks: Map<string, Set<string>>,
  coverage: CoverageRecord,
  nearbyProject: string | undefined,
): void {
  let network: string | undefined;
  if (eff.networkHint) {
    network = resolveComputeRef(eff.networkHint, 'networks', { project: nearbyProject ?? '' });
    // A bare network name with no project to place it in: the one network of that name in the input.
    if (!projectOf(network!)) {
      buildModelWork.steps += networks.size;
      const named = [...networks.keys()].filter((id) => id.endsWith(`/networks/${eff.networkHint}`));
      network = named.length === 1 ? named[0] : undefined;
    }
  }
  else if (networks.size === 1) network = [...networks.keys()][0];
  if (!network || !projectOf(network))
    throw InputError.at(
      eff.file,
      eff.pointer,
      'cannot tell which network this getEffectiveFirewalls response is for; name the file effective-firewalls-NETWORK.json or include the network',
    );
  const project = projectOf(network)!;
  const list = Array.isArray(eff.firewallPolicys) ? (eff.firewallPolicys as Record<string, unknown>[]) : [];
  let depth = 0;
  list.forEach((raw, i) => {
    const pointer = `${eff.pointer}/firewallPolicys/${i}`;
    const error = validateRaw('firewallPolicy', raw);
    if (error) throw InputError.at(eff.file, pointer + error.pointer, error.message);
    const kind = POLICY_KINDS[String(raw.type)] ?? 'SYSTEM';
    const name = String(raw.name);
    const id = firewallPolicyName(kind, project, name);
    const existing = policies.get(id);
    if (existing) {
      buildModelWork.steps++;
      // A policy read from its own file (not from this response) gets its set on first use.
      let seen = policyNetworks.get(id);
      if (!seen) policyNetworks.set(id, (seen = new Set(existing.networks)));
      if (!seen.has(network!)) {
        seen.add(network!);
        existing.networks.push(network!);
      }
      return;
    }
    // The response lists hierarchical policies from the organisation down (UNVERIFIED: the order is
    // what the real sample shows; the API reference does not state it).
    policyNetworks.set(id, new Set([network!]));
    policies.set(id, {
      id,
      project: kind === 'HIERARCHY' ? '' : project,
      name: String(raw.shortName ?? raw.displayName ?? name),
      source: { file: eff.file, pointer },
      kind,
      networks: [network!],
      order: kind === 'HIERARCHY' ? depth++ : 0,
      rules: policyRules(raw.rules),
    });
  });
  const entry: CoverageEntry = { collection: 'effectiveFirewalls', project, network };
  coverage.add(entry);
}

export interface LoadRequest {
  /** Snapshot files and directories (JSON), and deploy scripts (shell, Makefile, CI YAML, Cloud Build). */
  paths: string[];
  /** Terraform plans (`terraform show -json plan.out`). */
  plans?: string[];
  /** Terraform configuration directory, to point plan findings at .tf lines. */
  tfDir?: string;
  /** Cloud Asset Inventory exports (NDJSON). */
  assetExports?: string[];
  /** The exports were made with --asset-types: a type with no asset proves nothing. */
  assetTypesPartial?: boolean;
}

/** The whole load: paths → model. Errors about a JSON value get the line it stands on. */
export async function loadPaths(paths: string[] | LoadRequest): Promise<Model> {
  const request = Array.isArray(paths) ? { paths } : paths;
  const files = await listInputFiles(request.paths);
  // Only a file that is not *.json can be a deploy script, and only then is deploy/sources.js (with the
  // shell parser under it) loaded to tell: part of the cold start of `egress-lint check` on snapshots
  // alone (npm run bench "cold start"). A file that is not a script is a snapshot after all.
  const notJson: InputFile[] = files.filter((f) => !f.endsWith('.json')).map((file) => ({ file, text: readText(file) }));
  const { scriptKind } = notJson.length > 0 ? await import('../deploy/sources.js') : ({} as typeof import('../deploy/sources.js'));
  const scripts = notJson.filter((f) => scriptKind(f.file, f.text) !== undefined);
  const snapshots: DocumentSource[] = [
    ...snapshotSources(files.filter((f) => f.endsWith('.json'))),
    ...notJson.filter((f) => !scripts.includes(f)).map(({ file, text }) => ({ file, parse: () => parseJson(file, text) })),
  ];
  const plans: InputFile[] = (request.plans ?? []).map((file) => ({ file, text: readText(file) }));
  // The deploy parsers (gcloud, Terraform, shell) and the asset-export reader are loaded only when
  // the input has something for them: most checks read snapshots alone, and importing them was part
  // of the cold start of `egress-lint check` (npm run bench "cold start").
  const { parseScriptFile, parseTerraformPlan } = scripts.length + plans.length > 0 ? await import('../deploy/index.js') : ({} as typeof import('../deploy/index.js'));
  const layers: LayerSource = (project) => [
    ...plans.map((p) => parseTerraformPlan(p.file, p.text, { tfDir: request.tfDir })),
    ...scripts.map((s) => parseScriptFile(s.file, s.text, { project })),
  ];
  const assetExports = request.assetExports ?? [];
  const { loadAssetExport } = assetExports.length > 0 ? await import('./asset-export.js') : ({} as typeof import('./asset-export.js'));
  const exports = await Promise.all(assetExports.map((f) => loadAssetExport(f, { partial: request.assetTypesPartial === true })));
  try {
    return buildModel([...snapshots, ...exports], scripts.length + plans.length > 0 ? layers : undefined);
  } catch (err) {
    const exported = exports.find((e) => err instanceof InputError && e.file === err.file);
    const m = /^\/resources\/(\d+)(.*)$/.exec((err as InputError).pointer ?? '');
    // An error inside an exported asset points at its line of the export and its path in resource.data.
    if (exported && m) throw new InputError(exported.file, pointerToPath(m[2]!).replace(/^\$/, '$.resource.data'), (err as Error).message, exported.lines[Number(m[1])]);
    if (err instanceof InputError && err.pointer !== undefined && err.line === undefined) {
      // The texts are not kept (buildModel lets each go once parsed): read the file again for the line.
      const text = notJson.find((f) => f.file === err.file)?.text ?? (files.includes(err.file) ? textIfReadable(err.file) : undefined);
      if (text !== undefined) err.line = linesOfPointers(text, new Set([err.pointer])).get(err.pointer);
    }
    throw err;
  }
}
