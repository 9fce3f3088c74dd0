// Recognises what a parsed JSON document holds, by content: a single resource, an array of resources
// (gcloud list output), a REST list, a compute aggregated list, a getEffectiveFirewalls response or an
// egress-lint bundle. Only an empty array or `{}` cannot be recognised; then the file name decides.
import { basename } from 'node:path';
import { InputError, pointerSegment } from '../errors.js';
import type { Collection, CoverageEntry, CoverageFailure, SourceRef } from '../model.js';
import { projectInLink, segmentAfter } from '../names.js';
import { BUNDLE_KIND, BUNDLE_SCHEMA_VERSION } from './bundle.js';
import type { RawKind } from './schemas.js';
import { appendAll, table } from '../lookup.js';

export interface RawItem {
  kind: RawKind;
  raw: Record<string, unknown>;
  file: string;
  /** JSON pointer of the item in its file. */
  readonly pointer: string;
  /** Project named by the enclosing list, when the item itself does not say. */
  listProject?: string;
  /** The item's own project (itemProject), else listProject: worked out once, in recognise(). */
  project?: string;
}

/**
 * An item of a list, and the source of its resource: its pointer ("/items/12") is written out only when
 * asked for (an error, a finding's line), not for each of an organisation's resources, where the
 * strings were a tenth of the model's memory (npm run bench).
 */
class ListItem implements RawItem {
  constructor(
    readonly kind: RawKind,
    readonly raw: Record<string, unknown>,
    readonly file: string,
    readonly list: string,
    readonly index: number,
    readonly listProject: string | undefined,
    readonly project: string | undefined,
  ) {}
  get pointer(): string {
    return `${this.list}/${this.index}`;
  }
}

class ListedSource implements SourceRef {
  constructor(
    readonly file: string,
    private readonly list: string,
    private readonly index: number,
  ) {}
  get pointer(): string {
    return `${this.list}/${this.index}`;
  }
}

/** Where the item's resource comes from, for the model. */
export function sourceOf(item: RawItem): SourceRef {
  return item instanceof ListItem ? new ListedSource(item.file, item.list, item.index) : { file: item.file, pointer: item.pointer };
}

export interface EffectiveFirewalls {
  /** The response's firewallPolicys (its firewalls are items): not the whole response, whose raw firewalls can then go. */
  firewallPolicys: unknown;
  file: string;
  pointer: string;
  /** The network the response is for, from its rules or the file name (effective-firewalls-NETWORK.json). */
  networkHint?: string;
}

/** A list that was seen: its collection is complete for the project (and region, when the list says). */
export interface SeenList {
  collection: Collection;
  file: string;
  /** From the list's id/selfLink; undefined = derive from the items or the input's single project. */
  project?: string;
  region?: string;
  /** Projects of the items in the list. */
  itemProjects: string[];
}

export interface Recognised {
  items: RawItem[];
  /**
   * The VPC firewall rules inside getEffectiveFirewalls responses: copies of rules that a firewalls
   * list normally holds too, so buildModel reads them only for the rules no list holds.
   */
  effectiveItems: RawItem[];
  effective: EffectiveFirewalls[];
  lists: SeenList[];
  /** From bundles. */
  coverage: CoverageEntry[];
  failures: CoverageFailure[];
  projects: { projectId: string; projectNumber?: string }[];
}

const COMPUTE_KINDS: Record<string, RawKind> = table({
  'compute#network': 'network',
  'compute#subnetwork': 'subnetwork',
  'compute#firewall': 'firewall',
  'compute#route': 'route',
  'compute#router': 'router',
  'compute#address': 'address',
  'compute#firewallPolicy': 'firewallPolicy',
});

const KIND_COLLECTION: Record<RawKind, Collection> = {
  network: 'networks',
  subnetwork: 'subnetworks',
  firewall: 'firewalls',
  route: 'routes',
  router: 'routers',
  address: 'addresses',
  firewallPolicy: 'firewallPolicies',
  connector: 'connectors',
  runJobV2: 'jobs',
  runServiceV2: 'services',
  runV1: 'services', // Run v1 Jobs: see collectionOf()
};

function collectionOf(item: RawItem): Collection {
  return item.kind === 'runV1' && item.raw.kind === 'Job' ? 'jobs' : KIND_COLLECTION[item.kind];
}

