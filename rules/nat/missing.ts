import { natLabel } from '../../src/engine/types.js';
import { defineRule } from '../../src/rule.js';
import { shortName } from '../../src/names.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';

// The packet reaches the default internet gateway but no Cloud NAT of the source's region and network exists (facts 5.1, 5.2).
export default defineRule({
  meta: {
    id: 'nat/missing',
    severity: 'error',
    short: 'Traffic routed to the internet gateway has no Cloud NAT in its region and network.',
    description:
      'A workload sends traffic into a VPC (connector or Direct VPC, all-traffic) and the route leads to the default internet gateway, but no Cloud NAT exists in that region on that network. Without an external address the packet is dropped.',
    requires: ['connectors', 'subnetworks', 'firewalls', 'routes', 'routers'],
    path: true,
  },
  check(ctx) {
    for (const t of tracesIntoVpc(ctx)) {
      if (t.verdict !== 'UNREACHABLE' || t.cause !== 'NO_EXTERNAL_ADDRESS' || t.facts.natsNotCovering) continue;
      const w = workloadOf(ctx.model, t);
      const elsewhere = t.facts.natsOtherRegions
        ? `; the Cloud NAT ${t.facts.natsOtherRegions.map((n) => `"${natLabel(n)}"`).join(', ')} in another region cannot serve it`
        : '';
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: t.destination.name,
        message: `${describeWorkload(w)} reaches ${describeDestination(t)} through network "${shortName(t.facts.network!)}" and the default internet gateway, but no Cloud NAT exists in "${t.facts.region}"${elsewhere}; create one: ${t.fix}`,
        trace: t,
      });
    }
  },
});
