// Firewall evaluation (facts 7.1–7.5): the rules a source identity sees for a kind of packet (a view,
// shared by the sources that see the same rules), and their decisions for many peer addresses at once.
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
  /** The deciding rule; undefined for the implied rules. */
  by?: Candidate;
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
    if (src.connector) return { maybe: 'targets service accounts; Google does not document whether firewall rules can target connector VMs by service account' };
    if (src.serviceAccount && c.targetServiceAccounts.includes(src.serviceAccount))
      return { maybe: `targets the workload's service account; Google does not document whether Direct VPC egress carries it for firewall rules` };
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

/** What a packet is apart from its peer address. */
export type PacketKind = Omit<Packet, 'peer'>;

/**
 * The network's firewall as one source sees it for one kind of packet: per stage, in order, the
 * candidates that apply whatever the peer (with why they only might), so only the peer is left to
 * match. Sources that see the same view get the same decision for every peer (firewallView gives
 * them the same object).
 */
export interface FirewallView {
  direction: Direction;
  stages: ViewStage[];
  /** Decisions already made, by peer (decide); made on first use. */
  decided?: Map<number, FirewallDecision>;
}

export interface ViewStage {
  label: string;
  applicable: Candidate[];
  /** The applicable candidates that only might apply, and why. */
  maybe?: Map<Candidate, string>;
}

/**
 * A stage's candidates for a kind of packet and the tags of a source, less those that can never
 * apply: each of the rest either always applies or depends on the source (service-account and
 * secure-tag targets, source ranges). Sources then differ only in those few, so a view is found by
 * them alone; and sources whose tags add no candidate for this packet share the stage's untargeted kind.
 */
interface StageKind {
  id: number;
  stage: Stage;
  candidates: Candidate[];
  /** The candidates whose applicability depends on the source, in the same order. */
  dependent: Candidate[];
  /** This kind plus tagged candidates, by their seq numbers (stageKind). */
  tagged: Map<string, StageKind>;
}

function staticallyApplicable(c: Candidate, p: PacketKind, network: string): boolean {
  if (!protocolMatches(c.matches, p) || c.sourceOnlyByIdentity) return false;
  return c.targetResources.length === 0 || c.targetResources.includes(network);
}

function stageKindOf(n: NetworkIndex, stage: Stage, candidates: Candidate[]): StageKind {
  // Tag-targeted candidates are only here when a tag of the source matches.
  const dependent = candidates.filter(
    (c) => (c.targetTags.length === 0 && (c.targetSecureTags.length > 0 || c.targetServiceAccounts.length > 0)) || c.sourceRanges.length > 0,
  );
  return { id: n.stageKinds++, stage, candidates, dependent, tagged: new Map() };
}

/**
 * A stage for one kind of packet: its untargeted candidates that can apply, as a kind, and per tag the
 * tagged ones that can, in precedence order (a stage lists each tag's rules in that order). Connectors
 * share the "vpc-connector" tag: filtering and sorting its rules again for each connector's view was
 * most of stageKind (npm run bench, phase "trace").
 */
export interface PacketStage {
  untargeted: StageKind;
  byTag: Map<string, Candidate[]>;
}
function stageKind(n: NetworkIndex, stage: Stage, tags: string[], p: PacketKind, packetKey: string): StageKind {
  const network = n.id;
  const { byPacket } = stage;
  let packetStage = byPacket.get(packetKey);
  if (!packetStage)
    byPacket.set(packetKey, (packetStage = { untargeted: stageKindOf(n, stage, stage.untargeted.filter((c) => staticallyApplicable(c, p, network))), byTag: new Map() }));
  const { untargeted, byTag } = packetStage;
  let tagged: Candidate[] = [];
  for (const t of tags) {
    let more = byTag.get(t);
    // A rule that names a tag twice is listed twice, one after the other: once here.
    if (!more) byTag.set(t, (more = (stage.byTag.get(t) ?? []).filter((c, i, all) => c !== all[i - 1] && staticallyApplicable(c, p, network))));
    if (more.length > 0) tagged = tagged.length === 0 ? more : mergeByPrecedence(tagged, more);
  }
  if (tagged.length === 0) return untargeted;
  const byTagged = untargeted.tagged;
  const key = tagged.map((c) => c.seq).join(',');
  let kind = byTagged.get(key);
  if (!kind) byTagged.set(key, (kind = stageKindOf(n, stage, mergeByPrecedence(untargeted.candidates, tagged))));
  return kind;
}

/** Two candidate lists in precedence order, merged; a candidate in both (a rule with both tags) once. */
function mergeByPrecedence(a: Candidate[], b: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) j++;
    else out.push(byPrecedence(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  }
  return out.concat(a.slice(i), b.slice(j));
}

/** The view of a source; sources that see the same rules get the same object. */
export function firewallView(n: NetworkIndex, src: SourceIdentity, p: PacketKind): FirewallView {
  const packetKey = `${p.direction}|${p.protocol}|${p.port}|${n.id}`;
  const kinds = stagesFor(n, src.region, p.direction).map((stage) => stageKind(n, stage, src.tags, p, packetKey));
  const matches = kinds.map((kind) =>
    kind.dependent.map((c) => {
      const target = targetMatch(c, src, n.id);
      const side = target === 'no' ? 'no' : sourceSideMatch(c, src, p);
      if (side === 'no') return 'no';
      return typeof target === 'object' ? target.maybe : typeof side === 'object' ? side.maybe : 'yes';
    }),
  );
  const key = kinds.map((kind, k) => `${kind.id}:${matches[k]!.join('\u0000')}`).join('|');
  const { views } = n;
  let view = views.get(key);
  if (!view) {
    view = { direction: p.direction, stages: kinds.map((kind, k) => viewStage(kind, matches[k]!)) };
    views.set(key, view);
  }
  return view;
}

