import type { Trace } from '../../src/engine/types.js';
import { isPrivateRange } from '../../src/ip.js';
import type { Subnetwork } from '../../src/model.js';
import { projectOf } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, workloadOf } from '../path.js';
import { byId, appendAll } from '../../src/lookup.js';
import { fixText } from '../../src/fix.js';

// private-ranges-only covers RFC 1918, RFC 6598 and the Private Google Access VIPs; Google does not say
// whether Class E or privately used public ranges are sent into the VPC (https://cloud.google.com/run/docs/configuring/vpc-direct-vpc).
export default defineRule({
  meta: {
    id: 'egress/non-private-vpc-destination',
    severity: 'warning',
    short: 'A subnet of the workload\'s VPC uses non-RFC 1918/6598 addresses that private-ranges-only does not send into the VPC.',
    description:
      "With private-ranges-only only RFC 1918 and RFC 6598 destinations (and the Private Google Access VIPs) enter the VPC. A subnet in Class E (240.0.0.0/4) or privately used public space is then reached over the internet, if at all. Whether Class E is sent into the VPC is UNVERIFIED, so this is a warning.",
    requires: ['connectors', 'subnetworks'],
    path: true,
  },
  check(ctx) {
    // 'vpc' destinations come from the network's subnets: without them there is nothing to trace.
    for (const t of ctx.traces) {
      if (t.destination.kind !== 'internet') continue;
      // A trace that stopped before its network was known: which VPC destinations exist is unknown too
      // (the rule was silent here; found by test/unknown-vs-empty.test.ts).
      if (!t.facts.network) {
        if (t.verdict === 'UNDETERMINED') ctx.need(t.workload, t.missing ?? [], 'destinations in the VPC');
        continue;
      }
      const project = projectOf(t.facts.network)!;
      ctx.need(t.workload, [{ collection: 'subnetworks', project }], 'destinations in the VPC');
    }
    // One finding per workload, naming its VPC's subnets that private-ranges-only sends out to the
    // internet: traces that left through Google-managed egress although the destination is a subnet.
    const outside = new Map<string, { trace: Trace; subnets: Subnetwork[] }>();
    for (const t of decidedTraces(ctx, (t) => t.destination.kind === 'vpc' && !t.facts.entersVpc, (t) => t.destination.kind === 'vpc')) {
      // A trace may stand for several subnets with the same path (traceAll): each is checked.
      const subnets = (t.destination.subnetworks ?? [t.destination.subnetwork!]).map((id) => byId(ctx.model.subnetworks, id)!).filter((s) => !isPrivateRange(s.range));
      if (subnets.length === 0) continue;
      const seen = outside.get(t.workload);
      if (seen) appendAll(seen.subnets, subnets);
      else outside.set(t.workload, { trace: t, subnets });
    }
    for (const { trace: t, subnets } of outside.values()) {
      const w = workloadOf(ctx.model, t);
      const named = subnets.slice(0, 5).map((s) => `"${s.name}" (${s.range.text})`).join(', ');
      const more = subnets.length > 5 ? ` and ${subnets.length - 5} more` : '';
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: 'vpc',
        related: subnets.map((s) => s.id),
        fixes: t.fixes,
        message: `subnet${subnets.length === 1 ? '' : 's'} ${named}${more} ${subnets.length === 1 ? 'is' : 'are'} outside RFC 1918/6598, so ${describeWorkload(w)} with "private-ranges-only" does not send traffic for ${subnets.length === 1 ? 'it' : 'them'} into the VPC; ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