/** Key of the items array inside a compute aggregated scope, and in file names. */
const COLLECTION_KIND: Partial<Record<string, RawKind>> = table({
  networks: 'network',
  subnetworks: 'subnetwork',
  firewalls: 'firewall',
  routes: 'route',
  routers: 'router',
  addresses: 'address',
  firewallPolicies: 'firewallPolicy',
  connectors: 'connector',
  services: 'runServiceV2',
  jobs: 'runJobV2',
});

const RUN_OR_CONNECTOR_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/(services|jobs|connectors|workerPools)\/[^/]+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The collection a file name stands for: networks.json, compute.routes.json, routers-europe-west4.json... */
export function collectionFromFileName(file: string): Collection | undefined {
  const stem = basename(file)
    .toLowerCase()
    .replace(/\.json$/, '');
  for (const word of stem.split(/[.\-_]/).reverse()) {
    if (word in COLLECTION_KIND) return word as Collection;
  }
  return undefined;
}

/** Kind of a single resource object, or undefined. */
export function kindOf(value: Record<string, unknown>): RawKind | undefined {
  const kind = value.kind;
  if (typeof kind === 'string' && kind in COMPUTE_KINDS) return COMPUTE_KINDS[kind];
  if (typeof value.apiVersion === 'string' && isObject(value.metadata)) {
    if (value.apiVersion === 'serving.knative.dev/v1' && kind === 'Service') return 'runV1';
    if (value.apiVersion === 'run.googleapis.com/v1' && kind === 'Job') return 'runV1';
    return undefined;
  }
  if (typeof value.name === 'string') {
    const m = RUN_OR_CONNECTOR_NAME.exec(value.name);
    if (m) return m[3] === 'connectors' ? 'connector' : m[3] === 'jobs' ? 'runJobV2' : m[3] === 'services' ? 'runServiceV2' : undefined;
  }
  return undefined;
}

/** projects/P[/regions/R] from a list id or selfLink ("projects/p/regions/r/routers/", ".../aggregated/subnetworks"). */
function listScope(value: Record<string, unknown>): { project?: string; region?: string } {
  const id = typeof value.selfLink === 'string' ? value.selfLink : typeof value.id === 'string' ? value.id : '';
  const m = /projects\/([^/]+)(?:\/regions\/([^/]+))?/.exec(id);
  return m ? { project: m[1], region: m[2] } : {};
}

/** The project a raw item names itself (selfLink or name); undefined when it does not. */
function itemProject(kind: RawKind, raw: Record<string, unknown>): string | undefined {
  if (kind === 'runV1') return undefined; // namespace is often a project number; resolved later
  const link = typeof raw.selfLink === 'string' ? raw.selfLink : typeof raw.name === 'string' ? raw.name : '';
  const own = segmentAfter(link, 'projects/', { followedBySlash: true, atSegmentStart: true });
  if (own) return own;
  // Compute resources without selfLink (gcloud-made or hand-written): the network's project.
  if (typeof raw.network === 'string') return projectInLink(raw.network);
  return undefined;
}

