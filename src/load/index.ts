// Loading: files and directories → parsed JSON documents → recognised raw resources → the model.
// The phases are separate functions so the benchmark can time each one.
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { InputError, pointerToPath } from '../errors.js';
import type { CoverageEntry, FirewallPolicy, FirewallPolicyKind, Model } from '../model.js';
import { COMPUTE, computeName, projectOf, resolveComputeRef, shortName } from '../names.js';
import type { DeployInput } from '../deploy/index.js';
import { CoverageRecord } from './coverage.js';
import { commandsOf, overlay, type ById } from './overlay.js';
import { linesOfPointers } from './lines.js';
import { normalise, policyRules, type NormaliseContext } from './normalise.js';
import { recognise, type Recognised, type RawItem } from './recognise.js';
import { validateRaw } from './schemas.js';
import { appendAll, table } from '../lookup.js';

export interface InputFile {
  file: string;
  text: string;
}

export interface ParsedDocument {
  file: string;
  value: unknown;
}

/** Expands files and directories (recursively, *.json, sorted) and reads them as UTF-8 text. */
export async function readInputFiles(paths: string[]): Promise<InputFile[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new InputError(path, '', 'no such file or directory');
    });
    if (info.isDirectory()) {
      const found = await jsonFilesUnder(path);
      if (found.length === 0) throw new InputError(path, '', 'no *.json files in this directory');
      appendAll(files, found);
    } else files.push(path);
  }
  const unique = [...new Set(files)].sort();
  // Read one after another, synchronously: an organisation snapshot is thousands of small files, and
  // Promise.all over fs/promises readFile costs four thread-pool round trips and a fresh buffer per
  // file (3-4x slower than this at 10,000 files; npm run bench, phase "read").
  return unique.map((file) => ({ file, text: decode(file, readFileOrFail(file)) }));
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath ?? dir, e.name));
}

