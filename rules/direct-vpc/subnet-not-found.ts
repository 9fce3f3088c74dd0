import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, workloadOf } from '../path.js';
import { fixText } from '../../src/fix.js';
import { projectOf, shortName } from '../../src/names.js';

// Direct VPC egress needs an existing subnet of the named network (https://cloud.google.com/run/docs/configuring/vpc-direct-vpc).
export default defineRule({
  meta: {
    id: 'direct-vpc/subnet-not-found',
    severity: 'error',
    short: 'The Direct VPC subnet does not exist, or is not in the named network.',
    description:
      'The workload uses Direct VPC egress with a subnet that is not in the input although the subnets of its project and region are, or with a subnet that belongs to another network than the one named. The deployment fails or the workload has no VPC egress at all.',
    requires: ['subnetworks'],
    path: true,
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const t of decidedTraces(ctx, (t) => t.facts.egressMode === 'direct-vpc')) {
      if (t.cause !== 'DIRECT_VPC_SUBNET_NOT_FOUND' || seen.has(t.workload)) continue;
      seen.add(t.workload);
      const w = workloadOf(ctx.model, t);
      const ni = w.networkInterfaces[0]!;
      const subnet = ni.subnetwork ? ctx.index.subnets.get(ni.subnetwork) : undefined;
      const why = subnet
        ? `subnet "${subnet.name}" belongs to network "${shortName(subnet.network)}", not "${shortName(ni.network!)}"`
        : `subnet "${shortName(ni.subnetwork!)}" does not exist in ${w.region} (project "${projectOf(ni.subnetwork!)}")`;
      ctx.report({
        resource: w.id,
        source: w.source,
        fixes: t.fixes,
        message: `${describeWorkload(w)} uses Direct VPC egress, but ${why}; ${t.fixes!.map(fixText).join('; or ')}`,
      });
    }
  },
});