export function recognise(file: string, value: unknown): Recognised {
  const out: Recognised = { items: [], effectiveItems: [], effective: [], lists: [], coverage: [], failures: [], projects: [] };
  function fail(pointer: string, message: string): never {
    throw InputError.at(file, pointer, message);
  }
  const byName = () => collectionFromFileName(file);

  const addList = (collection: Collection, items: RawItem[], scope: { project?: string; region?: string }) => {
    // item.project falls back to listProject, which is scope.project: read only when scope.project is undefined.
    const itemProjects = [...new Set(items.map((i) => i.project).filter((p): p is string => !!p))];
    out.lists.push({ collection, file, project: scope.project, region: scope.region, itemProjects });
  };

  /** Items of a list; each recognised by content, else by the list's collection. */
  const listItems = (arr: unknown[], pointer: string, fallback: RawKind | undefined, listProject?: string, into = out.items): RawItem[] => {
    const items: RawItem[] = [];
    arr.forEach((v, i) => {
      if (!isObject(v)) fail(`${pointer}/${i}`, `expected a resource object, found ${v === null ? 'null' : typeof v}`);
      const kind = kindOf(v) ?? fallback;
      if (!kind)
        fail(`${pointer}/${i}`, 'not a recognised Google Cloud resource (expected a compute object with "kind", a Cloud Run or connector object with a "name" like projects/P/locations/R/jobs/J, or a Run v1 object)');
      items.push(new ListItem(kind!, v, file, pointer, i, listProject, itemProject(kind!, v) ?? listProject));
    });
    appendAll(into, items);
    return items;
  };

  if (Array.isArray(value)) {
    const first = value.find(isObject);
    const fallback = first ? kindOf(first) : COLLECTION_KIND[byName() ?? ''];
    if (value.length === 0) {
      const collection = byName();
      if (!collection) fail('', emptyMessage(file));
      out.lists.push({ collection: collection!, file, itemProjects: [] });
      return out;
    }
    const items = listItems(value, '', fallback);
    const kinds = new Set(items.map(collectionOf));
    for (const collection of kinds) addList(collection, items.filter((i) => collectionOf(i) === collection), {});
    return out;
  }
  if (!isObject(value)) return fail('', `expected a JSON object or array, found ${value === null ? 'null' : typeof value}`);

  if (value.kind === BUNDLE_KIND) return recogniseBundle(file, value, out, listItems, fail);

  if (Array.isArray(value.firewallPolicys) || (Array.isArray(value.firewalls) && !('kind' in value))) {
    const firewalls = Array.isArray(value.firewalls) ? value.firewalls : [];
    listItems(firewalls, '/firewalls', 'firewall', undefined, out.effectiveItems);
    const fromRules = firewalls.find((f): f is Record<string, unknown> => isObject(f) && typeof f.network === 'string');
    const fromName = /effective[-_]firewalls?[-_.](.+)\.json$/i.exec(basename(file))?.[1];
    out.effective.push({
      firewallPolicys: value.firewallPolicys,
      file,
      pointer: '',
      networkHint: (fromRules?.network as string | undefined) ?? fromName,
    });
    return out;
  }

  const single = kindOf(value);
  if (single) {
    out.items.push({ kind: single, raw: value, file, pointer: '', project: itemProject(single, value) });
    return out;
  }

  // REST list responses.
  const scope = listScope(value);
  for (const key of ['services', 'jobs', 'connectors'] as const) {
    if (Array.isArray(value[key])) {
      const items = listItems(value[key], `/${key}`, COLLECTION_KIND[key]);
      addList(key, items, scope);
      return out;
    }
  }
  if (Array.isArray(value.items)) {
    const listKind = typeof value.kind === 'string' ? COMPUTE_KINDS[value.kind.replace(/List$/, '')] : undefined;
    const fromId = typeof value.id === 'string' ? COLLECTION_KIND[value.id.replace(/\/+$/, '').split('/').pop() ?? ''] : undefined;
    const fallback = listKind ?? fromId ?? COLLECTION_KIND[byName() ?? ''];
    const items = listItems(value.items, '/items', fallback, scope.project);
    const collection = fallback ? KIND_COLLECTION[fallback] : items[0] ? collectionOf(items[0]) : byName();
    if (!collection) fail('/items', emptyMessage(file));
    addList(collection!, items, scope);
    return out;
  }
  if (isObject(value.items)) {
    // Aggregated list: {"items": {"regions/r": {"subnetworks": [...]}, "global": {...}}}
    let collection: Collection | undefined;
    const all: RawItem[] = [];
    for (const [scopeKey, scoped] of Object.entries(value.items)) {
      const p = `/items/${pointerSegment(scopeKey)}`;
      if (!isObject(scoped)) fail(p, 'expected an object of the form {"subnetworks": [...]} in an aggregated list');
      for (const [key, arr] of Object.entries(scoped as Record<string, unknown>)) {
        if (key === 'warning') continue;
        const kind = COLLECTION_KIND[key];
        if (!kind || !Array.isArray(arr)) continue;
        collection = KIND_COLLECTION[kind];
        appendAll(all, listItems(arr, `${p}/${pointerSegment(key)}`, kind, scope.project));
      }
    }
    collection ??= aggregatedCollection(value) ?? byName();
    if (!collection) fail('/items', emptyMessage(file));
    addList(collection!, all, { project: scope.project });
    return out;
  }
  if (typeof value.kind === 'string' && /^compute#\w+(Aggregated)?List$/.test(value.kind)) {
    // An empty compute list omits "items" altogether.
    const kind = COMPUTE_KINDS[value.kind.replace(/(Aggregated)?List$/, '')];
    if (kind) {
      out.lists.push({ collection: KIND_COLLECTION[kind], file, project: scope.project, region: scope.region, itemProjects: [] });
      return out;
    }
  }
  if (Object.keys(value).length === 0 || (Object.keys(value).every((k) => k === 'nextPageToken' || k === 'unreachable'))) {
    // The Run and connector APIs return {} for an empty list.
    const collection = byName();
    if (!collection) fail('', emptyMessage(file));
    out.lists.push({ collection: collection!, file, itemProjects: [] });
    return out;
  }
  return fail('', 'not a recognised Google Cloud API response (expected a resource, a list with "items", "services", "jobs" or "connectors", an aggregated list, a getEffectiveFirewalls response or an egress-lint snapshot)');
}

