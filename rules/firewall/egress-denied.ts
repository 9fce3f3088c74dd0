import { hopOf, type AllowSource, type Destination, type Trace } from '../../src/engine/types.js';
import { DestinationRangeCache, egressAllowSpec, takenNames } from '../../src/engine/fix-values.js';
import type { ModelIndex } from '../../src/engine/model-index.js';
import { allowAbove, fixText, type AllowSpec } from '../../src/fix.js';
import { pushTo } from '../../src/lookup.js';
import { projectOf, shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';

// Evaluation order and tie-break: https://cloud.google.com/firewall/docs/firewall-policies-rule-eval-order
// and https://cloud.google.com/firewall/docs/firewalls; connector VMs carry network tags
// (https://cloud.google.com/vpc/docs/serverless-vpc-access, "Network tags").
export default defineRule({
  meta: {
    id: 'firewall/egress-denied',
    severity: 'error',
    short: "An egress firewall rule or policy rule denies the workload's traffic inside the VPC.",
    description:
      "The first matching egress rule for the workload's traffic — in hierarchical policies, VPC firewall rules or network firewall policies, in the network's enforcement order — denies it. A deny for 0.0.0.0/0 that targets the connector's tags blocks the internet path through Cloud NAT as well.",
    requires: ['connectors', 'subnetworks', 'firewalls'],
    path: true,
  },
  check(ctx) {
    // One finding per deny rule and source (connector, or Direct VPC subnet): every workload behind
    // that source is denied alike, so it lists them and the destinations instead of repeating itself.
    const groups = new Map<string, Trace[]>();
    for (const t of tracesIntoVpc(ctx)) {
      if (t.verdict !== 'UNREACHABLE' || t.cause !== 'FIREWALL_RULE') continue;
      const key = `${t.facts.firewallRule}|${t.facts.connector ?? t.facts.sourceSubnetwork ?? t.facts.sourceRange}`;
      pushTo(groups, key, t);
    }
    const taken = new Map<string, Map<string, Set<string>>>();
    const ranges = new DestinationRangeCache();
    for (const traces of groups.values()) {
      // The trace shown is the internet one where there is one.
      const t = traces.find((x) => x.destination.kind === 'internet') ?? traces[0]!;
      const decision = hopOf(t, 'APPLY_EGRESS_FIREWALL_RULE')!.decision;
      const origin = decision.by!.origin;
      const what =
        origin.kind === 'vpc'
          ? `firewall rule "${origin.rule.name}" (priority ${origin.rule.priority})`
          : `rule ${origin.rule.priority} of ${origin.policy.kind === 'HIERARCHY' ? 'hierarchical' : 'network'} firewall policy "${origin.policy.name}"`;
      const owner = origin.kind === 'vpc' ? origin.rule : origin.policy;
      const workloads = [...new Map(traces.map((x) => [x.workload, workloadOf(ctx.model, x)])).values()];
      const source = t.facts.connector ? `connector "${shortName(t.facts.connector)}" (${t.facts.sourceRange})` : `subnet range ${t.facts.sourceRange}`;
      // One allow for every destination the rule denies this source, per kind of packet.
      const fixes = mergedSpecs(ctx.index, traces, ranges).map((spec) => allowAbove(decision, spec, takenNames(ctx.model, taken, 'firewalls', projectOf(spec.network)!)));
      ctx.report({
        resource: owner.id,
        source: owner.source,
        discriminator: t.facts.connector ?? t.facts.sourceSubnetwork ?? t.facts.sourceRange,
        related: workloads.map((w) => w.id),
        fixes,
        message: `${what} denies egress from ${source}, used by ${workloads.map(describeWorkload).join(', ')}, to ${destinations(traces)}; ${fixes.map(fixText).join('; and ')}`,
        trace: t,
      });
    }
  },
});

/**
 * One allow spec per kind of packet for all the traces' destinations (a trace to the VPC stands for
 * every subnet in destination.subnetworks), for the source the engine names at the drop.
 */
function mergedSpecs(index: ModelIndex, traces: Trace[], cache: DestinationRangeCache): AllowSpec[] {
  const byPacket = new Map<string, { from: AllowSource; destinations: Destination[] }>();
  for (const t of traces) {
    const from = hopOf(t, 'DROP')?.allowFrom;
    if (!from) continue;
    const key = `${t.destination.protocol}:${t.destination.port ?? ''}`;
    const seen = byPacket.get(key);
    if (seen) seen.destinations.push(t.destination);
    else byPacket.set(key, { from, destinations: [t.destination] });
  }
  return [...byPacket.values()].map(({ from, destinations }) => egressAllowSpec(index, from, destinations, cache));
}

/** "internet (140.82.112.3:443/tcp), google-apis (...) and 3 subnets of the VPC" */
function destinations(traces: Trace[]): string {
  const named = new Map<string, Trace>();
  let subnets = 0;
  for (const t of traces) {
    if (t.destination.kind === 'vpc') subnets += t.destination.subnetworks?.length ?? 1;
    else if (!named.has(t.destination.name)) named.set(t.destination.name, t);
  }
  const parts = [...named.values()].map(describeDestination);
  if (subnets > 0) parts.push(`${subnets} subnet${subnets === 1 ? '' : 's'} of the VPC`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]!;
}
