import { describeEntry } from '../../src/load/coverage.js';
import { relativeName } from '../../src/describe.js';
import type { Cidr } from '../../src/ip.js';
import type { Connector, CoverageEntry } from '../../src/model.js';
import { projectOf, shortName } from '../../src/names.js';
import { probeOverlaps, type Interval } from '../../src/overlap.js';
import { defineRule } from '../../src/rule.js';
import { byId, groupedBy, pushTo } from '../../src/lookup.js';
import { connectorCommand, type Fix } from '../../src/fix.js';
import { connectorOnFreeRange, fixesText, workloadsUsing } from '../support.js';
import type { FreeRangeOptions } from '../../src/free-range.js';

interface Range {
  /** How the range reads in a message: `subnet "my-subnet" ("10.8.0.0/20")` (built only for the ranges a message names). */
  label: () => string;
  resource: string;
  /** The connector this range belongs to (its own /28, its --subnet, or its hidden aet- subnet). */
  owner?: string;
  /** Overlapping it is certain to fail (primary subnet ranges, connectors); for the rest, Google does not say whether it checks them (unverified). */
  certain: boolean;
  connector?: Connector;
}

const interval = (range: Cidr, value: Range, probe = false): Interval<Range> => ({ start: range.start, end: range.end, probe, value });

