// The engine's index of a model, built once per model: lookups by id, firewall candidates by network
// (sorted, bucketed by target tag), routes by network in a prefix map, NATs by region and network.
import { mergedIpv4, type Cidr } from '../ip.js';
import { pushTo } from '../lookup.js';
import type { FirewallView, PacketStage } from './firewall.js';
import type { Connector, Direction, FirewallPolicy, FirewallPolicyRule, FirewallRule, Model, ProtocolMatch, Route, Router, Subnetwork } from '../model.js';

/** Where a candidate comes from: a VPC firewall rule, or a rule of a firewall policy (whose kind is its level). */
export type CandidateOrigin = { kind: 'vpc'; rule: FirewallRule } | { kind: 'policy'; policy: FirewallPolicy; rule: FirewallPolicyRule };

/** A VPC firewall rule or a firewall-policy rule in one shape. */
export interface Candidate {
  /** Unique in the process: tagged stage kinds and restricted views are keyed by it (firewall.ts). */
  seq: number;
  /** Full name: the firewall rule, or the policy + '#' + priority. */
  resource: string;
  label: string;
  priority: number;
  action: 'allow' | 'deny' | 'goto_next' | 'apply_security_profile_group';
  /** The peer ranges: destination for egress, source for ingress. Empty = any (policy rules). */
  peerRanges: Cidr[];
  /** Their IPv4 part, sorted and merged (mergedIpv4): a peer lies in at most one. */
  peerIntervals: readonly Cidr[];
  /** Egress policy rules may also match the packet's source. */
  sourceRanges: Cidr[];
  matches: ProtocolMatch[];
  targetTags: string[];
  targetServiceAccounts: string[];
  targetSecureTags: string[];
  /** Hierarchical rules: networks the rule is limited to. */
  targetResources: string[];
  /** FQDN/geo/threat-intel/address-group matches the engine cannot evaluate offline. */
  unevaluable: boolean;
  /** VPC ingress rules that name only source tags or service accounts never match an external peer. */
  sourceOnlyByIdentity: boolean;
  origin: CandidateOrigin;
}

/** One stage of the evaluation order (https://cloud.google.com/firewall/docs/firewall-policies-rule-eval-order). */
export interface Stage {
  label: string;
  /** Rules that apply whatever the tags, sorted. */
  untargeted: Candidate[];
  /** Rules with target tags, by tag (a rule appears under each of its tags). */
  byTag: Map<string, Candidate[]>;
  /** firewall.ts's work on the stage per kind of packet, kept with the stage (it lives as long as the index). */
  byPacket: Map<string, PacketStage>;
}

export interface NetworkIndex {
  id: string;
  enforcementOrder: Model['networks'][number]['enforcementOrder'];
  /** Stages per direction before the regional policy is chosen; regional policies by region. */
  hierarchical: Map<Direction, Stage[]>;
  vpc: Map<Direction, Stage>;
  global: Map<Direction, Stage[]>;
  regional: Map<string, Map<Direction, Stage[]>>;
  /** Whether getEffectiveFirewalls data (or any policy) was seen for the network. */
  policiesSeen: boolean;
  routes: PrefixMap<Route>;
  subnets: PrefixMap<{ subnet: Subnetwork; range: Cidr; rangeName?: string }>;
  subnetList: Subnetwork[];
  /** firewall.ts's views of the network, by the stage kinds and matches that make them; and the stage kinds numbered so far. */
  views: Map<string, FirewallView>;
  stageKinds: number;
}

/** Routes (or subnet ranges) keyed by prefix length, then by the network address. */
export class PrefixMap<T> {
  private readonly byPrefix = new Map<number, Map<number, T[]>>();
  private lengths: number[] = [];

  add(range: Cidr, value: T): void {
    if (range.family !== 4) return; // IPv6 ranges never match an IPv4 packet
    let m = this.byPrefix.get(range.prefix);
    if (!m) {
      this.byPrefix.set(range.prefix, (m = new Map()));
      this.lengths = [...this.byPrefix.keys()].sort((a, b) => b - a);
    }
    // pushTo starts a list as [value]: an empty array grows to 16 slots on its first push, and most
    // prefixes hold one route or subnet range (npm run bench, the index's memory).
    pushTo(m, range.start, value);
  }

  /** The entries of the longest prefix containing ip that pass the filter. */
  longest(ip: number, accept: (v: T) => boolean = () => true): T[] {
    for (const len of this.lengths) {
      const size = 2 ** (32 - len);
      const start = ip - (ip % size);
      const hits = this.byPrefix.get(len)!.get(start)?.filter(accept);
      if (hits && hits.length > 0) return hits;
    }
    return [];
  }
}

