import type { Trace } from '../../src/engine/types.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';
import { fixText } from '../../src/fix.js';
import { shortName } from '../../src/names.js';

// Inside the VPC, Google APIs need Private Google Access or Cloud NAT
// (https://cloud.google.com/vpc/docs/configure-private-google-access; whether Cloud NAT serves Google APIs is not documented).

/** Why a trace to Google APIs stopped, from its cause and facts. */
function why(t: Trace): string {
  const subnet = t.facts.sourceSubnetwork ? `subnet "${shortName(t.facts.sourceSubnetwork)}"` : `connector range ${t.facts.sourceRange} (a hidden subnet)`;
  switch (t.cause) {
    case 'PRIVATE_GOOGLE_ACCESS_DISALLOWED':
      return t.facts.hiddenSubnet
        ? `no Cloud NAT serves ${subnet}, and whether it has Private Google Access is not visible`
        : `${subnet} has Private Google Access off and no Cloud NAT serves it`;
    case 'NO_ROUTE':
      return `no route in network "${shortName(t.facts.network!)}" matches ${t.destination.ip}`;
    case 'NO_EXTERNAL_ADDRESS':
      return `no Cloud NAT serves ${subnet}`;
    default:
      return `the path ends ${t.verdict} (${t.cause})`;
  }
}

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
      ctx.report({
        resource: w.id,
        source: w.source,
        destination: t.destination.name,
        fixes: t.fixes,
        message: `${describeWorkload(w)} cannot reach ${describeDestination(t)}: ${why(t)}; ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
