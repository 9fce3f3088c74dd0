import { shortName } from '../../src/names.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { describeDestination, tracesIntoVpc, workloadOf } from '../path.js';
import { hopOf, type Trace } from '../../src/engine/types.js';
import { pushTo } from '../../src/lookup.js';
import { fixText } from '../../src/fix.js';

// Cloud NAT only serves routes to the default internet gateway (https://cloud.google.com/nat/docs/overview).
export default defineRule({
  meta: {
    id: 'route/nat-bypassed',
    severity: 'warning',
    short: 'Public traffic is routed to an appliance, VPN or other next hop, so Cloud NAT is not used.',
    description:
      'The route selected for a public destination has a next hop other than the default internet gateway (a proxy VM, an internal load balancer, a VPN tunnel). Cloud NAT is then not used, so the traffic does not leave from the NAT addresses; whether it reaches the destination depends on that next hop.',
    requires: ['connectors', 'subnetworks', 'firewalls', 'routes'],
    path: true,
  },
  check(ctx) {
    // One finding per route and source (connector or Direct VPC subnet): the route is the one mistake,
    // whatever destinations it takes; the trace shown (and its fix) is the internet one where there is one.
    const groups = new Map<string, Trace[]>();
    for (const t of tracesIntoVpc(ctx)) {
      if (t.cause !== 'ROUTE_NEXT_HOP_NOT_INTERNET_GATEWAY') continue;
      pushTo(groups, `${t.facts.route}|${t.facts.connector ?? t.facts.sourceSubnetwork ?? t.facts.sourceRange}`, t);
    }
    for (const traces of groups.values()) {
      const t = traces.find((x) => x.destination.kind === 'internet') ?? traces[0]!;
      const route = hopOf(t, 'APPLY_ROUTE')!.route!;
      const workloads = [...new Map(traces.map((x) => [x.workload, workloadOf(ctx.model, x)])).values()];
      const destinations = [...new Map(traces.map((x) => [x.destination.name, describeDestination(x)])).values()];
      ctx.report({
        resource: route.id,
        source: route.source,
        discriminator: t.facts.connector ?? t.facts.sourceSubnetwork ?? t.facts.sourceRange,
        related: workloads.map((w) => w.id),
        fixes: t.fixes,
        message: `route "${route.name}" (${route.destRange.text}, priority ${route.priority}) sends the traffic of ${workloads.map(describeWorkload).join(', ')} for ${destinations.join(', ')} to ${route.nextHop.kind} "${shortName(route.nextHop.target)}" instead of the default internet gateway, so Cloud NAT is not used; if the traffic should use Cloud NAT, ${t.fixes!.map(fixText).join('; or ')}`,
        trace: t,
      });
    }
  },
});
