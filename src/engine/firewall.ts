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

function protocolMatches(matches: ProtocolMatch[], p: Packet): boolean {
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

function packetMatch(c: Candidate, src: SourceIdentity, p: Packet): Match {
  if (!protocolMatches(c.matches, p)) return 'no';
  if (c.sourceOnlyByIdentity) return 'no';
  if (c.sourceRanges.length > 0) {
    if (!c.sourceRanges.some((r) => r.family === 4 && r.start <= src.range.start && src.range.end <= r.end)) {
      const partial = c.sourceRanges.some((r) => r.family === 4 && r.start <= src.range.end && src.range.start <= r.end);
      if (!partial) return 'no';
      return { maybe: `its source ranges cover only part of ${src.range.text}` };
    }
  }
  if (c.peerRanges.length === 0) return c.unevaluable ? { maybe: 'matches on FQDN, geolocation or address groups, which cannot be evaluated offline' } : 'yes';
  if (c.peerRanges.some((r) => contains(r, p.peer))) return 'yes';
  return c.unevaluable ? { maybe: 'also matches on FQDN, geolocation or address groups, which cannot be evaluated offline' } : 'no';
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

/** Evaluates the network's stages in order (facts 7.3); implied allow egress / deny ingress last (facts 7.2). */
export function evaluateFirewall(n: NetworkIndex, src: SourceIdentity, p: Packet): FirewallDecision {
  const uncertain: FirewallDecision['uncertain'] = [];
  const caveats: string[] = [];
  stages: for (const stage of stagesFor(n, src.region, p.direction)) {
    for (const c of orderedCandidates(stage, src.tags)) {
      const target = targetMatch(c, src, n.id);
      if (target === 'no') continue;
      const packet = packetMatch(c, src, p);
      if (packet === 'no') continue;
      const maybe = typeof target === 'object' ? target.maybe : typeof packet === 'object' ? packet.maybe : undefined;
      if (maybe) {
        if (c.action === 'allow' || c.action === 'deny') uncertain.push({ resource: c.resource, label: c.label, action: c.action, why: maybe });
        continue;
      }
      if (c.action === 'goto_next') continue stages;
      if (c.action === 'apply_security_profile_group')
        caveats.push(`${c.label} sends the packet to a security profile group (L7 inspection), which can still block it`);
      const action = c.action === 'deny' ? 'deny' : 'allow';
      return { action, resource: c.resource, label: `${stage.label}: ${c.label}`, priority: c.priority, uncertain: uncertain.filter((u) => u.action !== action), caveats };
    }
  }
  const action = p.direction === 'EGRESS' ? 'allow' : 'deny';
  return { action, label: `implied ${action} ${p.direction.toLowerCase()}`, uncertain: uncertain.filter((u) => u.action !== action), caveats };
}
