// A local REST emulator for the Google APIs egress-lint reads: compute v1, vpcaccess v1, run v2 and Cloud Asset v1
// (listAssets of an organisation or folder, served from the same world). Plain HTTP on 127.0.0.1, one listener per
// API (vpcaccess and run both serve /v1/projects/P/locations; asset serves /v1/{organizations|folders}/N/assets),
// Google-style pagination and error bodies, fault injection and a request log. It never contacts anything.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PROJECT_NUMBERS, type ProjectData, type World } from './data/world.js';

export type Api = 'compute' | 'vpcaccess' | 'run' | 'asset';
export const APIS: readonly Api[] = ['compute', 'vpcaccess', 'run', 'asset'];

export interface Fault {
  api?: Api;
  /** Matched against the request path (no query). */
  path: RegExp;
  /** HTTP status to answer with (403, 429, 503...). */
  status?: number;
  /** ErrorInfo reason, e.g. IAM_PERMISSION_DENIED or SERVICE_DISABLED. */
  reason?: string;
  /** Seconds, sent as Retry-After and as a google.rpc.RetryInfo detail. */
  retryAfterS?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Inject this many times, then serve normally; unlimited when absent. */
  times?: number;
}

export interface LoggedRequest {
  api: Api;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Milliseconds since the emulator started. */
  start: number;
  end?: number;
  authorization: boolean;
  status?: number;
}

export interface EmulatorOptions {
  /** Largest page served whatever the client asks for (default 2, to force several pages). */
  maxPageSize?: number;
  /** Delay before every answer. */
  latencyMs?: number;
  faults?: Fault[];
  /** Scopes (e.g. "regions/us-central1") reported in `unreachables` by compute aggregated lists, whose items are then left out. */
  unreachables?: string[];
  /** Shape of Cloud Run asset data: v2 (as the Run v2 API) or v1 Knative (default v2). */
  runAssetShape?: 'v1' | 'v2';
}

