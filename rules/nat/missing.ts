import { hopOf } from '../../src/engine/types.js';
import { fixText } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { shortName } from '../../src/names.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';

// The packet reaches the default internet gateway but no Cloud NAT of the source's region and network
// exists; a Cloud NAT serves only its own region (https://cloud.google.com/nat/docs/overview).
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
      const others = hopOf(t, 'DROP')?.natsOtherRegions ?? [];
      const elsewhere = others.length
        ? `; the Cloud NAT ${others.map(({ router, nat }) => `"${router.name}/${nat.name}" (${router.region})`).join(', ')} in another region cannot serve it`
        : '';
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: t.destination.name,
        fixes: t.fixes,
        message: `${describeWorkload(w)} reaches ${describeDestination(t)} through network "${shortName(t.facts.network!)}" and the default internet gateway, but no Cloud NAT exists in "${t.facts.region}"${elsewhere}; ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
