import { shortName } from '../../src/names.js';
import { hopOf } from '../../src/engine/types.js';
import { fixText } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';

// Cloud NAT serves only the subnets and ranges it is configured for (https://cloud.google.com/nat/docs/overview).
export default defineRule({
  meta: {
    id: 'nat/subnet-not-covered',
    severity: 'error',
    short: "A Cloud NAT exists in the region but does not cover the workload's source range.",
    description:
      "The workload's traffic reaches the default internet gateway and a Cloud NAT exists in the same region and network, but its subnet list (LIST_OF_SUBNETWORKS) leaves out the source subnet, or covers only secondary ranges, or the source is a --range connector, whose hidden subnet can never be listed.",
    requires: ['connectors', 'subnetworks', 'firewalls', 'routes', 'routers'],
    path: true,
  },
  check(ctx) {
    for (const t of tracesIntoVpc(ctx)) {
      const notCovering = hopOf(t, 'DROP')?.natsNotCovering;
      if (t.verdict !== 'UNREACHABLE' || t.cause !== 'NO_EXTERNAL_ADDRESS' || !notCovering?.length) continue;
      const w = workloadOf(ctx.model, t);
      const { router, nat } = notCovering[0]!;
      const what = t.facts.hiddenSubnet
        ? `connector range "${t.facts.sourceRange}" (a hidden subnet created with --range, which a subnet list can never name)`
        : `subnet "${shortName(t.facts.sourceSubnetwork!)}" (${t.facts.sourceRange})`;
      ctx.report({
        resource: router.id,
        source: router.source,
        destination: t.destination.name,
        related: [w.id],
        fixes: t.fixes,
        message: `Cloud NAT "${router.name}/${nat.name}" does not cover ${what}, so ${describeWorkload(w)} cannot reach ${describeDestination(t)}; ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
