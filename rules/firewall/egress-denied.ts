import type { Trace } from '../../src/engine/types.js';
import { byId, pushTo } from '../../src/lookup.js';
import { shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';

// Evaluation order and tie-break: facts 7.1–7.3; connector targeting by tags: facts 1.12, 7.5.
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
    for (const traces of groups.values()) {
      // The trace shown (and its fix) is the internet one where there is one.
      const t = traces.find((x) => x.destination.kind === 'internet') ?? traces[0]!;
      const ruleId = t.facts.firewallRule!;
      const rule = byId(ctx.model.firewalls, ruleId);
      // A policy rule is named POLICY#PRIORITY (model-index.ts).
      const policy = rule ? undefined : byId(ctx.model.firewallPolicies, ruleId.slice(0, ruleId.lastIndexOf('#')));
      const what = rule ? `firewall rule "${rule.name}" (priority ${rule.priority})` : `firewall policy "${policy?.name}" rule ${ruleId.replace(/^.*#/, '')}`;
      const workloads = [...new Map(traces.map((x) => [x.workload, workloadOf(ctx.model, x)])).values()];
      const source = t.facts.connector ? `connector "${shortName(t.facts.connector)}" (${t.facts.sourceRange})` : `subnet range ${t.facts.sourceRange}`;
      ctx.report({
        resource: rule?.id ?? policy?.id ?? ruleId,
        source: rule?.source ?? policy?.source,
        discriminator: t.facts.connector ?? t.facts.sourceSubnetwork ?? t.facts.sourceRange,
        related: workloads.map((w) => w.id),
        message: `${what} denies egress from ${source}, used by ${workloads.map(describeWorkload).join(', ')}, to ${destinations(traces)}; allow it with a rule of higher precedence: ${t.fix}`,
        trace: t,
      });
    }
  },
});

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