function aggregatedCollection(value: Record<string, unknown>): Collection | undefined {
  const m = typeof value.kind === 'string' ? /^compute#(\w+)AggregatedList$/.exec(value.kind) : null;
  if (m) {
    // A kind egress-lint reads names its collection ("compute#addressAggregatedList": addresses, not "addresss").
    const kind = COMPUTE_KINDS[`compute#${m[1]}`];
    return kind ? KIND_COLLECTION[kind] : (`${m[1]}s` as Collection);
  }
  const id = typeof value.id === 'string' ? value.id.split('/').pop() : undefined;
  return id && id in COLLECTION_KIND ? (id as Collection) : undefined;
}

function emptyMessage(file: string): string {
  return `an empty list cannot be recognised by content; name the file after its collection (networks.json, subnetworks.json, firewalls.json, routes.json, routers.json, addresses.json, connectors.json, services.json or jobs.json, optionally prefixed like compute.routes.json): "${basename(file)}"`;
}

function recogniseBundle(
  file: string,
  value: Record<string, unknown>,
  out: Recognised,
  listItems: (arr: unknown[], pointer: string, fallback: RawKind | undefined, listProject?: string, into?: RawItem[]) => RawItem[],
  fail: (pointer: string, message: string) => never,
): Recognised {
  if (value.schemaVersion !== BUNDLE_SCHEMA_VERSION)
    fail('/schemaVersion', `unsupported egress-lint snapshot version ${JSON.stringify(value.schemaVersion)}; this egress-lint reads version ${BUNDLE_SCHEMA_VERSION}`);
  for (const key of ['coverage', 'failures', 'projects', 'resources'] as const)
    if (!Array.isArray(value[key])) fail(`/${key}`, 'expected an array');
  (value.resources as unknown[]).forEach((r, i) => {
    const p = `/resources/${i}`;
    if (isObject(r) && (Array.isArray(r.firewallPolicys) || (Array.isArray(r.firewalls) && typeof r.network === 'string'))) {
      // getEffectiveFirewalls responses are stored with the network they belong to.
      listItems(Array.isArray(r.firewalls) ? r.firewalls : [], `${p}/firewalls`, 'firewall', undefined, out.effectiveItems);
      out.effective.push({ firewallPolicys: r.firewallPolicys, file, pointer: p, networkHint: typeof r.network === 'string' ? r.network : undefined });
    } else {
      const kind = isObject(r) ? kindOf(r) : undefined;
      if (!kind) fail(p, 'not a recognised Google Cloud resource');
      out.items.push({ kind: kind!, raw: r as Record<string, unknown>, file, pointer: p, project: itemProject(kind!, r as Record<string, unknown>) });
    }
  });
  const entries = (key: 'coverage' | 'failures') =>
    (value[key] as unknown[]).map((e, i) => {
      if (!isObject(e) || typeof e.collection !== 'string' || typeof e.project !== 'string')
        fail(`/${key}/${i}`, 'expected {"collection": ..., "project": ..., "region"?: ...}');
      const entry = e as Record<string, string>;
      return { ...entry, collection: entry.collection as Collection } as CoverageFailure;
    });
  appendAll(out.coverage, entries('coverage'));
  appendAll(out.failures, entries('failures'));
  for (const p of value.projects as unknown[]) if (isObject(p) && typeof p.projectId === 'string') out.projects.push(p as { projectId: string; projectNumber?: string });
  return out;
}
