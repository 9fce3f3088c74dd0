// One identity per resource: the Cloud Asset Inventory full resource name.
// References arrive in every form the APIs use (bare names, relative paths, self links, full names);
// these functions turn each into the one full name, so Shared VPC references across projects resolve.

export const COMPUTE = '//compute.googleapis.com/';
export const VPCACCESS = '//vpcaccess.googleapis.com/';
export const RUN = '//run.googleapis.com/';

export type ComputeCollection =
  | 'networks'
  | 'subnetworks'
  | 'firewalls'
  | 'routes'
  | 'routers'
  | 'addresses'
  | 'firewallPolicies'
  | 'instances'
  | 'vpnTunnels'
  | 'forwardingRules';

const REGIONAL: ReadonlySet<string> = new Set(['subnetworks', 'routers', 'vpnTunnels', 'forwardingRules']);

/** Full name of a compute resource; region undefined means global. */
export function computeName(project: string, collection: ComputeCollection, name: string, region?: string): string {
  const scope = region === undefined ? 'global' : `regions/${region}`;
  return `${COMPUTE}projects/${project}/${scope}/${collection}/${name}`;
}

/**
 * Full name of a firewall policy, the one identity of a policy however it was read (its own list, or a
 * getEffectiveFirewalls response): hierarchical policies are global and belong to no project; a
 * regional network policy whose region is not known, and Google's system policies, get names of their own.
 */
export function firewallPolicyName(kind: 'HIERARCHY' | 'NETWORK' | 'NETWORK_REGIONAL' | 'SYSTEM', project: string, name: string, region?: string): string {
  if (kind === 'HIERARCHY') return `${COMPUTE}locations/global/firewallPolicies/${name}`;
  if (kind === 'NETWORK') return computeName(project, 'firewallPolicies', name);
  if (kind === 'NETWORK_REGIONAL' && region) return computeName(project, 'firewallPolicies', name, region);
  return `${COMPUTE}projects/${project}/${kind === 'SYSTEM' ? 'system' : 'regional'}FirewallPolicies/${name}`;
}

export function connectorName(project: string, region: string, name: string): string {
  return `${VPCACCESS}projects/${project}/locations/${region}/connectors/${name}`;
}

export function workloadName(kind: 'job' | 'service' | 'workerPool', project: string, region: string, name: string): string {
  const collection = kind === 'job' ? 'jobs' : kind === 'service' ? 'services' : 'workerPools';
  return `${RUN}projects/${project}/locations/${region}/${collection}/${name}`;
}

export interface RefContext {
  project: string;
  region?: string;
}

/** Strips scheme/host and API version prefixes from a compute reference: returns the path from "projects/" or the bare rest. */
function computePath(ref: string): string {
  let path = ref.trim();
  if (path.startsWith(COMPUTE)) path = path.slice(COMPUTE.length);
  else if (path.startsWith('https://') || path.startsWith('http://')) {
    const i = path.indexOf('/projects/');
    const j = path.indexOf('/locations/');
    path = i >= 0 ? path.slice(i + 1) : j >= 0 ? path.slice(j + 1) : path;
  }
  return path.replace(/^\/+/, '');
}

/**
 * Resolves a reference to a compute resource of the given collection:
 * "my-vpc", "global/networks/my-vpc", "projects/p/global/networks/my-vpc", "regions/r/subnetworks/s",
 * "https://www.googleapis.com/compute/v1/projects/p/regions/r/subnetworks/s", "//compute.googleapis.com/...".
 * Returns undefined for an empty reference.
 */
export function resolveComputeRef(ref: string | undefined, collection: ComputeCollection, ctx: RefContext): string | undefined {
  if (ref === undefined || ref.trim() === '') return undefined;
  const path = computePath(ref);
  const parts = path.split('/');
  let project = ctx.project;
  let region = REGIONAL.has(collection) ? ctx.region : undefined;
  let i = 0;
  if (parts[i] === 'projects' && parts.length > i + 1) {
    project = parts[i + 1]!;
    i += 2;
  }
  if (parts[i] === 'global') {
    region = undefined;
    i += 1;
  } else if ((parts[i] === 'regions' || parts[i] === 'locations') && parts.length > i + 1) {
    region = parts[i + 1];
    i += 2;
  }
  const rest = parts.slice(i);
  const name = rest[rest.length - 1] ?? path;
  const coll = rest.length >= 2 ? (rest[rest.length - 2] as ComputeCollection) : collection;
  return computeName(project, coll, name, REGIONAL.has(coll) ? region : coll === 'addresses' ? region : undefined);
}

/** Resolves a connector reference: bare name (in ctx's project and region) or projects/p/locations/r/connectors/c. */
export function resolveConnectorRef(ref: string | undefined, ctx: RefContext & { region: string }): string | undefined {
  if (ref === undefined || ref.trim() === '') return undefined;
  let path = ref.trim();
  if (path.startsWith(VPCACCESS)) path = path.slice(VPCACCESS.length);
  else if (path.startsWith('https://')) path = path.slice(path.indexOf('/projects/') + 1);
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/connectors\/([^/]+)$/.exec(path);
  if (m) return connectorName(m[1]!, m[2]!, m[3]!);
  return connectorName(ctx.project, ctx.region, path);
}

/** The last path segment: the short name of a resource. */
export function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('/') + 1);
}

/**
 * The segment after the first `marker` that has one, as /marker([^/]+)/ captures it (with
 * `followedBySlash`, /marker([^/]+)\//; with `atSegmentStart`, the marker must start the text or
 * follow a "/"). Without a regex's match array: it runs for every resource of a snapshot (npm run
 * bench, phase "normalise").
 */
export function segmentAfter(text: string, marker: string, opts: { followedBySlash?: boolean; atSegmentStart?: boolean } = {}): string | undefined {
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
    if (opts.atSegmentStart && i > 0 && text.charCodeAt(i - 1) !== 47 /* / */) continue;
    const start = i + marker.length;
    const end = text.indexOf('/', start);
    if (end === start) continue;
    if (end >= 0) return text.slice(start, end);
    if (!opts.followedBySlash && start < text.length) return text.slice(start);
  }
  return undefined;
}

/** The project id of a full name, or undefined. */
export function projectOf(fullName: string): string | undefined {
  return segmentAfter(fullName, '/projects/');
}

/** The project of a self link or relative name ("…projects/P/…"), or undefined. */
export function projectInLink(link: string): string | undefined {
  return segmentAfter(link, 'projects/', { followedBySlash: true });
}

/** The region or location of a full name, or undefined for global resources. */
export function regionOf(fullName: string): string | undefined {
  // What /\/(?:regions|locations)\/([^/]+)/ captures, without a match array (it runs per trace and rule).
  let r = fullName.indexOf('/regions/');
  let l = fullName.indexOf('/locations/');
  while (r >= 0 || l >= 0) {
    const atRegions = r >= 0 && (l < 0 || r < l);
    const start = atRegions ? r + '/regions/'.length : l + '/locations/'.length;
    if (start < fullName.length && fullName.charCodeAt(start) !== 47 /* / */) {
      const end = fullName.indexOf('/', start);
      const region = end < 0 ? fullName.slice(start) : fullName.slice(start, end);
      return region === 'global' ? undefined : region;
    }
    if (atRegions) r = fullName.indexOf('/regions/', r + 1);
    else l = fullName.indexOf('/locations/', l + 1);
  }
  return undefined;
}
