// The live collector: reads one or more projects through the Google APIs (read-only list/get calls) and returns a
// snapshot Bundle of raw REST resources, with what was covered and what failed (and how to fix it).
//
// Round trips are kept flat: every project-wide list starts at once, per-location lists start as soon as the
// locations are known, effective firewalls as soon as the networks are, and Shared VPC host projects found in the
// first pass are collected in one more pass. Calls go through one bounded queue and one retry policy.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallOptions } from 'google-gax';
import { BUNDLE_KIND, BUNDLE_SCHEMA_VERSION, type Bundle } from '../load/bundle.js';
import { COLLECTIONS, type Collection, type CoverageEntry, type CoverageFailure } from '../model.js';
import { COMPUTE, RUN, VPCACCESS, projectOf, regionOf, resolveComputeRef, resolveConnectorRef } from '../names.js';
import { LiveSetupError, getClients, type Clients } from './clients.js';
import { redactRunResource } from './redact.js';
import { RequestQueue, type GaxErrorLike, type Page } from './requests.js';
import { protoRoot, toRestJson } from './rest-json.js';

export interface CollectOptions {
  /** Project ids to collect. */
  projects: string[];
  /** Restrict the per-location lists (connectors, Run services and jobs) to these regions; default: every location. */
  regions?: string[];
  /** Also collect the networking of Shared VPC host projects that workloads or connectors refer to. */
  follow: boolean;
  /** EGRESS_LINT_ENDPOINT_* are read from here (usually process.env). */
  env: NodeJS.ProcessEnv;
  /** Requests in flight at most (default 16). */
  concurrency?: number;
  /** Per-request timeout (default 30 s); a request and its retries never take longer than twice this. */
  timeoutMs?: number;
  onProgress?: (msg: string) => void;
}

type Api = 'compute' | 'vpcaccess' | 'run';
type Json = Record<string, unknown>;

const COMPUTE_PAGE = 500;
const PAGE = 100;
const STATUS_NAMES: Record<number, string> = {
  1: 'CANCELLED', 2: 'UNKNOWN', 3: 'INVALID_ARGUMENT', 4: 'DEADLINE_EXCEEDED', 5: 'NOT_FOUND', 7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED', 9: 'FAILED_PRECONDITION', 12: 'UNIMPLEMENTED', 13: 'INTERNAL', 14: 'UNAVAILABLE', 16: 'UNAUTHENTICATED',
};

const SERVICE: Record<Api, string> = { compute: 'compute.googleapis.com', vpcaccess: 'vpcaccess.googleapis.com', run: 'run.googleapis.com' };
const VIEWER_ROLE: Record<Api, string> = { compute: 'roles/compute.networkViewer', vpcaccess: 'roles/vpcaccess.viewer', run: 'roles/run.viewer' };
const PERMISSION: Record<Collection, string> = {
  networks: 'compute.networks.list',
  subnetworks: 'compute.subnetworks.list',
  firewalls: 'compute.firewalls.list',
  routes: 'compute.routes.list',
  routers: 'compute.routers.list',
  addresses: 'compute.globalAddresses.list',
  firewallPolicies: 'compute.networkFirewallPolicies.list',
  effectiveFirewalls: 'compute.networks.getEffectiveFirewalls',
  connectors: 'vpcaccess.connectors.list',
  services: 'run.services.list',
  jobs: 'run.jobs.list',
};
const API_OF: Record<Collection, Api> = {
  networks: 'compute', subnetworks: 'compute', firewalls: 'compute', routes: 'compute', routers: 'compute', addresses: 'compute',
  firewallPolicies: 'compute', effectiveFirewalls: 'compute', connectors: 'vpcaccess', services: 'run', jobs: 'run',
};

/** Aggregated compute lists: items by scope ("regions/r", "global"), and the scopes that could not be read. */
interface AggregatedPage extends Page {
  items?: Record<string, Json> | null;
  unreachables?: string[] | null;
}
type RawCall = (request: object, options: CallOptions) => Promise<[unknown, unknown, AggregatedPage]>;

