import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, workloadOf } from '../path.js';
import { fixText } from '../../src/fix.js';
import { regionOf, shortName } from '../../src/names.js';

// Direct VPC egress uses a subnet of the workload's own region (https://cloud.google.com/run/docs/configuring/vpc-direct-vpc).
export default defineRule({
  meta: {
    id: 'direct-vpc/subnet-region-mismatch',
    severity: 'error',
    short: "The Direct VPC subnet is in another region than the workload.",
    description:
      "Direct VPC egress places the workload's addresses in a subnet of its own region. A subnet named in another region cannot be used, and the workload gets no VPC egress.",
    requires: [],
    path: true,
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const t of decidedTraces(ctx, (t) => t.facts.egressMode === 'direct-vpc')) {
      if (t.cause !== 'DIRECT_VPC_SUBNET_REGION_MISMATCH' || seen.has(t.workload)) continue;
      seen.add(t.workload);
      const w = workloadOf(ctx.model, t);
      const subnet = w.networkInterfaces[0]!.subnetwork!;
      ctx.report({
        resource: w.id,
        source: w.source,
        fixes: t.fixes,
        message: `${describeWorkload(w)} runs in "${w.region}" but its Direct VPC subnet "${shortName(subnet)}" is in "${regionOf(subnet)}"; ${t.fixes!.map(fixText).join('; or ')}`,
      });
    }
  },
});
