import { shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, workloadOf } from '../path.js';
import { byId } from '../../src/lookup.js';

// Facts 4.4: gcloud requires /26 or larger; Cloud Run reserves /28 blocks; about 2 addresses per instance.
const ADDRESSES_PER_INSTANCE = 2;
const BLOCK = 16;
/** Google reserves four addresses in every subnet's primary range. */
const RESERVED = 4;

export default defineRule({
  meta: {
    id: 'direct-vpc/subnet-capacity',
    severity: 'warning',
    short: 'The Direct VPC subnet is smaller than /26 or too small for the workload\'s maximum instances.',
    description:
      'Cloud Run reserves Direct VPC addresses in blocks of 16 and uses about two addresses per instance (an older version of the docs says four). A subnet smaller than /26, or one whose usable addresses are fewer than the blocks the maximum instance count needs, makes instances fail to start with "insufficient free IP addresses". Other workloads in the subnet are not counted, so this is an estimate.',
    requires: ['subnetworks'],
    path: true,
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const t of decidedTraces(ctx, (t) => t.facts.egressMode === 'direct-vpc')) {
      if (seen.has(t.workload) || t.facts.sourceSubnetwork === undefined) continue;
      seen.add(t.workload);
      const w = workloadOf(ctx.model, t);
      const s = byId(ctx.model.subnetworks, t.facts.sourceSubnetwork)!;
      const usable = s.range.end - s.range.start + 1 - RESERVED;
      const needed = w.maxInstances === undefined ? 0 : Math.ceil((w.maxInstances * ADDRESSES_PER_INSTANCE) / BLOCK) * BLOCK;
      if (s.range.prefix <= 26 && needed <= usable) continue;
      const why =
        s.range.prefix > 26
          ? `is /${s.range.prefix}, smaller than the /26 gcloud requires`
          : `has ${usable} usable addresses but ${w.maxInstances} instances need about ${needed} (2 per instance in blocks of 16)`;
      ctx.report({
        resource: w.id,
        source: w.source,
        related: [s.id],
        message: `Direct VPC subnet "${s.name}" (${s.range.text}) of ${describeWorkload(w)} ${why}; use a larger subnet: gcloud compute networks subnets create ${w.name}-egress --network=${shortName(s.network)} --region=${s.region} --range=RANGE/24 --project=${s.project}`,
      });
    }
  },
});
