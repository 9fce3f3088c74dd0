// Firewall evaluation for one packet from one source identity (facts 7.1–7.5).
import { contains, type Cidr } from '../ip.js';
import type { Direction, ProtocolMatch } from '../model.js';
import { byPrecedence, stagesFor, type Candidate, type NetworkIndex, type Stage } from './model-index.js';

/** Who sends (egress) or receives (ingress) inside the VPC. */
export interface SourceIdentity {
  network: string;
  region: string;
  range: Cidr;
  tags: string[];
  /** Connector VMs: service-account targeting is undocumented (facts 7.5). */
  connector: boolean;
  /** The Direct VPC workload's service account. */
  serviceAccount?: string;
}

export interface Packet {
  direction: Direction;
  /** The other end: destination for egress, source for ingress (uint32). */
  peer: number;
  protocol: 'tcp' | 'udp' | 'icmp';
  port?: number;
}

export interface FirewallDecision {
  action: 'allow' | 'deny';
  /** Full name of the deciding rule; undefined for the implied rules. */
  resource?: string;
  label: string;
  /** Priority of the deciding rule (undefined for the implied rules). */
  priority?: number;
  /** Higher-precedence rules that might apply and would decide otherwise: the verdict is AMBIGUOUS. */
  uncertain: { resource: string; label: string; action: 'allow' | 'deny'; why: string }[];
  /** Caveats that do not change the decision. */
  caveats: string[];
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: '6', udp: '17', icmp: '1' };

function protocolMatches(matches: ProtocolMatch[], p: PacketKind): boolean {
  if (matches.length === 0) return true; // policy rules without layer4Configs match all
  return matches.some(
    (m) =>
      (m.protocol === 'all' || m.protocol === p.protocol || m.protocol === PROTOCOL_NUMBERS[p.protocol]) &&
      (m.ports.length === 0 || (p.port !== undefined && m.ports.some((r) => r.from <= p.port! && p.port! <= r.to))),
  );
}

type Match = 'yes' | 'no' | { maybe: string };

function targetMatch(c: Candidate, src: SourceIdentity, network: string): Match {
  if (c.targetResources.length > 0 && !c.targetResources.includes(network)) return 'no';
  if (c.targetTags.length > 0) return c.targetTags.some((t) => src.tags.includes(t)) ? 'yes' : 'no';
  if (c.targetSecureTags.length > 0) {
    // Resource Manager tags are not supported for Direct VPC (facts 4.6); for connector VMs it is not documented.
    return src.connector ? { maybe: 'targets secure tags; whether connector VMs carry them is not documented' } : 'no';
  }
  if (c.targetServiceAccounts.length > 0) {
    if (src.connector) return { maybe: 'targets service accounts; service-account targeting of connector VMs is UNVERIFIED (facts 7.5)' };
    if (src.serviceAccount && c.targetServiceAccounts.includes(src.serviceAccount))
      return { maybe: `targets the workload's service account; whether Direct VPC egress carries it is UNVERIFIED (facts 7.5)` };
    return 'no';
  }
  return 'yes';
}

/** The packet's protocol and port and the source's own range: everything of a match but the peer. */
function sourceSideMatch(c: Candidate, src: SourceIdentity, p: PacketKind): Match {
  if (!protocolMatches(c.matches, p)) return 'no';
  if (c.sourceOnlyByIdentity) return 'no';
  if (c.sourceRanges.length > 0 && !c.sourceRanges.some((r) => r.family === 4 && r.start <= src.range.start && src.range.end <= r.end)) {
    const partial = c.sourceRanges.some((r) => r.family === 4 && r.start <= src.range.end && src.range.start <= r.end);
    return partial ? { maybe: `its source ranges cover only part of ${src.range.text}` } : 'no';
  }
  return 'yes';
}

const UNEVALUABLE_ONLY = 'matches on FQDN, geolocation or address groups, which cannot be evaluated offline';
const UNEVALUABLE_ALSO = 'also matches on FQDN, geolocation or address groups, which cannot be evaluated offline';

