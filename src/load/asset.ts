// Cloud Asset Inventory assets → the raw REST JSON egress-lint reads, gathered into a snapshot Bundle.
// Shared by organisation mode (listAssets, src/live/asset.ts) and the offline export reader (asset-export.ts).
//
// An asset is {name: "//compute.googleapis.com/projects/P/global/networks/N", assetType, ancestors: ["projects/NUMBER",
// ...], resource: {data}}; `data` is the resource as its REST API returns it, except that compute data may lack `kind`
// and Cloud Run data may be the v1 Knative shape (apiVersion/kind/metadata/spec) rather than v2. Both are recognised.
import type { Collection, CoverageEntry, CoverageFailure } from '../model.js';
import { BUNDLE_KIND, BUNDLE_SCHEMA_VERSION, type Bundle } from './bundle.js';
import { compareEntries } from './coverage.js';
import { table } from '../lookup.js';

type Json = Record<string, unknown>;

/**
 * The asset types egress-lint reads and the collection each fills.
 * Verification: Google's supported-asset-types table (cloud.google.com/asset-inventory/docs/supported-asset-types)
 * could not be read from here. The names below are those of /work/shared/google-clients-notes.md §8; Network,
 * Subnetwork, Firewall, Route, Router, GlobalAddress, vpcaccess Connector and run Service/Job also appear in Google's
 * organisation-policy docs and in third-party inventory code. GlobalAddress (not Address) is the type that carries
 * global addresses in list and export. FirewallPolicy is named by the notes for hierarchical policies;
 * NetworkFirewallPolicy and RegionNetworkFirewallPolicy are UNVERIFIED (third-party code uses them, the notes say
 * it is unclear). Each type is listed on its own, so a wrong name shows up as a failure of its collection, never
 * as a silently empty one.
 */
export const ASSET_TYPES: Record<string, { collection: Collection; kind?: string }> = table({
  'compute.googleapis.com/Network': { collection: 'networks', kind: 'compute#network' },
  'compute.googleapis.com/Subnetwork': { collection: 'subnetworks', kind: 'compute#subnetwork' },
  'compute.googleapis.com/Firewall': { collection: 'firewalls', kind: 'compute#firewall' },
  'compute.googleapis.com/Route': { collection: 'routes', kind: 'compute#route' },
  'compute.googleapis.com/Router': { collection: 'routers', kind: 'compute#router' },
  'compute.googleapis.com/GlobalAddress': { collection: 'addresses', kind: 'compute#address' },
  'compute.googleapis.com/FirewallPolicy': { collection: 'firewallPolicies', kind: 'compute#firewallPolicy' },
  'compute.googleapis.com/NetworkFirewallPolicy': { collection: 'firewallPolicies', kind: 'compute#firewallPolicy' },
  'compute.googleapis.com/RegionNetworkFirewallPolicy': { collection: 'firewallPolicies', kind: 'compute#firewallPolicy' },
  'vpcaccess.googleapis.com/Connector': { collection: 'connectors' },
  'run.googleapis.com/Service': { collection: 'services' },
  'run.googleapis.com/Job': { collection: 'jobs' },
});

/** The collections an asset listing or export fills (effective firewalls are not assets). */
export const ASSET_COLLECTIONS: Collection[] = [...new Set(Object.values(ASSET_TYPES).map((t) => t.collection))];

const COMPUTE_V1 = 'https://www.googleapis.com/compute/v1/';
const ASSET_NAME = /^\/\/([a-z]+)\.googleapis\.com\/(projects\/([^/]+)\/(.+))$/;

export interface Asset {
  name: string;
  assetType: string;
  ancestors?: string[];
  data: Json;
}