export function describeFailure(err: unknown, collection: Collection, project: string, region?: string): CoverageFailure {
  const api = API_OF[collection];
  const e = err as GaxErrorLike;
  const message = String(e.message ?? err).split('\n')[0]!.slice(0, 300);
  const where: CoverageEntry = { collection, project, ...(region === undefined ? {} : { region }) };
  if (e.reason === 'SERVICE_DISABLED' || /SERVICE_DISABLED|has not been used in project|is disabled/.test(message)) {
    return {
      ...where,
      reason: `SERVICE_DISABLED: ${SERVICE[api]} is not enabled in project ${project}`,
      fix: `gcloud services enable ${SERVICE[api]} --project ${project}`,
    };
  }
  if (e.code === 7 || e.httpStatusCode === 403) {
    const permission = e.errorInfoMetadata?.permission ?? PERMISSION[collection];
    return {
      ...where,
      reason: `PERMISSION_DENIED${e.reason ? ` (${e.reason})` : ''}: ${permission} on project ${project}: ${message}`,
      fix: `gcloud projects add-iam-policy-binding ${project} --member=user:YOUR_EMAIL --role=${VIEWER_ROLE[api]}`,
    };
  }
  if (e.code === 16 || e.httpStatusCode === 401) {
    return { ...where, reason: `UNAUTHENTICATED: ${message}`, fix: 'gcloud auth application-default login' };
  }
  const status = typeof e.code === 'number' ? STATUS_NAMES[e.code] ?? `code ${e.code}` : 'ERROR';
  return { ...where, reason: `${status}: ${message}` };
}

function entryOrder(a: CoverageEntry, b: CoverageEntry): number {
  return (
    a.project.localeCompare(b.project) ||
    COLLECTIONS.indexOf(a.collection) - COLLECTIONS.indexOf(b.collection) ||
    (a.region ?? '').localeCompare(b.region ?? '')
  );
}

/** Full name used as the sort and dedup key of a compute resource: its self link from "projects/" on. */
export function computeKey(selfLink: unknown, fallback: string): string {
  const s = typeof selfLink === 'string' ? selfLink : '';
  const i = s.indexOf('/projects/');
  return i >= 0 ? `${COMPUTE}${s.slice(i + 1)}` : fallback;
}

const last = (s: string) => s.slice(s.lastIndexOf('/') + 1);

export async function toolVersion(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'egress-lint' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    const up = dirname(dir);
    if (up === dir) return '0.0.0';
    dir = up;
  }
}

class Collector {
  private readonly resources = new Map<string, unknown>();
  private readonly coverage: CoverageEntry[] = [];
  private readonly failures: CoverageFailure[] = [];
  private readonly numbers = new Map<string, string>();
  private readonly locationLists = new Map<string, Promise<string[] | undefined>>();
  private readonly queue: RequestQueue;
  private readonly progress: (msg: string) => void;

  constructor(private readonly clients: Clients, private readonly opts: CollectOptions) {
    this.queue = new RequestQueue(Math.max(1, opts.concurrency ?? 16), opts.timeoutMs ?? 30_000);
    this.progress = opts.onProgress ?? (() => {});
  }

  async run(): Promise<Bundle> {
    const collected = new Set(this.opts.projects);
    await Promise.all(this.opts.projects.map((p) => this.collectProject(p)));
    for (let hosts = this.referencedProjects(collected); hosts.size > 0; hosts = this.referencedProjects(collected)) {
      if (!this.opts.follow) {
        this.progress(`not following Shared VPC host project(s) ${[...hosts.keys()].join(', ')} (--no-follow)`);
        break;
      }
      await Promise.all(
        [...hosts].map(([host, regions]) => {
          collected.add(host);
          this.progress(`${host}: Shared VPC host project, collecting its networking`);
          return Promise.all([this.collectCompute(host), regions.size > 0 ? this.collectConnectors(host, [...regions].sort()) : undefined]);
        }),
      );
    }
    const keys = [...this.resources.keys()].sort();
    return {
      kind: BUNDLE_KIND,
      schemaVersion: BUNDLE_SCHEMA_VERSION,
      tool: { name: 'egress-lint', version: await toolVersion() },
      coverage: this.coverage.sort(entryOrder),
      failures: this.failures.sort(entryOrder),
      projects: [...collected].sort().map((projectId) => {
        const projectNumber = this.numbers.get(projectId);
        return projectNumber === undefined ? { projectId } : { projectId, projectNumber };
      }),
      resources: keys.map((k) => this.resources.get(k)),
    };
  }