/** The stage as the source sees it: `matches` says, for each dependent candidate, 'no', 'yes' or why it only might apply. */
function viewStage(kind: StageKind, matches: string[]): ViewStage {
  const stage: ViewStage = { label: kind.stage.label, applicable: [] };
  let next = 0;
  kind.candidates.forEach((c) => {
    if (kind.dependent[next] === c) {
      const match = matches[next++]!;
      if (match === 'no') return;
      if (match !== 'yes') (stage.maybe ??= new Map()).set(c, match);
    }
    stage.applicable.push(c);
  });
  return stage;
}

/** The view's decision for one peer (remembered: every source that shares the view asks again). */
export function decide(view: FirewallView, peer: number): FirewallDecision {
  const decided = (view.decided ??= new Map());
  let decision = decided.get(peer);
  if (!decision) decided.set(peer, (decision = decideAll(view, peerSet([peer]))[0]!));
  return decision;
}

/** Peer addresses sorted for decideAll, with each one's position in the caller's list. */
export interface PeerSet {
  sorted: number[];
  /** order[p] = the caller's index of sorted[p]. */
  order: number[];
  /** Views restricted to these peers (restrictTo), made on first use. */
  restricted?: { byView: WeakMap<FirewallView, FirewallView>; byKey: Map<string, FirewallView> };
}

export function peerSet(peers: number[]): PeerSet {
  const order = peers.map((_, i) => i).sort((a, b) => peers[a]! - peers[b]!);
  return { sorted: order.map((i) => peers[i]!), order };
}

/** The first position in a sorted array whose value is at least x. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The view without the candidates that no peer of the set can match: it decides those peers alike,
 * and sources that differ only in rules for other addresses (a connector's own rules for
 * 35.199.224.0/19) share it, so decideAll runs once for them.
 */
export function restrictTo(view: FirewallView, peers: PeerSet): FirewallView {
  const memo = (peers.restricted ??= { byView: new WeakMap(), byKey: new Map() });
  let restricted = memo.byView.get(view);
  if (restricted) return restricted;
  const { sorted } = peers;
  const mayMatch = (c: Candidate) =>
    c.peerRanges.length === 0 ||
    c.unevaluable ||
    c.peerIntervals.some((r) => {
      const i = lowerBound(sorted, r.start);
      return i < sorted.length && sorted[i]! <= r.end;
    });
  const stages = view.stages.map((stage) => ({ ...stage, applicable: stage.applicable.filter(mayMatch) }));
  const key = `${view.direction} ${stages.map((st) => st.applicable.map((c) => `${c.seq}${st.maybe?.has(c) ? `?${st.maybe.get(c)}` : ''}`).join(' ')).join('|')}`;
  restricted = memo.byKey.get(key);
  if (!restricted) memo.byKey.set(key, (restricted = { direction: view.direction, stages }));
  memo.byView.set(view, restricted);
  return restricted;
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
  // decided[p] = p while peer p is undecided (open[p], within a stage: while it is open there); a closed
  // peer points further right, and find follows with path halving (a "next open peer" union-find).
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
  // Once every peer is decided no later candidate can add anything (apply sees open peers only): stop.
  let undecided = count;
  for (const stage of view.stages) {
    if (undecided === 0) break;
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
      undecided--;
      winners[p] = c;
      winnerStages[p] = stage.label;
    };
    for (const c of stage.applicable) {
      if (undecided === 0) break;
      const maybe = stage.maybe?.get(c);
      if (c.peerRanges.length === 0) {
        for (let p = find(open, 0); p < count; p = find(open, p + 1)) apply(c, p, maybe ?? (c.unevaluable ? UNEVALUABLE_ONLY : undefined));
        continue;
      }
      const ranges = c.peerIntervals;
      if (c.unevaluable) {
        // Peers outside its ranges might still match (FQDN, geolocation, address groups).
        for (let p = find(open, 0); p < count; p = find(open, p + 1))
          apply(c, p, maybe ?? (ranges.some((r) => contains(r, sorted[p]!)) ? undefined : UNEVALUABLE_ALSO));
        continue;
      }
      for (const r of ranges) for (let p = find(open, lowerBound(sorted, r.start)); p < count && sorted[p]! <= r.end; p = find(open, p + 1)) apply(c, p, maybe);
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
        ? { action, resource: winner.resource, label: `${winnerStages[p]}: ${winner.label}`, priority: winner.priority, by: winner, uncertain: against ?? [], caveats: caveats[p] ?? [] }
        : { action, resource: undefined, label: `implied ${action} ${view.direction.toLowerCase()}`, priority: undefined, by: undefined, uncertain: against ?? [], caveats: caveats[p] ?? [] };
      if (simple) plain.set(winner, decision);
      else distinct.set(key, decision);
    }
    out[order[p]!] = decision;
  }
  return out;
}

