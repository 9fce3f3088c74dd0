import { projectOf, shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { decidedTraces } from '../path.js';
import { byId } from '../../src/lookup.js';

// Connector VMs need tcp:667, udp:665-666, icmp to and from 35.199.224.0/19 and health checks on tcp:667 (facts 2.2, 2.3).
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
      const denier = t.facts.firewallRule
        ? `firewall rule "${shortName(t.facts.firewallRule)}"` // a rule's full name ends in its name (a policy rule's in NAME#PRIORITY)
        : 'the implied deny-ingress rule (no rule allows it)';
      const shared = t.facts.network && projectOf(t.facts.network) !== c.project ? ' (a Shared VPC service-project connector: Google creates no firewall rules for it)' : '';
      ctx.report({
        resource: c.id,
        source: c.source,
        destination: t.destination.name,
        related: t.facts.firewallRule ? [t.facts.firewallRule] : undefined,
        message: `connector "${c.name}"${shared}: ${denier} blocks "${t.destination.name}" (${t.destination.note} tcp:667); add the rule: ${t.fix}`,
        trace: t,
      });
    }
  },
});
