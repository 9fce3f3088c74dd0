// Organisation mode: every relevant resource under an organisation or folder through Cloud Asset Inventory
// (listAssets, contentType RESOURCE, one listing per asset type, page by page), plus getEffectiveFirewalls per
// network through the compute client, which the inventory does not carry. Returns a snapshot Bundle.
//
// Coverage. A listing of a type under the parent is complete for every project under it, but a project with no
// asset of that type cannot be told apart from one the listing did not see. So coverage is recorded, for each type
// listed without error, for the projects that appear in ANY type of the listing: a project that has a network but no
// Run service has no Run service. A project with no asset of any type egress-lint reads is not in the snapshot and
// has nothing to check. A listing that fails records one failure, for its collection and the parent (in `project`),
// and no project gets coverage of that collection.
import type { protos } from '@google-cloud/asset';
import type { Bundle } from '../load/bundle.js';
import { ASSET_COLLECTIONS, ASSET_TYPES, AssetBundle } from '../load/asset.js';
import type { Collection, CoverageEntry, CoverageFailure } from '../model.js';
import { LiveSetupError, getAssetClient, getClients } from './clients.js';
import { computeKey, describeFailure, toolVersion } from './collect.js';
import { redactRunResource } from './redact.js';
import { RequestQueue, type GaxErrorLike } from './requests.js';
import { protoRoot, toRestJson } from './rest-json.js';
import { pushTo } from '../lookup.js';

export interface OrganizationOptions {
  /** organizations/N or folders/N. */
  parent: string;
  /** EGRESS_LINT_ENDPOINT_* (ASSET and COMPUTE here) are read from here (usually process.env). */
  env: NodeJS.ProcessEnv;
  /** Requests in flight at most (default 16). */
  concurrency?: number;
  /** Per-request timeout (default 30 s); a request and its retries never take longer than twice this. */
  timeoutMs?: number;
  onProgress?: (msg: string) => void;
}

/** listAssets allows at most 1000 assets a page. */
const PAGE = 1000;
const NETWORK = /^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/global\/networks\/[^/]+$/;

type Json = Record<string, unknown>;
type Value = protos.google.protobuf.IValue & { kind?: string };

/** A protobuf Struct as the client decodes it ({fields: {k: {kind: 'stringValue', stringValue: 'v'}}}) → plain JSON. */
export function structToJson(struct: protos.google.protobuf.IStruct | null | undefined): Json {
  return Object.fromEntries(Object.entries(struct?.fields ?? {}).map(([k, v]) => [k, valueToJson(v)]));
}

function valueToJson(v: Value): unknown {
  switch (v.kind) {
    case 'structValue':
      return structToJson(v.structValue);
    case 'listValue':
      return (v.listValue?.values ?? []).map(valueToJson);
    case 'stringValue':
      return v.stringValue;
    case 'numberValue':
      return v.numberValue;
    case 'boolValue':
      return v.boolValue;
    default:
      return null;
  }
}

/** Why listing a type under the parent failed, and how to fix it. */
function listingFailure(err: unknown, collection: Collection, parent: string, assetType: string): CoverageFailure {
  const e = err as GaxErrorLike;
  const message = String(e.message ?? err).split('\n')[0]!.slice(0, 300);
  const [scope, id] = parent.split('/');
  if (e.reason === 'SERVICE_DISABLED' || /SERVICE_DISABLED|has not been used in project|is disabled/.test(message)) {
    return {
      collection,
      project: parent,
      reason: `SERVICE_DISABLED: cloudasset.googleapis.com is not enabled in the quota project: ${message}`,
      fix: 'gcloud services enable cloudasset.googleapis.com --project YOUR_QUOTA_PROJECT',
    };
  }
  if (e.code === 7 || e.httpStatusCode === 403) {
    const command = scope === 'folders' ? 'resource-manager folders' : 'organizations';
    return {
      collection,
      project: parent,
      reason: `PERMISSION_DENIED${e.reason ? ` (${e.reason})` : ''}: cloudasset.assets.listResource on ${parent} (listing ${assetType}): ${message}`,
      fix: `gcloud ${command} add-iam-policy-binding ${id} --member=user:YOUR_EMAIL --role=roles/cloudasset.viewer`,
    };
  }
  const { reason, fix } = describeFailure(err, collection, parent);
  return { collection, project: parent, reason: `${reason} (listing ${assetType} under ${parent})`, ...(fix ? { fix } : {}) };
}

