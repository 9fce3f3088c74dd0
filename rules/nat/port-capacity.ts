import { hopOf, type Trace } from '../../src/engine/types.js';
import { fixText, natUpdate, type Fix } from '../../src/fix.js';
import { defineRule } from '../../src/rule.js';
import { describeWorkload } from '../../src/describe.js';
import { decidedTraces, describeDestination, workloadOf } from '../path.js';
import { byId, pushTo } from '../../src/lookup.js';

// Minimum ports per VM (64 without dynamic port allocation): https://cloud.google.com/nat/docs/ports-and-addresses;
// a connector's maximum instances default to 10: https://cloud.google.com/vpc/docs/serverless-vpc-access.
const CONNECTOR_MAX_DEFAULT = 10;

export default defineRule({
  meta: {
    id: 'nat/port-capacity',
    severity: 'note',
    short: 'Cloud NAT ports per connector VM cap concurrent connections to one destination.',
    description:
      'Without dynamic port allocation each connector VM gets the NAT\'s minimum ports per VM (64 by default) for each destination address and port, so the connector as a whole can hold at most min-ports × max-instances concurrent connections to, say, github.com:443. Beyond that new connections fail. The figure is an upper bound; dropped-packet reasons are not verified here.',
    requires: ['connectors', 'routers'],
    path: true,
  },
  check(ctx) {
    // One note per connector and destination: the cap is the connector's, whichever workloads share it.
    const groups = new Map<string, Trace[]>();
    for (const t of decidedTraces(
      ctx,
      (t) => t.destination.kind === 'internet' && t.facts.connector !== undefined,
      (t) => t.destination.kind === 'internet' && workloadOf(ctx.model, t).connector !== undefined,
    )) {
      if (t.verdict !== 'REACHABLE' || t.facts.nat === undefined || t.facts.natDynamicPorts) continue;
      const key = `${t.facts.connector}|${t.facts.nat}|${t.destination.name}`;
      pushTo(groups, key, t);
    }
    for (const traces of groups.values()) {
      const t = traces[0]!;
      const c = byId(ctx.model.connectors, t.facts.connector)!;
      const users = traces.map((x) => describeWorkload(workloadOf(ctx.model, x)));
      const max = c.maxInstances ?? CONNECTOR_MAX_DEFAULT;
      const natHop = hopOf(t, 'NAT')!;
      const { nat } = natHop.nat;
      const ports = nat.minPortsPerVm;
      const fix: Fix = { summary: 'for more, enable dynamic port allocation', commands: [natUpdate(natHop.nat, { 'enable-dynamic-port-allocation': true })] };
      ctx.report({
        resource: c.id,
        source: c.source,
        destination: t.destination.name,
        related: [t.facts.nat!, ...traces.map((x) => x.workload)],
        fixes: [fix],
        message: `Cloud NAT "${nat.name}" gives each VM ${ports} ports per destination, so connector "${c.name}" (${max} instances at most, used by ${users.join(', ')}) can hold at most ${ports} × ${max} = ${ports * max} concurrent connections to ${describeDestination(t)}; ${fixText(fix)}`,
        trace: t,
      });
    }
  },
});
