import { describeWorkload, runUpdateCommand } from '../../src/describe.js';
import { routerOfNat } from '../../src/engine/types.js';
import { defineRule } from '../../src/rule.js';
import { projectOf, shortName } from '../../src/names.js';
import { decidedTraces, describeDestination, workloadOf } from '../path.js';
import { byId } from '../../src/lookup.js';

// private-ranges-only sends public destinations outside the VPC, so a static Cloud NAT is not used (facts 3.2, 3.4, §10).
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
      // The engine names the NAT that covers the source (facts 5.2, 5.3); only reserved addresses matter here.
      const nat = t.facts.bypassedNat;
      if (nat === undefined) continue;
      const r = byId(ctx.model.routers, routerOfNat(nat));
      const n = r?.nats.find((x) => x.name === shortName(nat));
      if (!r || !n || n.natIpAllocateOption !== 'MANUAL_ONLY' || n.natIps.length === 0) continue;
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: t.destination.name,
        related: [r.id],
        message: `${describeWorkload(w)} uses the default egress "private-ranges-only", so ${describeDestination(t)} is reached from Google-managed addresses, not the static addresses ${n.natIps.map((a) => `"${shortName(a)}"`).join(', ')} of Cloud NAT "${r.name}/${n.name}"; send all traffic through the VPC: ${runUpdateCommand(w, '--vpc-egress=all-traffic')}`,
        trace: t,
      });
    }
  },
});
