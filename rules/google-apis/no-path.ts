import type { Trace } from '../../src/engine/types.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';

// Inside the VPC, Google APIs need Private Google Access or Cloud NAT (facts 4.10, 6.4; NAT for Google APIs UNVERIFIED, facts 5.6).

export default defineRule({
  meta: {
    id: 'google-apis/no-path',
    severity: 'warning',
    short: 'The workload cannot reach Google APIs from inside the VPC.',
    description:
      "The workload's traffic to Google APIs (a public googleapis.com address, or private.googleapis.com 199.36.153.8) enters the VPC, and no path leaves it: Private Google Access is off on the source subnet and no Cloud NAT serves it, or no route leads out (drops that another rule reports, such as a firewall deny, are not repeated). Calls to Cloud Storage, Secret Manager and other APIs time out.",
    requires: ['connectors', 'subnetworks', 'firewalls', 'routes', 'routers'],
    path: true,
  },
  check(ctx) {
    // Only traffic that entered the VPC: a workload without VPC access reaches googleapis.com from
    // Google's serverless network (it used to be told it "cannot reach google-apis-private", the
    // VIP a VPC-less workload has no use for), and the drops before the VPC (connector not ready or
    // not found, a wrong Direct VPC subnet, both modes set) have rules of their own.
    const google = (t: Trace) => t.destination.kind === 'google-apis' || t.destination.kind === 'google-apis-private';
    for (const t of tracesIntoVpc(ctx, google)) {
      // A firewall deny is firewall/egress-denied's: not repeated here.
      if (t.verdict !== 'UNREACHABLE' || t.cause === 'FIREWALL_RULE') continue;
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
