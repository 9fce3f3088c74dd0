// A free /28 for a VPC connector's --range: the first /28, in a fixed search order, that overlaps
// nothing the network is known to use. The ranges in use are sorted and merged once, then each search
// block is walked interval by interval (O(n log n) for n ranges, not a /28-by-/28 scan).
//
// What counts as in use (facts 1.2, 1.3; https://cloud.google.com/vpc/docs/configure-serverless-vpc-access):
// the network's primary and secondary subnet ranges, its connectors' --range /28s, its private services
// access ranges, the subnets of its peered networks, 10.128.0.0/9 in an auto-mode network, and route
// destinations a /28 would contain (a subnet may not contain a static route's destination:
// https://cloud.google.com/compute/docs/reference/rest/v1/subnetworks, allowSubnetCidrRoutesOverlap).

import { mergeIntervals } from './cidr-merge.js';
import { compareEntries } from './load/coverage.js';
import { AUTO_MODE_RANGE, cidrOf, parseCidr, type Cidr } from './ip.js';
import { byId, groupedBy } from './lookup.js';
import type { CoverageEntry, Model } from './model.js';
import { projectOf } from './names.js';

/**
 * Where to look, in order: 10.8.0.0/16 first (Google's connector examples use 10.8.0.0/28), then the
 * rest of 10.0.0.0/8 from its start, then 172.16.0.0/12 and 192.168.0.0/16 (RFC 1918).
 * 10.8.0.0/16 is searched twice over; the second pass finds nothing the first did not.
 */
export const CONNECTOR_RANGE_SEARCH: readonly Cidr[] = ['10.8.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t)!);

/** The peering private services access makes; its peer's subnets come from the network's allocated (VPC_PEERING) ranges. */
const PSA_PEERING = 'servicenetworking-googleapis-com';

const SIZE = 16; // addresses in a /28

export interface FreeRangeOptions {
  /** Blocks to search, in order (default CONNECTOR_RANGE_SEARCH). IPv6 blocks are ignored. */
  within?: readonly Cidr[];
  /** Further ranges to stay out of, e.g. on-premises ranges reached over VPN. */
  avoid?: readonly Cidr[];
  /**
   * The caller's memo of each network's ranges in use (IPv4), gathered once: a rule run that asks for
   * many connectors of one large network otherwise gathers and sorts them again each time (npm run bench).
   */
  inUse?: Map<string, { used: Cidr[]; unknown: CoverageEntry[] }>;
}

export interface FreeRange {
  /** The first free /28; undefined when every /28 of the searched blocks is in use. */
  range?: Cidr;
  /**
   * Collections not in the input whose resources could still collide with `range`, sorted: the
   * answer is certain only when this is empty.
   */
  unknown: CoverageEntry[];
  /** How many IPv4 ranges were avoided (before merging). */
  avoided: number;
}

/** The first /28 of the search blocks that overlaps no range the network `networkId` is known to use. */
export function freeConnectorRange(model: Model, networkId: string, options: FreeRangeOptions = {}): FreeRange {
  let known = options.inUse?.get(networkId);
  if (!known) {
    const all = rangesInUse(model, networkId);
    // Sorted once, so that adding the few ranges to avoid leaves the sort little to do.
    known = { used: all.used.filter((r) => r.family === 4).sort((a, b) => a.start - b.start), unknown: all.unknown };
    options.inUse?.set(networkId, known);
  }
  const { used, unknown } = known;
  const v4 = options.avoid?.length ? used.concat(options.avoid.filter((r) => r.family === 4)) : used;
  return { range: firstFree(v4, options.within ?? CONNECTOR_RANGE_SEARCH), unknown, avoided: v4.length };
}

/** Every range the network is known to use, and the collections whose absence leaves that list incomplete. */
export function rangesInUse(model: Model, networkId: string): { used: Cidr[]; unknown: CoverageEntry[] } {
  const project = projectOf(networkId) ?? '';
  const used: Cidr[] = [];
  const unknown: CoverageEntry[] = [];
  const need = (collection: CoverageEntry['collection'], p: string) => {
    const seen = model.coverage.has(collection, p);
    if (!seen) unknown.push({ collection, project: p });
    return seen;
  };
  const addSubnets = (network: string) => {
    for (const s of groupedBy(model.subnetworks, 'network', (x) => x.network, network)) {
      used.push(s.range);
      for (const r of s.secondaryRanges) used.push(r.range);
    }
  };

  need('subnetworks', project);
  addSubnets(networkId);

  // Connectors are listed per region (live mode lists every location of the project): any entry for the
  // project counts as seen.
  if (!model.coverage.has('connectors', project) && !model.coverage.entries().some((e) => e.collection === 'connectors' && e.project === project))
    unknown.push({ collection: 'connectors', project });
  for (const c of groupedBy(model.connectors, 'network', (x) => x.network, networkId)) if (c.ipCidrRange) used.push(c.ipCidrRange);

  const psaKnown = need('addresses', project);
  for (const a of groupedBy(model.addresses, 'network', (x) => x.network, networkId)) if (a.purpose === 'VPC_PEERING' && a.range) used.push(a.range);

  need('routes', project);
  for (const r of groupedBy(model.routes, 'network', (x) => x.network, networkId)) if (r.destRange.prefix >= 28) used.push(r.destRange);

  const network = byId(model.networks, networkId);
  if (!network) unknown.push({ collection: 'networks', project });
  // Unknown network: its mode is unknown too, so keep out of the auto-mode reserve (facts 1.3).
  if (!network || network.autoCreateSubnetworks === true) used.push(AUTO_MODE_RANGE);
  for (const peering of network?.peerings ?? []) {
    if (peering.state === 'INACTIVE') continue; // a peering with no state may be active
    if (peering.name === PSA_PEERING && psaKnown) continue;
    const peerProject = projectOf(peering.network) ?? '';
    need('subnetworks', peerProject);
    addSubnets(peering.network);
  }

  const sorted = unknown.sort(compareEntries).filter((e, i, all) => i === 0 || compareEntries(all[i - 1]!, e) !== 0);
  return { used, unknown: sorted };
}

/** The first /28 inside one of `within` (in order) that overlaps none of `used` (IPv4 ranges). */
export function firstFree(used: readonly Cidr[], within: readonly Cidr[]): Cidr | undefined {
  const taken = mergeIntervals(used);
  for (const block of within) {
    if (block.family !== 4 || block.prefix > 28) continue;
    // The first taken interval that ends at or after the block's start (binary search), then walk on.
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid]!.end < block.start) lo = mid + 1;
      else hi = mid;
    }
    let at = block.start;
    for (let i = lo; at + SIZE - 1 <= block.end; i++) {
      const next = taken[i];
      if (!next || next.start > at + SIZE - 1) return cidrOf(at, 28);
      at = Math.ceil((next.end + 1) / SIZE) * SIZE;
    }
  }
  return undefined;
}
