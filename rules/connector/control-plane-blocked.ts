import { fixText } from '../../src/fix.js';
import { hopOf } from '../../src/engine/types.js';
import { projectOf } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { decidedTraces } from '../path.js';
import { byId } from '../../src/lookup.js';

// Connector VMs need tcp:667, udp:665-666, icmp to and from 35.199.224.0/19 and health checks on tcp:667
// (https://cloud.google.com/vpc/docs/serverless-vpc-access, "Firewall rules").
export default defineRule({
  meta: {
    id: 'connector/control-plane-blocked',
    severity: 'error',
    short: "Firewall rules block the connector's traffic with Google's serverless infrastructure or health checks.",
    description:
      'A connector exchanges traffic with 35.199.224.0/19 (tcp:667, udp:665-666, icmp) and receives health checks from 35.191.0.0/16, 35.191.192.0/18 and 130.211.0.0/22 on tcp:667. Google creates allow rules at priority 100 for connectors in a standalone VPC or the host project, but a deny with a lower priority number (or a hierarchical policy deny) overrides them, and for a connector in a Shared VPC service project nothing is created. Either way the connector cannot carry traffic.',
    requires: ['connectors', 'firewalls'],
    path: true,
  },
  check(ctx) {
    for (const t of decidedTraces(ctx, (t) => t.destination.kind === 'control-plane')) {
      if (t.verdict !== 'UNREACHABLE') continue;
      const c = byId(ctx.model.connectors, t.workload)!;
      const origin = (hopOf(t, 'APPLY_INGRESS_FIREWALL_RULE') ?? hopOf(t, 'APPLY_EGRESS_FIREWALL_RULE'))?.decision.by?.origin;
      const denier = !origin
        ? 'the implied deny-ingress rule (no rule allows it)'
        : origin.kind === 'vpc'
          ? `firewall rule "${origin.rule.name}" (priority ${origin.rule.priority})`
          : `rule ${origin.rule.priority} of firewall policy "${origin.policy.name}"`;
      const shared = t.facts.network && projectOf(t.facts.network) !== c.project ? ' (a Shared VPC service-project connector: Google creates no firewall rules for it)' : '';
      ctx.report({
        resource: c.id,
        source: c.source,
        destination: t.destination.name,
        related: t.facts.firewallRule ? [t.facts.firewallRule] : undefined,
        fixes: t.fixes,
        message: `connector "${c.name}"${shared}: ${denier} blocks "${t.destination.name}" (${t.destination.note} tcp:667); ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