export interface ModelIndex {
  networks: Map<string, NetworkIndex>;
  subnets: Map<string, Subnetwork>;
  connectors: Map<string, Connector>;
  /** Routers by `${network}|${region}`, and all routers by network (for "NAT in another region"). */
  routersAt: Map<string, Router[]>;
  routersOn: Map<string, Router[]>;
  /** Work counters (engineStats, read by the engine tests): in-VPC path parts computed, trace ends or parts reused from a source's caches, and traces computed from a workload's first step (its source not yet known, or never found). */
  stats: { cacheHits: number; pathsComputed: number; tracedFromStart: number };
}

/** Lower priority number first; at a tie deny before allow (facts 7.1); then by name for determinism. */
export function byPrecedence(a: Candidate, b: Candidate): number {
  return a.priority - b.priority || (a.action === 'deny' ? 0 : 1) - (b.action === 'deny' ? 0 : 1) || (a.resource < b.resource ? -1 : 1);
}

const NO_CIDRS: Cidr[] = Object.freeze([]) as unknown as Cidr[];
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];

/**
 * A candidate, numbered and with its peer ranges merged. Every field is set here, in the interface's
 * order, for VPC rules and policy rules alike: one hidden class for all (fields added afterwards gave
 * each candidate a second one and a property store; npm run bench, phase "index").
 */
function candidate(seq: number, c: Omit<Candidate, 'seq' | 'peerIntervals'>): Candidate {
  return {
    seq,
    resource: c.resource,
    label: c.label,
    priority: c.priority,
    action: c.action,
    peerRanges: c.peerRanges,
    peerIntervals: mergedIpv4(c.peerRanges),
    sourceRanges: c.sourceRanges,
    matches: c.matches,
    targetTags: c.targetTags,
    targetServiceAccounts: c.targetServiceAccounts,
    targetSecureTags: c.targetSecureTags,
    targetResources: c.targetResources,
    unevaluable: c.unevaluable,
    sourceOnlyByIdentity: c.sourceOnlyByIdentity,
    origin: c.origin,
  };
}

function stageOf(label: string, candidates: Candidate[]): Stage {
  const untargeted: Candidate[] = [];
  const byTag = new Map<string, Candidate[]>();
  for (const c of candidates.sort(byPrecedence)) {
    if (c.targetTags.length === 0) untargeted.push(c);
    else for (const t of c.targetTags) pushTo(byTag, t, c);
  }
  return { label, untargeted, byTag, byPacket: new Map() };
}

/** Numbers the candidates of one index (tagged stage kinds and restricted views are keyed by them). */
type Counter = { next: number };

function policyStages(policies: FirewallPolicy[], direction: Direction, seq: Counter): Stage[] {
  return policies.map((p) =>
    stageOf(
      `${p.kind === 'HIERARCHY' ? 'hierarchical' : p.kind === 'SYSTEM' ? 'system' : p.kind === 'NETWORK_REGIONAL' ? 'regional network' : 'global network'} firewall policy ${p.name}`,
      p.rules
        .filter((r) => r.direction === direction && !r.disabled)
        .map((r) =>
          candidate(seq.next++, {
            resource: `${p.id}#${r.priority}`,
            label: `policy ${p.name} rule ${r.priority}${r.ruleName ? ` (${r.ruleName})` : ''}`,
            priority: r.priority,
            action: r.action,
            peerRanges: direction === 'EGRESS' ? r.destRanges : r.srcRanges,
            sourceRanges: direction === 'EGRESS' ? r.srcRanges : NO_CIDRS,
            matches: r.matches,
            targetTags: NO_STRINGS,
            targetServiceAccounts: r.targetServiceAccounts,
            targetSecureTags: r.targetSecureTags,
            targetResources: r.targetResources,
            unevaluable: r.unevaluableMatch,
            sourceOnlyByIdentity: false,
            origin: { kind: 'policy', policy: p, rule: r },
          }),
        ),
    ),
  );
}