/** Collects a snapshot of every project under an organisation or folder. Throws LiveSetupError for bad input or setup. */
export async function collectOrganization(opts: OrganizationOptions): Promise<Bundle> {
  if (!/^(organizations|folders)\/\d+$/.test(opts.parent))
    throw new LiveSetupError(`expected organizations/NUMBER or folders/NUMBER, got "${opts.parent}"`);
  const progress = opts.onProgress ?? (() => {});
  const [assetClient, clients] = await Promise.all([getAssetClient(opts.env), getClients(opts.env)]);
  const queue = new RequestQueue(Math.max(1, opts.concurrency ?? 16), opts.timeoutMs ?? 30_000);
  const assets = new AssetBundle();
  const failures: CoverageFailure[] = [];
  const failed = new Set<Collection>();
  const networks: { project: string; name: string; selfLink: string }[] = [];

  await Promise.all(
    Object.entries(ASSET_TYPES).map(async ([assetType, { collection }]) => {
      let count = 0;
      try {
        await queue.pages(
          async (pageToken, o) =>
            (await assetClient.listAssets({ parent: opts.parent, assetTypes: [assetType], contentType: 'RESOURCE', pageSize: PAGE, pageToken }, o))[2],
          (page) => {
            for (const a of page.assets ?? []) {
              count += 1;
              const asset = { name: String(a.name), assetType, ancestors: a.ancestors ?? [], data: structToJson(a.resource?.data) };
              const resource = assets.add(asset, collection === 'services' || collection === 'jobs' ? redactRunResource : undefined);
              const project = NETWORK.exec(asset.name)?.[1];
              if (resource && project) networks.push({ project, name: String(resource.name), selfLink: String(resource.selfLink) });
            }
          },
        );
        progress(`${opts.parent}: ${count} ${assetType} asset(s)`);
      } catch (err) {
        const failure = listingFailure(err, collection, opts.parent, assetType);
        failures.push(failure);
        failed.add(collection);
        progress(`${opts.parent}: ${assetType} not listed: ${failure.reason}`);
      }
    }),
  );

  const projects = assets.projects();
  const coverage: CoverageEntry[] = ASSET_COLLECTIONS.filter((c) => !failed.has(c))
    .flatMap((collection) => projects.map((project) => ({ collection, project })));

  // Effective firewalls (hierarchical policies included), per network; complete per project when every network's is.
  const root = protoRoot(clients.networks);
  const byProject = new Map<string, typeof networks>();
  for (const n of networks) pushTo(byProject, n.project, n);
  await Promise.all(
    [...byProject].map(async ([project, nets]) => {
      try {
        await Promise.all(
          nets.map(async (n) => {
            const [resp] = await queue.request((o) => clients.networks.getEffectiveFirewalls({ project, network: n.name }, o));
            assets.set(`${computeKey(n.selfLink, n.selfLink)}#effectiveFirewalls`, {
              kind: 'egress-lint#effectiveFirewalls',
              network: n.selfLink,
              ...toRestJson(root, 'google.cloud.compute.v1.NetworksGetEffectiveFirewallsResponse', resp),
            });
          }),
        );
        coverage.push({ collection: 'effectiveFirewalls', project });
      } catch (err) {
        const failure = describeFailure(err, 'effectiveFirewalls', project);
        failures.push(failure);
        progress(`${project}: effectiveFirewalls not collected: ${failure.reason}`);
      }
    }),
  );
  progress(`${opts.parent}: ${projects.length} project(s), ${networks.length} network(s)`);
  return assets.bundle(await toolVersion(), coverage, failures);
}