const MERGED = new WeakMap<Candidate, Cidr[]>();
/** A candidate's IPv4 peer ranges, sorted and merged: a peer lies in at most one of them. */
function mergedPeerRanges(c: Candidate): Cidr[] {
  let merged = MERGED.get(c);
  if (merged) return merged;
  merged = [];
  for (const r of c.peerRanges.filter((x) => x.family === 4).sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1) merged[merged.length - 1] = { ...last, end: Math.max(last.end, r.end) };
    else merged.push(r);
  }
  MERGED.set(c, merged);
  return merged;
}

// The candidates of a stage for a tag set, merged and sorted once per (stage, tags): every trace of
// every workload with those tags re-built and re-sorted the same list (the stage's untargeted rules
// are hundreds in a Shared VPC), which was the larger part of the trace phase (npm run bench).
// Stages are built once per model index and never change afterwards, so the memo cannot go stale.
const ORDERED = new WeakMap<Stage, Map<string, Candidate[]>>();
function orderedCandidates(stage: Stage, tags: string[]): Candidate[] {
  let byTags = ORDERED.get(stage);
  if (!byTags) ORDERED.set(stage, (byTags = new Map()));
  const key = tags.join('\u0000');
  let ordered = byTags.get(key);
  if (!ordered) {
    const candidates = [...stage.untargeted, ...tags.flatMap((t) => stage.byTag.get(t) ?? [])];
    const seen = new Set<Candidate>();
    ordered = candidates.filter((c) => !seen.has(c) && seen.add(c)).sort(byPrecedence);
    byTags.set(key, ordered);
  }
  return ordered;
}

/** What a packet is apart from its peer address. */
export type PacketKind = Omit<Packet, 'peer'>;

/**
 * The network's firewall as one source sees it for one kind of packet: per stage, in order, the
 * candidates that apply whatever the peer (with why they only might), so only the peer is left to
 * match. Sources that see the same view get the same decision for every peer: `key` says so.
 */
export interface FirewallView {
  key: string;
  direction: Direction;
  stages: ViewStage[];
}

export interface ViewStage {
  label: string;
  applicable: Candidate[];
  /** The applicable candidates that only might apply, and why. */
  maybe?: Map<Candidate, string>;
}

export function firewallView(n: NetworkIndex, src: SourceIdentity, p: PacketKind): FirewallView {
  const stages: FirewallView['stages'] = [];
  const key: string[] = [p.direction];
  for (const stage of stagesFor(n, src.region, p.direction)) {
    const view: ViewStage = { label: stage.label, applicable: [] };
    for (const c of orderedCandidates(stage, src.tags)) {
      const target = targetMatch(c, src, n.id);
      if (target === 'no') continue;
      const side = sourceSideMatch(c, src, p);
      if (side === 'no') continue;
      const maybe = typeof target === 'object' ? target.maybe : typeof side === 'object' ? side.maybe : undefined;
      view.applicable.push(c);
      if (maybe) (view.maybe ??= new Map()).set(c, maybe);
      key.push(maybe ? `${c.seq}?${maybe}` : String(c.seq));
    }
    stages.push(view);
    key.push('|');
  }
  return { key: key.join(' '), direction: p.direction, stages };
}

/** The view's decision for one peer. */
export function decide(view: FirewallView, peer: number): FirewallDecision {
  return decideAll(view, peerSet([peer]))[0]!;
}

/** Peer addresses sorted for decideAll, with each one's position in the caller's list. */
export interface PeerSet {
  sorted: number[];
  /** order[p] = the caller's index of sorted[p]. */
  order: number[];
}

export function peerSet(peers: number[]): PeerSet {
  const order = peers.map((_, i) => i).sort((a, b) => peers[a]! - peers[b]!);
  return { sorted: order.map((i) => peers[i]!), order };
}

/**
 * Evaluates the view's stages in order (facts 7.3) for many peers at once (in the caller's order); implied allow egress /
 * deny ingress last (facts 7.2). One sweep per candidate over the sorted peers its ranges hold,
 * skipping peers already decided (a "next open peer" forest): a source's hundreds of subnet
 * destinations cost about one pass over the rules instead of one pass per subnet. Equal decisions
 * are one object, so callers can group peers by decision.
 */
