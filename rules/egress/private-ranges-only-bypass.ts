import { describeWorkload } from '../../src/describe.js';
import { hopOf } from '../../src/engine/types.js';
import { fixText, runUpdate } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { projectOf, shortName } from '../../src/names.js';
import { decidedTraces, describeDestination, workloadOf } from '../path.js';

// private-ranges-only sends public destinations outside the VPC, so a static Cloud NAT is not used
// (https://cloud.google.com/run/docs/configuring/static-outbound-ip).
export default defineRule({
  meta: {
    id: 'egress/private-ranges-only-bypass',
    severity: 'warning',
    short: 'private-ranges-only sends internet traffic around a Cloud NAT with reserved static addresses.',
    description:
      "The workload has VPC access with the default egress setting private-ranges-only, and its region and network have a Cloud NAT with reserved (MANUAL_ONLY) addresses. Internet traffic still leaves through Google-managed serverless egress, not from those static addresses, so allowlists that expect them reject it.",
    requires: ['routers'],
    path: true,
  },
  check(ctx) {
    const traces = decidedTraces(ctx, (t) => t.destination.kind === 'internet' && t.facts.egress === 'PRIVATE_RANGES_ONLY' && !t.facts.entersVpc && t.facts.network !== undefined);
    for (const t of traces) {
      const w = workloadOf(ctx.model, t);
      const project = projectOf(t.facts.network!)!;
      if (!ctx.need(w.id, [{ collection: 'routers', project, region: t.facts.region }], 'static Cloud NAT addresses')) continue;
      // The engine names the NAT that covers the source; only reserved addresses matter here.
      const bypassed = hopOf(t, 'SERVERLESS_EXTERNAL_CONNECTION')?.bypassedNat;
      if (!bypassed) continue;
      const { router: r, nat: n } = bypassed;
      if (n.natIpAllocateOption !== 'MANUAL_ONLY' || n.natIps.length === 0) continue;
      const fix = { summary: 'send all traffic through the VPC', commands: [runUpdate(w, { 'vpc-egress': 'all-traffic' })] };
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: t.destination.name,
        related: [r.id],
        fixes: [fix],
        message: `${describeWorkload(w)} uses the default egress "private-ranges-only", so ${describeDestination(t)} is reached from Google-managed addresses, not the static addresses ${n.natIps.map((a) => `"${shortName(a)}"`).join(', ')} of Cloud NAT "${r.name}/${n.name}"; ${fixText(fix)}`,
        trace: t,
      });
    }
  },
});