export interface Emulator {
  ports: Record<Api, number>;
  /** EGRESS_LINT_ENDPOINT_* variables pointing the clients here. */
  env: Record<string, string>;
  log: LoggedRequest[];
  faults: Fault[];
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const API_SERVICE: Record<Api, string> = {
  compute: 'compute.googleapis.com',
  vpcaccess: 'vpcaccess.googleapis.com',
  run: 'run.googleapis.com',
  asset: 'cloudasset.googleapis.com',
};

export function googleError(api: Api, status: number, message: string, reason?: string, retryAfterS?: number): Answer {
  const details: unknown[] = [];
  if (reason !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason,
      domain: reason === 'SERVICE_DISABLED' ? 'googleapis.com' : 'iam.googleapis.com',
      metadata: { service: API_SERVICE[api], consumer: 'projects/000000000000' },
    });
  }
  if (retryAfterS !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterS}s` });
  }
  return {
    status,
    body: { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN', details } },
    headers: retryAfterS === undefined ? undefined : { 'retry-after': String(retryAfterS) },
  };
}

function page(items: unknown[], query: Record<string, string>, sizeParam: string, maxPageSize: number) {
  const asked = Number(query[sizeParam] ?? maxPageSize);
  const size = Math.max(1, Math.min(asked > 0 ? asked : maxPageSize, maxPageSize));
  const offset = query.pageToken ? Number(query.pageToken.replace(/^PAGE-/, '')) : 0;
  const next = offset + size < items.length ? `PAGE-${offset + size}` : undefined;
  return { slice: items.slice(offset, offset + size), next };
}

function listAnswer(field: string, items: unknown[], query: Record<string, string>, sizeParam: string, max: number): Answer {
  const { slice, next } = page(items, query, sizeParam, max);
  return { status: 200, body: { [field]: slice, ...(next ? { nextPageToken: next } : {}) } };
}

/** Compute aggregated lists page over (scope, item) pairs and regroup each page by scope. */
function aggregatedAnswer(field: string, all: Record<string, unknown>[], query: Record<string, string>, max: number, unreachables: string[]): Answer {
  const scopeOf = (item: Record<string, unknown>) =>
    typeof item.region === 'string' ? `regions/${item.region.slice(item.region.lastIndexOf('/') + 1)}` : 'global';
  const { slice, next } = page(all.filter((i) => !unreachables.includes(scopeOf(i))), query, 'maxResults', max);
  const byScope: Record<string, Record<string, unknown[]>> = {};
  for (const item of slice as Record<string, unknown>[]) (byScope[scopeOf(item)] ??= { [field]: [] })[field]!.push(item);
  const extra = unreachables.length > 0 && !query.pageToken ? { unreachables } : {};
  return { status: 200, body: { items: byScope, ...extra, ...(next ? { nextPageToken: next } : {}) } };
}

/** The only filter the collector sends: field="value". */
function applyFilter(items: Record<string, unknown>[], filter: string | undefined): Record<string, unknown>[] {
  const m = filter === undefined ? null : /^(\w+)\s*=\s*"?([^"]*)"?$/.exec(filter.trim());
  return m ? items.filter((i) => i[m[1]!] === m[2]) : items;
}

const inLocation = (location: string) => (r: Record<string, unknown>) => String(r.name).includes(`/locations/${location}/`);

const ASSET_TYPES: Record<string, keyof ProjectData> = {
  'compute.googleapis.com/Network': 'networks',
  'compute.googleapis.com/Subnetwork': 'subnetworks',
  'compute.googleapis.com/Firewall': 'firewalls',
  'compute.googleapis.com/Route': 'routes',
  'compute.googleapis.com/Router': 'routers',
  'compute.googleapis.com/GlobalAddress': 'addresses',
  'compute.googleapis.com/NetworkFirewallPolicy': 'firewallPolicies',
  'vpcaccess.googleapis.com/Connector': 'connectors',
  'run.googleapis.com/Service': 'services',
  'run.googleapis.com/Job': 'jobs',
};

type Json = Record<string, any>;

/** A Run v2 Service or Job as Run v1 (Knative) data, without the location label (the asset name carries it). */
function runV1(kind: 'Service' | 'Job', v2: Json): Json {
  const [, project, , , name] = /^projects\/([^/]+)\/locations\/([^/]+)\/(services|jobs)\/(.+)$/.exec(v2.name)!;
  const template: Json = kind === 'Job' ? v2.template.template : v2.template;
  const vpc: Json = template.vpcAccess ?? {};
  const annotations = {
    ...(vpc.connector ? { 'run.googleapis.com/vpc-access-connector': vpc.connector } : {}),
    ...(vpc.egress ? { 'run.googleapis.com/vpc-access-egress': vpc.egress === 'ALL_TRAFFIC' ? 'all-traffic' : 'private-ranges-only' } : {}),
    ...(vpc.networkInterfaces ? { 'run.googleapis.com/network-interfaces': JSON.stringify(vpc.networkInterfaces) } : {}),
  };
  const containers = (template.containers as Json[]).map(({ env, ...c }) => ({
    ...c,
    env: (env as Json[]).map(({ valueSource, ...e }) => (valueSource ? { ...e, valueFrom: valueSource } : e)),
  }));
  const pod = { serviceAccountName: template.serviceAccount, containers };
  return {
    apiVersion: kind === 'Job' ? 'run.googleapis.com/v1' : 'serving.knative.dev/v1',
    kind,
    metadata: { name, namespace: PROJECT_NUMBERS[project!] },
    spec: { template: { metadata: { annotations }, spec: kind === 'Job' ? { template: { spec: pod } } : pod } },
  };
}

/** Every asset of the world, in name order: the organisation (and any folder) holds every project. */
function assets(world: World, assetType: string, runShape: 'v1' | 'v2'): Json[] {
  const collection = ASSET_TYPES[assetType];
  if (!collection) return [];
  const service = assetType.slice(0, assetType.indexOf('.'));
  return Object.entries(world).flatMap(([project, data]) =>
    ((data[collection] ?? []) as Json[]).map((item) => {
      const link = String(item.selfLink ?? '');
      const name = service === 'compute' ? `//compute.googleapis.com/${link.slice(link.indexOf('/projects/') + 1)}` : `//${service}.googleapis.com/${item.name}`;
      const { kind, ...withoutKind } = item;
      const data = service === 'compute' ? withoutKind : service === 'run' && runShape === 'v1' ? runV1(collection === 'jobs' ? 'Job' : 'Service', item) : item;
      return { name, assetType, ancestors: [`projects/${PROJECT_NUMBERS[project]}`, 'organizations/123'], updateTime: '2024-06-01T08:00:00Z', resource: { version: 'v1', discoveryName: kind ? String(kind).slice(8) : assetType.split('/')[1], parent: `//cloudresourcemanager.googleapis.com/projects/${PROJECT_NUMBERS[project]}`, data, location: 'global' } };
    }),
  ).sort((a, b) => a.name.localeCompare(b.name));
}

