import { defineRule } from '../../src/rule.js';
import { shortName } from '../../src/names.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';
import { byId } from '../../src/lookup.js';
import { fixText } from '../../src/fix.js';

// The system default route can be removed (https://cloud.google.com/vpc/docs/routes); without any matching route the packet is dropped.
export default defineRule({
  meta: {
    id: 'route/no-internet-route',
    severity: 'error',
    short: 'No route in the VPC matches a public destination the workload sends into it.',
    description:
      'The workload sends traffic into a VPC but no route there matches the destination: the default route 0.0.0.0/0 to the internet gateway was deleted or is scoped to other tags. The packet is dropped before it reaches Cloud NAT.',
    requires: ['connectors', 'subnetworks', 'firewalls', 'routes'],
    path: true,
  },
  check(ctx) {
    for (const t of tracesIntoVpc(ctx)) {
      if (t.verdict !== 'UNREACHABLE' || t.cause !== 'NO_ROUTE') continue;
      const w = workloadOf(ctx.model, t);
      const network = byId(ctx.model.networks, t.facts.network);
      ctx.report({
        resource: t.facts.network!,
        source: network?.source,
        destination: t.destination.name,
        related: [w.id],
        fixes: t.fixes,
        message: `network "${shortName(t.facts.network!)}" has no route for ${describeDestination(t)}, which ${describeWorkload(w)} sends into it; ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
