import { defineRule } from '../../src/rule.js';
import { decidedTraces, describeDestination, describeWorkload, workloadOf } from '../path.js';

// Inside the VPC, Google APIs need Private Google Access or Cloud NAT (facts 4.10, 6.4; NAT for Google APIs UNVERIFIED, facts 5.6).
export default defineRule({
  meta: {
    id: 'google-apis/no-path',
    severity: 'warning',
    short: 'The workload cannot reach Google APIs from inside the VPC.',
    description:
      "The workload's traffic to Google APIs (a public googleapis.com address, or private.googleapis.com 199.36.153.8) enters the VPC, and no path leaves it: Private Google Access is off on the source subnet and no Cloud NAT serves it, or the route or firewall drops it. Calls to Cloud Storage, Secret Manager and other APIs time out.",
    requires: ['connectors', 'subnetworks', 'firewalls', 'routes', 'routers'],
    path: true,
  },
  check(ctx) {
    for (const t of decidedTraces(ctx, (t) => t.destination.kind === 'google-apis' || t.destination.kind === 'google-apis-private')) {
      if (t.verdict !== 'UNREACHABLE') continue;
      const w = workloadOf(ctx.model, t);
      const why = t.steps[t.steps.length - 1]!.detail;
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: t.destination.name,
        message: `${describeWorkload(w)} cannot reach ${describeDestination(t)}: ${why}; fix: ${t.fix}`,
        trace: t,
      });
    }
  },
});