function route(api: Api, world: World, path: string, query: Record<string, string>, max: number, unreachables: string[]): Answer {
  const notFound = googleError(api, 404, `The resource '${path}' was not found`);
  const m = /^\/(?:compute\/)?v[12]\/projects\/([^/]+)\/(.*)$/.exec(path);
  const data: ProjectData | undefined = m ? world[m[1]!] : undefined;
  if (!m || !data) return notFound;
  const project = m[1]!;
  const rest = m[2]!;
  let r: RegExpExecArray | null;
  const locations = (ids: string[] = []) =>
    listAnswer('locations', ids.map((id) => ({ name: `projects/${project}/locations/${id}`, locationId: id })), query, 'pageSize', max);
  if (api === 'compute') {
    if ((r = /^global\/(networks|firewalls|routes|addresses)$/.exec(rest))) {
      const items = applyFilter((data[r[1] as 'networks'] ?? []) as Record<string, unknown>[], query.filter);
      return listAnswer('items', items, query, 'maxResults', max);
    }
    if ((r = /^aggregated\/(subnetworks|routers|firewallPolicies)$/.exec(rest))) {
      return aggregatedAnswer(r[1]!, (data[r[1] as 'subnetworks'] ?? []) as Record<string, unknown>[], query, max, unreachables);
    }
    if ((r = /^global\/networks\/([^/]+)\/getEffectiveFirewalls$/.exec(rest))) {
      const eff = data.effectiveFirewalls?.[r[1]!];
      return eff ? { status: 200, body: eff } : notFound;
    }
  }
  if (api === 'vpcaccess') {
    if (rest === 'locations') return locations(data.vpcaccessLocations);
    if ((r = /^locations\/([^/]+)\/connectors$/.exec(rest))) {
      return listAnswer('connectors', (data.connectors ?? []).filter(inLocation(r[1]!)), query, 'pageSize', max);
    }
  }
  if (api === 'run') {
    if (rest === 'locations') return locations(data.runLocations);
    if ((r = /^locations\/([^/]+)\/(services|jobs)$/.exec(rest))) {
      const kind = r[2] as 'services' | 'jobs';
      return listAnswer(kind, (data[kind] ?? []).filter(inLocation(r[1]!)), query, 'pageSize', max);
    }
  }
  return notFound;
}

/** GET /v1/{organizations|folders}/N/assets?assetTypes=...&contentType=RESOURCE&pageSize=&pageToken= */
function assetAnswer(world: World, url: URL, max: number, runShape: 'v1' | 'v2'): Answer {
  if (!/^\/v1\/(organizations|folders)\/\d+\/assets$/.test(url.pathname)) return googleError('asset', 404, `The resource '${url.pathname}' was not found`);
  const contentType = url.searchParams.get('contentType');
  if (contentType !== 'RESOURCE' && contentType !== '1') return googleError('asset', 400, `contentType must be RESOURCE, got ${contentType}`);
  const types = url.searchParams.getAll('assetTypes');
  const all = types.flatMap((t) => assets(world, t, runShape));
  return listAnswer('assets', all, Object.fromEntries(url.searchParams), 'pageSize', max);
}

export async function startEmulator(world: World, options: EmulatorOptions = {}): Promise<Emulator> {
  const t0 = performance.now();
  const log: LoggedRequest[] = [];
  const faults = options.faults ?? [];
  const max = options.maxPageSize ?? 2;

  const handler = (api: Api) => (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: LoggedRequest = {
      api,
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      start: performance.now() - t0,
      authorization: req.headers.authorization !== undefined,
    };
    log.push(entry);
    const fault = faults.find((f) => (f.api === undefined || f.api === api) && f.path.test(url.pathname) && f.times !== 0);
    if (fault?.times !== undefined) fault.times -= 1;
    if (fault?.hang) return;
    let answer: Answer;
    if (req.method !== 'GET') answer = googleError(api, 400, `method ${req.method} not allowed by the emulator`);
    else if (fault?.status !== undefined) {
      const message = fault.reason === 'SERVICE_DISABLED'
        ? `${API_SERVICE[api]} has not been used in project before or it is disabled.`
        : `Injected ${fault.status} for ${url.pathname}`;
      answer = googleError(api, fault.status, message, fault.reason, fault.retryAfterS);
    } else if (api === 'asset') answer = assetAnswer(world, url, max, options.runAssetShape ?? 'v2');
    else answer = route(api, world, url.pathname, entry.query, max, options.unreachables ?? []);
    setTimeout(() => {
      entry.end = performance.now() - t0;
      entry.status = answer.status;
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    }, options.latencyMs ?? 0);
  };

  const servers = {} as Record<Api, Server>;
  const ports = {} as Record<Api, number>;
  for (const api of APIS) {
    const server = createServer(handler(api));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers[api] = server;
    ports[api] = (server.address() as AddressInfo).port;
  }
  return {
    ports,
    env: {
      EGRESS_LINT_ENDPOINT_COMPUTE: `http://127.0.0.1:${ports.compute}`,
      EGRESS_LINT_ENDPOINT_VPCACCESS: `http://127.0.0.1:${ports.vpcaccess}`,
      EGRESS_LINT_ENDPOINT_RUN: `http://127.0.0.1:${ports.run}`,
      EGRESS_LINT_ENDPOINT_ASSET: `http://127.0.0.1:${ports.asset}`,
    },
    log,
    faults,
    close: async () => {
      await Promise.all(
        APIS.map((api) => new Promise<void>((resolve) => {
          servers[api].closeAllConnections();
          servers[api].close(() => resolve());
        })),
      );
    },
  };
}
