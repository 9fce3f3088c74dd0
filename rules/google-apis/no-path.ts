import type { DropCause } from '../../src/engine/types.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, describeDestination, workloadOf } from '../path.js';

// Inside the VPC, Google APIs need Private Google Access or Cloud NAT (facts 4.10, 6.4; NAT for Google APIs UNVERIFIED, facts 5.6).
/** Drops with a rule of their own (firewall/egress-denied, connector/not-ready, run/*, direct-vpc/*): not repeated here. */
const REPORTED_ELSEWHERE: ReadonlySet<DropCause> = new Set([
  'FIREWALL_RULE',
  'VPC_CONNECTOR_NOT_RUNNING',
  'VPC_CONNECTOR_NOT_FOUND',
  'VPC_CONNECTOR_REGION_MISMATCH',
  'DIRECT_VPC_SUBNET_NOT_FOUND',
  'DIRECT_VPC_SUBNET_REGION_MISMATCH',
  'INVALID_VPC_CONFIGURATION',
]);

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
    for (const t of decidedTraces(ctx, (t) => t.destination.kind === 'google-apis' || t.destination.kind === 'google-apis-private')) {
      if (t.verdict !== 'UNREACHABLE' || REPORTED_ELSEWHERE.has(t.cause!)) continue;
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