export function decideAll(view: FirewallView, { sorted, order }: PeerSet): FirewallDecision[] {
  const count = sorted.length;
  // next[p] = p while peer p is open; closed peers point further right (path-halving union-find).
  const decided = new Int32Array(count + 1);
  for (let p = 0; p <= count; p++) decided[p] = p;
  const open = new Int32Array(count + 1);
  const winners: (Candidate | undefined)[] = new Array(count);
  const winnerStages: string[] = new Array(count);
  const uncertain: FirewallDecision['uncertain'][] = [];
  const caveats: string[][] = [];
  const find = (next: Int32Array, p: number) => {
    while (next[p] !== p) p = next[p] = next[next[p]!]!;
    return p;
  };
  const lowerBound = (x: number) => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const stage of view.stages) {
    // Open in this stage: not decided, and not sent on to the next stage by goto_next.
    open.set(decided);
    const apply = (c: Candidate, p: number, maybe: string | undefined) => {
      if (maybe) {
        if (c.action === 'allow' || c.action === 'deny') (uncertain[p] ??= []).push({ resource: c.resource, label: c.label, action: c.action, why: maybe });
        return;
      }
      open[p] = p + 1;
      if (c.action === 'goto_next') return;
      if (c.action === 'apply_security_profile_group')
        (caveats[p] ??= []).push(`${c.label} sends the packet to a security profile group (L7 inspection), which can still block it`);
      decided[p] = p + 1;
      winners[p] = c;
      winnerStages[p] = stage.label;
    };
    for (const c of stage.applicable) {
      const maybe = stage.maybe?.get(c);
      if (c.peerRanges.length === 0) {
        for (let p = find(open, 0); p < count; p = find(open, p + 1)) apply(c, p, maybe ?? (c.unevaluable ? UNEVALUABLE_ONLY : undefined));
        continue;
      }
      const ranges = mergedPeerRanges(c);
      if (c.unevaluable) {
        // Peers outside its ranges might still match (FQDN, geolocation, address groups).
        for (let p = find(open, 0); p < count; p = find(open, p + 1))
          apply(c, p, maybe ?? (ranges.some((r) => contains(r, sorted[p]!)) ? undefined : UNEVALUABLE_ALSO));
        continue;
      }
      for (const r of ranges) for (let p = find(open, lowerBound(r.start)); p < count && sorted[p]! <= r.end; p = find(open, p + 1)) apply(c, p, maybe);
    }
  }
  // Most peers are decided by a rule with nothing uncertain: those decisions are found by the rule alone.
  const plain = new Map<Candidate | undefined, FirewallDecision>();
  const distinct = new Map<string, FirewallDecision>();
  const out: FirewallDecision[] = new Array(count);
  for (let p = 0; p < count; p++) {
    const winner = winners[p];
    const action = winner ? (winner.action === 'deny' ? 'deny' : 'allow') : view.direction === 'EGRESS' ? 'allow' : 'deny';
    const against = uncertain[p]?.filter((u) => u.action !== action);
    const simple = !against?.length && caveats[p] === undefined;
    const key = simple ? '' : `${winner?.seq ?? action}|${(against ?? []).map((u) => `${u.resource} ${u.why}`).join('|')}|${(caveats[p] ?? []).join('|')}`;
    let decision = simple ? plain.get(winner) : distinct.get(key);
    if (!decision) {
      decision = winner
        ? { action, resource: winner.resource, label: `${winnerStages[p]}: ${winner.label}`, priority: winner.priority, uncertain: against ?? [], caveats: caveats[p] ?? [] }
        : { action, label: `implied ${action} ${view.direction.toLowerCase()}`, uncertain: against ?? [], caveats: caveats[p] ?? [] };
      if (simple) plain.set(winner, decision);
      else distinct.set(key, decision);
    }
    out[order[p]!] = decision;
  }
  return out;
}

export function evaluateFirewall(n: NetworkIndex, src: SourceIdentity, p: Packet): FirewallDecision {
  return decide(firewallView(n, src, p), p.peer);
}
