// Builds models from the seed example's raw JSON, changed in memory, for the engine tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel } from '../src/load/index.js';
import type { Model } from '../src/model.js';
import type { Trace } from '../src/engine/types.js';
import { fixText } from '../src/fix.js';

export const SEED = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const GW = 'https://www.googleapis.com/compute/v1/projects/myproject/';

type Docs = Record<string, any>;

/** The seed's documents by file name; edit them, then build. Files set to undefined are left out. */
export function seedDocs(): Docs {
  const docs: Docs = {};
  for (const f of readdirSync(SEED)) docs[f] = JSON.parse(readFileSync(join(SEED, f), 'utf8'));
  return docs;
}

export function build(docs: Docs): Model {
  return buildModel(
    Object.entries(docs)
      .filter(([, v]) => v !== undefined)
      .map(([file, value]) => ({ file: join(SEED, file), value })),
  );
}

export const job = (d: Docs) => d['jobs.json'].jobs[0];
export const vpcAccess = (d: Docs) => job(d).template.template.vpcAccess;
export const nat = (d: Docs) => d['routers.json'].items['regions/europe-west2'].routers[0].nats[0];
export const subnet = (d: Docs) => d['subnetworks.json'].items['regions/europe-west2'].subnetworks[0];

export function directVpc(d: Docs, tags: string[] = []): Docs {
  job(d).template.template.vpcAccess = { networkInterfaces: [{ network: 'my-vpc', subnetwork: 'my-subnet', tags }], egress: 'ALL_TRAFFIC' };
  return d;
}

export function addFirewall(d: Docs, name: string, rule: Record<string, unknown>): Docs {
  d['firewalls.json'].items.push({ kind: 'compute#firewall', name, network: `${GW}global/networks/my-vpc`, selfLink: `${GW}global/firewalls/${name}`, direction: 'EGRESS', ...rule });
  return d;
}

export function addRoute(d: Docs, name: string, route: Record<string, unknown>): Docs {
  d['routes.json'].items.push({ kind: 'compute#route', name, network: `${GW}global/networks/my-vpc`, selfLink: `${GW}global/routes/${name}`, priority: 1000, ...route });
  return d;
}

/** A getEffectiveFirewalls response with the given policies. */
export function setPolicies(d: Docs, policies: Record<string, unknown>[]): Docs {
  d['effective-firewalls-my-vpc.json'] = { firewalls: [], firewallPolicys: policies };
  return d;
}

export const deny = (ranges = ['0.0.0.0/0']) => ({ destinationRanges: ranges, denied: [{ IPProtocol: 'all' }] });
export const allow = (ranges = ['0.0.0.0/0']) => ({ destinationRanges: ranges, allowed: [{ IPProtocol: 'all' }] });
export const GW_PREFIX = GW;

/** A trace's fixes as one line: each summary and its commands. */
export function fixLine(t: Trace): string {
  return (t.fixes ?? []).map(fixText).join('; ');
}