function readFileOrFail(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, '', code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(err)})`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decode(file: string, bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InputError(file, '', 'not valid UTF-8 text; expected JSON');
  }
}

/** JSON.parse each file; a syntax error becomes an InputError with line and column. */
export function parseDocuments(files: InputFile[]): ParsedDocument[] {
  return files.map(({ file, text }) => {
    if (text.trim() === '') throw new InputError(file, '', 'the file is empty; expected JSON');
    try {
      return { file, value: JSON.parse(text) };
    } catch (err) {
      // V8 says either "... in JSON at position N" or "Unexpected token 'x', "<the input>" is not valid JSON":
      // the latter quotes the input (newlines, secrets), so it is cut, and the position asked of jsonc-parser.
      const message = (err as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, .*is not valid JSON$/s, '');
      const position = Number(/position (\d+)/.exec((err as Error).message)?.[1] ?? firstSyntaxError(text) ?? text.length);
      const before = text.slice(0, position);
      const line = before.split('\n').length;
      const column = position - before.lastIndexOf('\n');
      throw new InputError(file, `${line}:${column}`, `invalid JSON: ${message}`, line);
    }
  });
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

/** Builds the model from parsed documents. Deterministic whatever the order of the documents. */
export function buildModel(documents: ParsedDocument[], layerSource?: LayerSource): Model {
  // FILE_ORDER.compare orders exactly as localeCompare does, without localeCompare's per-call cost
  // (a quarter of a second for 10,000 long paths).
  const recognised: Recognised[] = [...documents].sort((a, b) => (buildModelWork.steps++, FILE_ORDER.compare(a.file, b.file))).map((d) => recognise(d.file, d.value));
  const items = recognised.flatMap((r) => r.items);
  const coverage = new CoverageRecord();
  const loadNotes: string[] = [];

  // Projects that name themselves; the fallback for inputs that do not.
  const projects = new Set<string>();
  for (const { project: p } of items) if (p && !/^\d+$/.test(p)) projects.add(p);
  const numbers = new Map<string, string>();
  for (const r of recognised) for (const p of r.projects) if (p.projectNumber) numbers.set(p.projectNumber, p.projectId);
  const single = projects.size === 1 ? [...projects][0] : undefined;
  const layers = layerSource?.(single) ?? [];

  const noted = new Set<string>();
  const ctx: NormaliseContext = {
    projectOf(numberOrId) {
      if (!/^\d+$/.test(numberOrId)) return numberOrId;
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

  const byId: ById = {
    network: new Map(),
    subnetwork: new Map(),
    firewall: new Map(),
    route: new Map(),
    router: new Map(),
    address: new Map(),
    firewallPolicy: new Map(),
    connector: new Map(),
    workload: new Map(),
  };
  // The raw object behind each resource, kept only when deploy layers may patch it.
  const rawById = new Map<string, RawItem>();
  for (const item of items) {
    buildModelWork.steps++;
    const n = normalise(item, ctx);
    (byId[n.kind] as Map<string, typeof n.value>).set(n.value.id, n.value);
    if (layers.length > 0) rawById.set(n.value.id, item);
  }

  // An empty list that names no project belongs to the one project of the files beside it, if there is one.
  const dirProjects = new Map<string, Set<string>>();
  const dirs = new Map<string, string>(); // one dirname per file, not per item
  for (const { project: p, file } of items) {
    if (!p || /^\d+$/.test(p)) continue;
    let dir = dirs.get(file);
    if (dir === undefined) dirs.set(file, (dir = dirname(file)));
    if (!dirProjects.has(dir)) dirProjects.set(dir, new Set());
    dirProjects.get(dir)!.add(p);
  }
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
    for (const eff of r.effective) addEffectiveFirewalls(eff, byId.network, byId.firewallPolicy, policyNetworks, coverage, nearbyProject(eff.file));
  }

  if (layers.length > 0) loadNotes.push(...overlay(layers, byId, rawById, ctx, coverage));

  // Fill what the API derives: a connector's network from its subnet; a Direct VPC interface's
  // network from its subnet, and its subnet from the network's name (facts 4.3).
  for (const c of byId.connector.values()) if (!c.network && c.subnet) c.network = byId.subnetwork.get(c.subnet)?.network;
  for (const w of byId.workload.values()) {
    for (const ni of w.networkInterfaces) {
      if (!ni.network && ni.subnetwork) ni.network = byId.subnetwork.get(ni.subnetwork)?.network;
      if (!ni.subnetwork && ni.network)
        ni.subnetwork = computeName(projectOf(ni.network)!, 'subnetworks', shortName(ni.network), w.region);
    }
  }

  const sorted = <T extends { id: string }>(m: Map<string, T>): T[] => [...m.values()].sort((a, b) => (buildModelWork.steps++, a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    networks: sorted(byId.network),
    subnetworks: sorted(byId.subnetwork),
    firewalls: sorted(byId.firewall),
    firewallPolicies: sorted(byId.firewallPolicy),
    routes: sorted(byId.route),
    routers: sorted(byId.router),
    addresses: sorted(byId.address),
    connectors: sorted(byId.connector),
    workloads: sorted(byId.workload),
    commands: commandsOf(layers),
    coverage,
    loadNotes: loadNotes.sort(),
  };
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
  const list = Array.isArray(eff.raw.firewallPolicys) ? (eff.raw.firewallPolicys as Record<string, unknown>[]) : [];
  let depth = 0;
  list.forEach((raw, i) => {
    const pointer = `${eff.pointer}/firewallPolicys/${i}`;
    const error = validateRaw('firewallPolicy', raw);
    if (error) throw InputError.at(eff.file, pointer + error.pointer, error.message);
    const kind = POLICY_KINDS[String(raw.type)] ?? 'SYSTEM';
    const name = String(raw.name);
    const id =
      kind === 'HIERARCHY'
        ? `${COMPUTE}locations/global/firewallPolicies/${name}`
        : kind === 'NETWORK'
          ? computeName(project, 'firewallPolicies', name)
          : `${COMPUTE}projects/${project}/${kind === 'SYSTEM' ? 'system' : 'regional'}FirewallPolicies/${name}`;
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
  const files = await readInputFiles(request.paths);
  // Only a file that is not *.json can be a deploy script, and only then is deploy/sources.js (with the
  // shell parser under it) loaded to tell: part of the cold start of `egress-lint check` on snapshots
  // alone (npm run bench "cold start").
  const notJson = files.filter((f) => !f.file.endsWith('.json'));
  const { scriptKind } = notJson.length > 0 ? await import('../deploy/sources.js') : ({} as typeof import('../deploy/sources.js'));
  const scripts = notJson.filter((f) => scriptKind(f.file, f.text) !== undefined);
  const snapshots = files.filter((f) => !scripts.includes(f));
  const plans: InputFile[] = (request.plans ?? []).map((file) => ({ file, text: decode(file, readFileOrFail(file)) }));
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
    return buildModel([...parseDocuments(snapshots), ...exports], scripts.length + plans.length > 0 ? layers : undefined);
  } catch (err) {
    const exported = exports.find((e) => err instanceof InputError && e.file === err.file);
    const m = /^\/resources\/(\d+)(.*)$/.exec((err as InputError).pointer ?? '');
    // An error inside an exported asset points at its line of the export and its path in resource.data.
    if (exported && m) throw new InputError(exported.file, pointerToPath(m[2]!).replace(/^\$/, '$.resource.data'), (err as Error).message, exported.lines[Number(m[1])]);
    if (err instanceof InputError && err.pointer !== undefined && err.line === undefined) {
      const text = files.find((f) => f.file === err.file)?.text;
      if (text !== undefined) err.line = linesOfPointers(text, new Set([err.pointer])).get(err.pointer);
    }
    throw err;
  }
}