export default defineRule({
  meta: {
    id: 'connector/range-overlap',
    severity: 'error',
    short: "A VPC connector's /28 overlaps another range in its network: a subnet, a secondary range, another connector, a private services access range or a peered subnet.",
    description:
      'A Serverless VPC Access connector needs a /28 that no other range in its VPC network uses. The rule sweeps all ranges of each network that has a ' +
      'connector: primary and secondary subnet ranges, other connectors, private services access ranges (global addresses with purpose VPC_PEERING) and ' +
      'the subnets of peered networks. Overlaps with a primary range or another connector are errors; overlaps with a secondary, private services ' +
      'access or peered range are warnings, because which of those Google checks is unverified. It needs the subnetworks of the network\'s project; ' +
      'addresses and peered subnetworks only refine the result, and a result without them says what was not seen.',
    requires: ['connectors', 'subnetworks', 'addresses', 'networks'],
  },
  check(ctx) {
    // Each network's ranges in use, gathered once for the free /28s of this run's fixes.
    const inUse: FreeRangeOptions['inUse'] = new Map();
    const { model } = ctx;

    // The connectors of each network that can be checked.
    const byNetwork = new Map<string, { connector: Connector; range: Cidr }[]>();
    for (const c of model.connectors) {
      const range = c.ipCidrRange ?? byId(model.subnetworks, c.subnet)?.range;
      if (!c.network || !range) {
        ctx.notEvaluated(c.id, `the connector's ${c.network ? 'range' : 'network'} is not known (its subnet is not in the input)`);
        continue;
      }
      if (range.family !== 4) continue;
      if (!ctx.need(c.id, [{ collection: 'subnetworks', project: projectOf(c.network)! }], 'cannot check the connector range against the subnets of its network'))
        continue;
      pushTo(byNetwork, c.network, { connector: c, range });
    }

    for (const [networkId, connectors] of byNetwork) {
      const project = projectOf(networkId)!;
      const intervals: Interval<Range>[] = [];
      const missing: CoverageEntry[] = [];
      const unseen: string[] = [];
      // A --range connector's hidden aet- subnet, if the list shows it, has exactly the connector's range.
      const ownSubnet = new Map(connectors.filter((x) => x.connector.subnet).map((x) => [x.connector.subnet!, x.connector.id]));
      const ownRange = new Map(connectors.filter((x) => x.connector.ipCidrRange).map((x) => [`${x.range.start}-${x.range.end}`, x.connector.id]));
      for (const { connector, range } of connectors)
        intervals.push(interval(range, { label: () => `VPC connector "${relativeName(connector.id)}" ("${range.text}")`, resource: connector.id, owner: connector.id, certain: true, connector }, true));

      const addSubnets = (network: string, peered: boolean) => {
        for (const s of groupedBy(model.subnetworks, 'network', (x) => x.network, network)) {
          const own = peered
            ? undefined
            : (ownSubnet.get(s.id) ??
              (s.name.startsWith('aet-') ? ownRange.get(`${s.range.start}-${s.range.end}`) : undefined));
          const where = () => (peered ? ` of peered network "${relativeName(network)}"` : '');
          if (s.range.family === 4)
            intervals.push(interval(s.range, { label: () => `subnet "${s.name}"${where()} ("${s.range.text}")`, resource: s.id, owner: own, certain: !peered }));
          for (const r of s.secondaryRanges)
            if (r.range.family === 4)
              intervals.push(interval(r.range, { label: () => `secondary range "${r.rangeName}" of subnet "${s.name}"${where()} ("${r.range.text}")`, resource: s.id, certain: false }));
        }
      };
      addSubnets(networkId, false);

      if (model.coverage.has('addresses', project)) {
        for (const a of model.addresses)
          if (a.purpose === 'VPC_PEERING' && a.network === networkId && a.range?.family === 4)
            intervals.push(interval(a.range, { label: () => `private services access range "${a.name}" ("${a.range!.text}")`, resource: a.id, certain: false }));
      } else {
        missing.push({ collection: 'addresses', project });
        unseen.push(`private services access ranges (the input has no ${describeEntry({ collection: 'addresses', project })})`);
      }

      const network = byId(model.networks, networkId);
      if (!network) unseen.push(`peered networks (network "${relativeName(networkId)}" is not in the input)`);
      for (const peering of network?.peerings ?? []) {
        if (peering.state === 'INACTIVE') continue;
        const peerProject = projectOf(peering.network)!;
        if (model.coverage.has('subnetworks', peerProject)) addSubnets(peering.network, true);
        else {
          missing.push({ collection: 'subnetworks', project: peerProject });
          unseen.push(`subnets of peered network "${relativeName(peering.network)}" (the input has no ${describeEntry({ collection: 'subnetworks', project: peerProject })})`);
        }
      }

      const found = new Map<string, Range[]>();
      const add = (c: Connector, other: Range) => pushTo(found, c.id, other);
      for (const [a, b] of probeOverlaps(intervals).pairs) {
        if (a.value.owner !== undefined && a.value.owner === b.value.owner) continue;
        add(a.value.connector!, b.value);
        if (b.value.connector) add(b.value.connector, a.value);
      }

      const caveats = unseen.map((u) => `not checked against ${u}`);
      // Which connectors move: each one that overlaps something else than a connector, and of two connectors that
      // overlap each other, when neither moves already, the one fewer workloads of the input use (else the later by
      // name). One move settles a pair, and every move gets its own free /28 (none handed out twice).
      const moving = new Set<string>();
      for (const [id, others] of found) if (others.some((o) => !o.connector)) moving.add(id);
      const users = (id: string) => workloadsUsing(model, id).length;
      for (const id of [...found.keys()].sort())
        for (const other of found.get(id)!) {
          const peer = other.connector?.id;
          if (peer === undefined || moving.has(id) || moving.has(peer)) continue;
          moving.add(users(id) < users(peer) || (users(id) === users(peer) && id > peer) ? id : peer);
        }
      const avoid: Cidr[] = [];
      for (const { connector, range } of connectors) {
        const others = found.get(connector.id);
        if (!others) {
          if (unseen.length) ctx.notEvaluated(connector.id, `no overlap with the subnets and connectors in the input, but not checked against ${unseen.join('; ')}`, missing);
          continue;
        }
        const labelled = others.map((o) => ({ ...o, text: o.label() })).sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
        const movers = others.filter((o) => o.connector && moving.has(o.connector.id)).map((o) => `"${o.connector!.name}"`);
        const unused = workloadsUsing(model, connector.id).length === 0;
        const fixes: Fix[] = moving.has(connector.id)
          ? [
              connectorOnFreeRange(model, connector, networkId, { viaSubnet: connector.subnet !== undefined, migrate: true, avoid, inUse }),
              // Nothing in the input uses it: deleting it settles the overlap too, if nothing outside the input uses it either.
              ...(unused ? [{ summary: 'no workload of the input uses it: if nothing else does, delete it instead', commands: [connectorCommand('delete', connector.id)] }] : []),
            ]
          : [{ summary: `moving connector ${movers.join(', ')} settles it (its own finding gives it a free /28)`, commands: [] }];
        ctx.report({
          resource: connector.id,
          source: connector.source,
          severity: labelled.some((o) => o.certain) ? 'error' : 'warning',
          related: [...new Set(labelled.map((o) => o.resource))],
          ...(caveats.length ? { caveats } : {}),
          message:
            `VPC connector "${relativeName(connector.id)}" range "${range.text}" overlaps ${labelled.map((o) => o.text).join(', ')} in network "${shortName(networkId)}"; ` +
            `a connector needs a /28 that no other range in the network uses; ${fixesText(fixes)}`,
          fixes,
        });
      }
    }
  },
});
