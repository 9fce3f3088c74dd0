import type { FirewallRule, Model } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { decidedTraces, describeDestination, describeWorkload, isWorkloadTrace, workloadOf } from '../path.js';

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
    for (const t of decidedTraces(ctx, (t) => isWorkloadTrace(t) && t.facts.entersVpc)) {
      if (t.verdict !== 'UNREACHABLE' || t.cause !== 'FIREWALL_RULE') continue;
      const w = workloadOf(ctx.model, t);
      const ruleId = t.facts.firewallRule!;
      const rule = firewallsById(ctx.model).get(ruleId);
      const policy = rule ? undefined : ctx.model.firewallPolicies.find((p) => ruleId.startsWith(`${p.id}#`));
      const what = rule ? `firewall rule "${rule.name}" (priority ${rule.priority})` : `firewall policy "${policy?.name}" rule ${ruleId.replace(/^.*#/, '')}`;
      ctx.report({
        resource: rule?.id ?? policy?.id ?? ruleId,
        source: rule?.source ?? policy?.source,
        destination: t.destination.name,
        related: [w.id],
        message: `${what} denies egress from ${describeWorkload(w)} (source ${t.facts.sourceRange}) to ${describeDestination(t)}; allow it with a rule of higher precedence: ${t.fix}`,
        trace: t,
      });
    }
  },
});

// Firewall rules by id, once per model: a find() over model.firewalls for every denied trace was
// quadratic (tens of thousands of rules × the denied traces of an organisation; npm run bench, "rules").
// Ids are unique in the model (buildModel keys resources by id), so the lookup finds the same rule.
const byId = new WeakMap<Model, Map<string, FirewallRule>>();
function firewallsById(model: Model): Map<string, FirewallRule> {
  let m = byId.get(model);
  if (!m) byId.set(model, (m = new Map(model.firewalls.map((f) => [f.id, f]))));
  return m;
}