/** The index of a model: built once per evaluation and handed to the engine and the rules. */
export function buildIndex(model: Model): ModelIndex {
  const networks = new Map<string, NetworkIndex>();
  const seq: Counter = { next: 0 };
  // The VPC stage of a network the index has no firewall rules or policies for (one only subnets,
  // routes or sources name): one object, since firewall.ts keeps its per-stage work on the Stage.
  const noVpcRules = stageOf('VPC firewall rules', []);
  const enforcement = new Map(model.networks.map((n) => [n.id, n.enforcementOrder]));
  // Networks referenced but not listed still get an (empty) index: their coverage decides the trace.
  const net = (id: string): NetworkIndex => {
    let n = networks.get(id);
    if (!n) {
      n = {
        id,
        enforcementOrder: enforcement.get(id) ?? 'AFTER_CLASSIC_FIREWALL',
        hierarchical: new Map(),
        vpc: new Map([
          ['EGRESS', noVpcRules],
          ['INGRESS', noVpcRules],
        ]),
        global: new Map(),
        regional: new Map(),
        policiesSeen: model.coverage.hasNetwork('effectiveFirewalls', id),
        routes: new PrefixMap(),
        subnets: new PrefixMap(),
        subnetList: [],
        views: new Map(),
        stageKinds: 0,
      };
      networks.set(id, n);
    }
    return n;
  };

  const vpcRules = new Map<string, Map<Direction, Candidate[]>>();
  for (const f of model.firewalls) {
    if (f.disabled) continue;
    let byDir = vpcRules.get(f.network);
    if (!byDir) vpcRules.set(f.network, (byDir = new Map()));
    pushTo(byDir, f.direction, candidate(seq.next++, {
      resource: f.id,
      label: `${f.name} (priority ${f.priority})`,
      priority: f.priority,
      action: f.action,
      peerRanges: f.direction === 'EGRESS' ? f.destinationRanges : f.sourceRanges,
      sourceRanges: NO_CIDRS,
      matches: f.matches,
      targetTags: f.targetTags,
      targetServiceAccounts: f.targetServiceAccounts,
      targetSecureTags: NO_STRINGS,
      targetResources: NO_STRINGS,
      unevaluable: false,
      sourceOnlyByIdentity: f.direction === 'INGRESS' && f.sourceRanges.length === 0,
      origin: { kind: 'vpc', rule: f },
    }));
  }
  const policiesBy = new Map<string, FirewallPolicy[]>();
  for (const p of model.firewallPolicies) for (const n of p.networks) pushTo(policiesBy, n, p);

  for (const id of new Set([...enforcement.keys(), ...vpcRules.keys(), ...policiesBy.keys()])) {
    const n = net(id);
    const policies = policiesBy.get(id) ?? [];
    if (policies.length > 0) n.policiesSeen = true;
    const hier = policies.filter((p) => p.kind === 'HIERARCHY' || p.kind === 'SYSTEM').sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'HIERARCHY' ? -1 : 1));
    for (const dir of ['EGRESS', 'INGRESS'] as Direction[]) {
      n.hierarchical.set(dir, policyStages(hier, dir, seq));
      n.vpc.set(dir, stageOf('VPC firewall rules', vpcRules.get(id)?.get(dir) ?? []));
      n.global.set(dir, policyStages(policies.filter((p) => p.kind === 'NETWORK'), dir, seq));
      for (const p of policies.filter((q) => q.kind === 'NETWORK_REGIONAL' && q.region)) {
        const byDir = n.regional.get(p.region!) ?? new Map<Direction, Stage[]>();
        n.regional.set(p.region!, byDir);
        byDir.set(dir, [...(byDir.get(dir) ?? []), ...policyStages([p], dir, seq)]);
      }
    }
  }

  for (const r of model.routes) net(r.network).routes.add(r.destRange, r);
  const subnets = new Map<string, Subnetwork>();
  for (const s of model.subnetworks) {
    subnets.set(s.id, s);
    const n = net(s.network);
    n.subnetList.push(s);
    n.subnets.add(s.range, { subnet: s, range: s.range });
    for (const sec of s.secondaryRanges) n.subnets.add(sec.range, { subnet: s, range: sec.range, rangeName: sec.rangeName });
  }
  // Sources of traces may name a network nothing else references (a dangling reference): it needs
  // an index too, or the trace dereferences nothing (found by test/fuzz.test.ts).
  for (const c of model.connectors) if (c.network) net(c.network);
  for (const w of model.workloads) for (const ni of w.networkInterfaces) if (ni.network) net(ni.network);
  const routersAt = new Map<string, Router[]>();
  const routersOn = new Map<string, Router[]>();
  for (const r of model.routers) {
    pushTo(routersAt, `${r.network}|${r.region}`, r);
    pushTo(routersOn, r.network, r);
  }
  return {
    networks,
    subnets,
    connectors: new Map(model.connectors.map((c) => [c.id, c])),
    routersAt,
    routersOn,
    stats: { cacheHits: 0, pathsComputed: 0, tracedFromStart: 0 },
  };
}

/** Network stages in evaluation order for a region and direction (facts 7.3). */
export function stagesFor(n: NetworkIndex, region: string, direction: Direction): Stage[] {
  const hier = n.hierarchical.get(direction) ?? [];
  const vpc = n.vpc.get(direction)!;
  const policies = [...(n.global.get(direction) ?? []), ...(n.regional.get(region)?.get(direction) ?? [])];
  return n.enforcementOrder === 'BEFORE_CLASSIC_FIREWALL' ? [...hier, ...policies, vpc] : [...hier, vpc, ...policies];
}