/** The raw REST JSON of an asset, or undefined when egress-lint does not read it (other types, hierarchical policies, non-PSA addresses). */
export function assetResource(asset: Asset): Json | undefined {
  const type = ASSET_TYPES[asset.assetType];
  const m = ASSET_NAME.exec(asset.name);
  if (!type || !m) return undefined;
  const [, service, path, , rest] = m;
  const data = asset.data;
  if (service === 'compute') {
    // Hierarchical policies (parent organizations/ or folders/) arrive through getEffectiveFirewalls, per network.
    if (typeof data.parent === 'string' && /^(organizations|folders)\//.test(data.parent)) return undefined;
    if (type.collection === 'addresses' && data.purpose !== 'VPC_PEERING') return undefined;
    const region = /^regions\/([^/]+)\//.exec(rest!)?.[1];
    return {
      kind: type.kind,
      selfLink: `${COMPUTE_V1}${path}`,
      ...(region && typeof data.region !== 'string' ? { region: `${COMPUTE_V1}${path!.split('/regions/')[0]}/regions/${region}` } : {}),
      ...data,
    };
  }
  if (service === 'run' && data.metadata !== undefined && typeof data.metadata === 'object') return runV1(asset, data, path!);
  return typeof data.name === 'string' && data.name.startsWith('projects/') ? data : { ...data, name: path };
}

/** Run v1 (Knative) data: completes apiVersion/kind, the namespace and the location label from the asset name. */
function runV1(asset: Asset, data: Json, path: string): Json {
  const [, project, location] = /^projects\/([^/]+)\/locations\/([^/]+)\//.exec(path) ?? [];
  const meta = data.metadata as Json & { labels?: Record<string, string> };
  const job = asset.assetType === 'run.googleapis.com/Job';
  return {
    apiVersion: job ? 'run.googleapis.com/v1' : 'serving.knative.dev/v1',
    kind: job ? 'Job' : 'Service',
    ...data,
    metadata: {
      ...meta,
      namespace: meta.namespace ?? project,
      labels: { 'cloud.googleapis.com/location': location, ...meta.labels },
    },
  };
}

/**
 * Gathers assets into a Bundle, one resource at a time, so a listing or export is never held twice.
 * Records the projects seen (ids from asset names, numbers from `ancestors`) for coverage and Run v1 namespaces.
 */
export class AssetBundle {
  private readonly resources = new Map<string, Json>();
  /** The export line of each resource, by the resource object (the one bundle() lists). */
  private readonly lines = new Map<Json, number>();
  private readonly seen = new Set<string>();
  private readonly numbers = new Map<string, string>();

  /** Adds one asset (from `line` of an export); returns its REST JSON when egress-lint reads it. */
  add(asset: Asset, transform: (resource: Json) => Json = (r) => r, line?: number): Json | undefined {
    const project = ASSET_NAME.exec(asset.name)?.[3];
    if (!project) return undefined;
    this.seen.add(project);
    const number = asset.ancestors?.[0]?.match(/^projects\/(\d+)$/)?.[1];
    if (number && !/^\d+$/.test(project)) this.numbers.set(project, number);
    const resource = assetResource(asset);
    if (!resource) return undefined;
    const kept = transform(resource);
    this.resources.set(asset.name, kept);
    if (line !== undefined) this.lines.set(kept, line);
    return resource;
  }

  /** Projects seen in any asset, by id (a project named only by number keeps its number). */
  projects(): string[] {
    const ids = new Map([...this.numbers].map(([id, n]) => [n, id]));
    return [...new Set([...this.seen].map((p) => ids.get(p) ?? p))].sort();
  }

  /** Adds a resource that is not an asset (a getEffectiveFirewalls response), under its own key. */
  set(key: string, resource: Json): void {
    this.resources.set(key, resource);
  }

  /** The export line of each resource of a bundle() of this, in the same order (its keys are not sorted again). */
  resourceLines(bundle: Bundle): number[] {
    return bundle.resources.map((r) => this.lines.get(r as Json) ?? 0);
  }

  bundle(version: string, coverage: CoverageEntry[], failures: CoverageFailure[]): Bundle {
    return {
      kind: BUNDLE_KIND,
      schemaVersion: BUNDLE_SCHEMA_VERSION,
      tool: { name: 'egress-lint', version },
      coverage: coverage.sort(compareEntries),
      failures: failures.sort(compareEntries),
      projects: this.projects().map((projectId) => {
        const projectNumber = this.numbers.get(projectId);
        return projectNumber === undefined ? { projectId } : { projectId, projectNumber };
      }),
      resources: [...this.resources.keys()].sort().map((k) => this.resources.get(k)),
    };
  }
}
