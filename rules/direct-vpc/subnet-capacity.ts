import { fixText, gcloud, type Fix } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, workloadOf } from '../path.js';
import { byId } from '../../src/lookup.js';

// Direct VPC needs a /26 or larger subnet and takes addresses in /28 blocks, about two per instance
// (https://cloud.google.com/run/docs/configuring/vpc-direct-vpc).
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
      // The smallest prefix that holds the blocks needed, and at least /26; a primary range can only grow.
      let prefix = Math.min(26, s.range.prefix);
      while (prefix > 8 && 2 ** (32 - prefix) - RESERVED < needed) prefix--;
      const fix: Fix = {
        summary: `expand the primary range of "${s.name}" to /${prefix} in place (it must not overlap another range of the network; https://cloud.google.com/vpc/docs/create-modify-vpc-networks#expand-subnet)`,
        commands: [gcloud(['compute', 'networks', 'subnets', 'expand-ip-range', s.name], { region: s.region, 'prefix-length': prefix, project: s.project })],
      };
      const why =
        s.range.prefix > 26
          ? `is /${s.range.prefix}, smaller than the /26 gcloud requires`
          : `has ${usable} usable addresses but ${w.maxInstances} instances need about ${needed} (2 per instance in blocks of 16)`;
      ctx.report({
        resource: w.id,
        source: w.source,
        related: [s.id],
        fixes: [fix],
        message: `Direct VPC subnet "${s.name}" (${s.range.text}) of ${describeWorkload(w)} ${why}; ${fixText(fix)}`,
      });
    }
  },
});