  private collectProject(project: string): Promise<unknown> {
    this.progress(`${project}: collecting`);
    return Promise.all([this.collectCompute(project), this.collectConnectors(project, this.opts.regions), this.collectRun(project)]);
  }

  // --- requests: one queue, one retry policy ---

  private request<T>(fn: (options: CallOptions) => Promise<T>): Promise<T> {
    return this.queue.request(fn);
  }

  /** Every page of a list, following nextPageToken. */
  private async pages<P extends Page>(fetch: (pageToken: string | undefined, options: CallOptions) => Promise<P>): Promise<P[]> {
    const out: P[] = [];
    await this.queue.pages(fetch, (page) => out.push(page));
    return out;
  }

  /** Runs the collection of one (collection, project[, region]); records coverage, or a failure and carries on. */
  private async guarded(collection: Collection, project: string, region: string | undefined, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      this.coverage.push({ collection, project, ...(region === undefined ? {} : { region }) });
    } catch (err) {
      this.fail(err, collection, project, region);
    }
  }

  private fail(err: unknown, collection: Collection, project: string, region?: string): void {
    if (err instanceof LiveSetupError) throw err;
    const failure = describeFailure(err, collection, project, region);
    this.failures.push(failure);
    this.progress(`${project}${region ? `/${region}` : ''}: ${collection} not collected: ${failure.reason}`);
  }

  // --- compute ---

  private collectCompute(project: string): Promise<unknown> {
    const c = this.clients;
    const root = protoRoot(c.networks);
    const rest = (type: string, v: object) => toRestJson(root, `google.cloud.compute.v1.${type}`, v);
    const add = (collection: string, type: string, item: object) => {
      const json = rest(type, item);
      this.resources.set(computeKey(json.selfLink, `${COMPUTE}projects/${project}/${collection}/${String(json.name)}`), json);
    };
    const global = async <P extends Page & { items?: object[] | null }>(
      collection: Collection,
      type: string,
      fetch: (pageToken: string | undefined, options: CallOptions) => Promise<P>,
    ) => {
      for (const page of await this.pages(fetch)) for (const item of page.items ?? []) add(collection, type, item);
    };
    const base = { project, maxResults: COMPUTE_PAGE };
    const networks = this.pages(async (pageToken, o) => (await c.networks.list({ ...base, pageToken }, o))[2]).then((pages) =>
      pages.flatMap((p) => (p.items ?? []).map((n) => rest('Network', n))),
    );
    return Promise.all([
      this.guarded('networks', project, undefined, async () => {
        for (const n of await networks) this.resources.set(computeKey(n.selfLink, `${COMPUTE}projects/${project}/global/networks/${String(n.name)}`), n);
      }),
      this.guarded('effectiveFirewalls', project, undefined, async () => {
        const nets = await networks;
        await Promise.all(nets.map(async (n) => {
          const [resp] = await this.request((o) => c.networks.getEffectiveFirewalls({ project, network: String(n.name) }, o));
          const key = `${computeKey(n.selfLink, `${COMPUTE}projects/${project}/global/networks/${String(n.name)}`)}#effectiveFirewalls`;
          this.resources.set(key, { kind: 'egress-lint#effectiveFirewalls', network: n.selfLink, ...rest('NetworksGetEffectiveFirewallsResponse', resp) });
        }));
      }),
      this.guarded('firewalls', project, undefined, () =>
        global('firewalls', 'Firewall', async (pageToken, o) => (await c.firewalls.list({ ...base, pageToken }, o))[2])),
      this.guarded('routes', project, undefined, () =>
        global('routes', 'Route', async (pageToken, o) => (await c.routes.list({ ...base, pageToken }, o))[2])),
      this.guarded('addresses', project, undefined, () =>
        global('addresses', 'Address', async (pageToken, o) =>
          (await c.globalAddresses.list({ ...base, filter: 'purpose="VPC_PEERING"', pageToken }, o))[2])),
      this.aggregated('subnetworks', 'Subnetwork', project, c.subnetworks, add),
      this.aggregated('routers', 'Router', project, c.routers, add),
      this.aggregated('firewallPolicies', 'FirewallPolicy', project, c.firewallPolicies, add),
    ]);
  }

  /**
   * An aggregated list, read page by page through the raw call because the iterator drops `unreachables`.
   * Complete → project-wide coverage; with unreachable regions → coverage per region read, a failure per region not.
   */
  private async aggregated(
    collection: Collection,
    type: string,
    project: string,
    client: { initialize(): Promise<unknown>; innerApiCalls: Record<string, unknown> },
    add: (collection: string, type: string, item: object) => void,
  ): Promise<void> {
    const scopes = new Set<string>();
    const unreachable = new Set<string>();
    try {
      await client.initialize();
      const call = client.innerApiCalls.aggregatedList as RawCall;
      const pages = await this.pages(async (pageToken, o) => (await call({ project, maxResults: COMPUTE_PAGE, pageToken }, o))[2]);
      for (const page of pages) {
        for (const [scope, list] of Object.entries(page.items ?? {})) {
          scopes.add(scope);
          for (const item of (list[collection] as object[] | undefined) ?? []) add(collection, type, item);
        }
        for (const u of page.unreachables ?? []) unreachable.add(u);
      }
    } catch (err) {
      this.fail(err, collection, project);
      return;
    }
    if (unreachable.size === 0) {
      this.coverage.push({ collection, project });
      return;
    }
    for (const scope of [...scopes].filter((s) => s.startsWith('regions/') && !unreachable.has(s))) {
      this.coverage.push({ collection, project, region: last(scope) });
    }
    for (const u of unreachable) {
      this.failures.push({ collection, project, region: last(u), reason: `UNAVAILABLE: ${u} was unreachable when listing ${collection}` });
    }
  }

  // --- per-location lists ---

  /** The locations an API offers to the project (listed once per API and project), or the --region list. */
  private locations(api: 'vpcaccess' | 'run', project: string, dependents: Collection[]): Promise<string[] | undefined> {
    if (this.opts.regions) return Promise.resolve([...this.opts.regions].sort());
    const key = `${api}|${project}`;
    let list = this.locationLists.get(key);
    if (!list) {
      const client = api === 'vpcaccess' ? this.clients.vpcAccess.locationsClient : this.clients.services.locationsClient;
      list = this.pages(async (pageToken, o) => (await client.listLocations({ name: `projects/${project}`, pageSize: PAGE, pageToken }, o))[2])
        .then((pages) => pages.flatMap((p) => (p.locations ?? []).map((l) => String(l.locationId))).sort())
        .catch((err: unknown) => {
          for (const collection of dependents) this.fail(err, collection, project);
          return undefined;
        });
      this.locationLists.set(key, list);
    }
    return list;
  }

  private async collectConnectors(project: string, regions: string[] | undefined): Promise<void> {
    const list = regions ?? (await this.locations('vpcaccess', project, ['connectors']));
    const root = protoRoot(this.clients.vpcAccess);
    await Promise.all((list ?? []).map((region) =>
      this.guarded('connectors', project, region, async () => {
        const pages = await this.pages(async (pageToken, o) =>
          (await this.clients.vpcAccess.listConnectors({ parent: `projects/${project}/locations/${region}`, pageSize: PAGE, pageToken }, o))[2]);
        for (const connector of pages.flatMap((p) => p.connectors ?? [])) {
          const json = toRestJson(root, 'google.cloud.vpcaccess.v1.Connector', connector);
          this.resources.set(`${VPCACCESS}${String(json.name)}`, json);
        }
      })));
  }

  private async collectRun(project: string): Promise<void> {
    const list = await this.locations('run', project, ['services', 'jobs']);
    const root = protoRoot(this.clients.services);
    const add = (type: 'Service' | 'Job', item: object) => {
      const json = redactRunResource(toRestJson(root, `google.cloud.run.v2.${type}`, item));
      const name = String(json.name);
      this.resources.set(`${RUN}${name}`, json);
      const number = [json.uri, ...(Array.isArray(json.urls) ? json.urls : [])]
        .map((u) => new RegExp(`^https://[a-z0-9-]+-(\\d+)\\.${regionOf(name)}\\.run\\.app/?$`).exec(String(u))?.[1])
        .find((n) => n !== undefined);
      const project = projectOf(`/${name}`);
      if (number && project) this.numbers.set(project, number);
    };
    await Promise.all((list ?? []).flatMap((region) => {
      const parent = `projects/${project}/locations/${region}`;
      return [
        this.guarded('services', project, region, async () => {
          const pages = await this.pages(async (pageToken, o) => (await this.clients.services.listServices({ parent, pageSize: PAGE, pageToken }, o))[2]);
          for (const s of pages.flatMap((p) => p.services ?? [])) add('Service', s);
        }),
        this.guarded('jobs', project, region, async () => {
          const pages = await this.pages(async (pageToken, o) => (await this.clients.jobs.listJobs({ parent, pageSize: PAGE, pageToken }, o))[2]);
          for (const j of pages.flatMap((p) => p.jobs ?? [])) add('Job', j);
        }),
      ];
    }));
  }

  // --- Shared VPC ---

  /** Projects referred to by collected workloads and connectors but not collected yet, with the connector regions needed there. */
  private referencedProjects(collected: Set<string>): Map<string, Set<string>> {
    const found = new Map<string, Set<string>>();
    const need = (project: string | undefined, connectorRegion?: string) => {
      if (project === undefined || collected.has(project)) return;
      const regions = found.get(project) ?? new Set<string>();
      if (connectorRegion) regions.add(connectorRegion);
      found.set(project, regions);
    };
    for (const [key, value] of this.resources) {
      const r = value as Json;
      const name = String(r.name);
      const ctx = { project: projectOf(`/${name}`) ?? '', region: regionOf(`/${name}`) ?? '' };
      if (key.startsWith(RUN)) {
        const template = r.template as { vpcAccess?: VpcAccess; template?: { vpcAccess?: VpcAccess } } | undefined;
        const vpc = template?.vpcAccess ?? template?.template?.vpcAccess;
        const connector = resolveConnectorRef(vpc?.connector, ctx);
        if (connector) need(projectOf(connector), regionOf(connector));
        for (const nic of vpc?.networkInterfaces ?? []) {
          need(projectOf(resolveComputeRef(nic.subnetwork, 'subnetworks', ctx) ?? ''));
          need(projectOf(resolveComputeRef(nic.network, 'networks', ctx) ?? ''));
        }
      } else if (key.startsWith(VPCACCESS)) {
        need((r.subnet as { projectId?: string } | undefined)?.projectId);
      }
    }
    return found;
  }
}

interface VpcAccess {
  connector?: string;
  networkInterfaces?: { network?: string; subnetwork?: string }[];
}

/** Collects a snapshot of the given projects. Throws LiveSetupError (user-facing) for bad endpoints or missing credentials. */
export async function collectSnapshot(opts: CollectOptions): Promise<Bundle> {
  const clients = await getClients(opts.env);
  return new Collector(clients, opts).run();
}
