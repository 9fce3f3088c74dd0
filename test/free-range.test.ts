import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_RANGE_SEARCH, firstFree, freeConnectorRange } from '../src/free-range.js';
import { cidrOf, parseCidr, type Cidr } from '../src/ip.js';
import { CoverageRecord } from '../src/load/coverage.js';
import type { Address, Collection, Connector, Model, Network, Peering, Route, Subnetwork } from '../src/model.js';
import { computeName, connectorName } from '../src/names.js';

const P = 'host';
const NET = computeName(P, 'networks', 'my-vpc');
const PEER = computeName('peer', 'networks', 'peer-vpc');
const ALL: Collection[] = ['networks', 'subnetworks', 'addresses', 'connectors', 'routes'];
const cidr = (t: string): Cidr => parseCidr(t)!;

interface Parts {
  networks?: Network[];
  subnetworks?: Subnetwork[];
  addresses?: Address[];
  connectors?: Connector[];
  routes?: Route[];
  /** [collection, project, region?] seen; default every collection of P and of "peer". */
  seen?: [Collection, string, string?][];
}

function model(parts: Parts): Model {
  const coverage = new CoverageRecord();
  const seen = parts.seen ?? [...ALL.map((c): [Collection, string] => [c, P]), ['subnetworks', 'peer']];
  for (const [collection, project, region] of seen) coverage.add({ collection, project, ...(region ? { region } : {}) });
  return {
    networks: parts.networks ?? [network()],
    subnetworks: parts.subnetworks ?? [],
    firewalls: [],
    firewallPolicies: [],
    routes: parts.routes ?? [],
    routers: [],
    addresses: parts.addresses ?? [],
    connectors: parts.connectors ?? [],
    workloads: [],
    commands: [],
    coverage,
    loadNotes: [],
  };
}

function network(extra: Partial<Network> = {}, id = NET): Network {
  return { id, project: id.split('/')[4]!, name: id.split('/').pop()!, legacy: false, enforcementOrder: 'AFTER_CLASSIC_FIREWALL', peerings: [], autoCreateSubnetworks: false, ...extra };
}

function subnet(name: string, range: string, secondary: string[] = [], net = NET): Subnetwork {
  const project = net.split('/')[4]!;
  return {
    id: computeName(project, 'subnetworks', name, 'europe-west2'),
    project,
    name,
    region: 'europe-west2',
    network: net,
    range: cidr(range),
    secondaryRanges: secondary.map((r, i) => ({ rangeName: `${name}-s${i}`, range: cidr(r) })),
    privateIpGoogleAccess: false,
    purpose: 'PRIVATE',
  };
}

function psa(name: string, range: string, net = NET): Address {
  return { id: computeName(P, 'addresses', name), project: P, name, purpose: 'VPC_PEERING', network: net, range: cidr(range) };
}

function connector(name: string, range: string, net = NET): Connector {
  return { id: connectorName(P, 'europe-west2', name), project: P, name, region: 'europe-west2', network: net, ipCidrRange: cidr(range) };
}

function route(name: string, dest: string): Route {
  return { id: computeName(P, 'routes', name), project: P, name, network: NET, destRange: cidr(dest), priority: 1000, tags: [], nextHop: { kind: 'vpn-tunnel', target: 't' } };
}

const peering = (extra: Partial<Peering> = {}): Peering => ({ name: 'to-peer', network: PEER, state: 'ACTIVE', ...extra });
const free = (m: Model, opts?: Parameters<typeof freeConnectorRange>[2]) => freeConnectorRange(m, NET, opts).range?.text;

describe('freeConnectorRange', () => {
  it('starts at 10.8.0.0/28 in an empty network, with nothing unknown', () => {
    expect(freeConnectorRange(model({}), NET)).toEqual({ range: cidr('10.8.0.0/28'), unknown: [], avoided: 0 });
  });

  it('skips primary subnet ranges and lands right after them', () => {
    expect(free(model({ subnetworks: [subnet('a', '10.8.0.0/20'), subnet('b', '10.8.16.0/28')] }))).toBe('10.8.16.16/28');
  });

  it('skips any /28 that a smaller range falls in, host bits set or not', () => {
    expect(free(model({ subnetworks: [subnet('a', '10.8.0.8/29'), subnet('b', '10.8.0.17/30')] }))).toBe('10.8.0.32/28');
  });

  it('skips secondary ranges', () => {
    expect(free(model({ subnetworks: [subnet('a', '192.168.0.0/24', ['10.8.0.0/17', '10.8.128.0/18'])] }))).toBe('10.8.192.0/28');
  });

  it("skips connectors' /28s in the network, not those of other networks", () => {
    const other = computeName(P, 'networks', 'other');
    const m = model({ connectors: [connector('c1', '10.8.0.0/28'), connector('c2', '10.8.0.16/28'), connector('c3', '10.8.0.32/28', other)] });
    expect(free(m)).toBe('10.8.0.32/28');
  });

  it('skips private services access ranges of the network only', () => {
    const other = computeName(P, 'networks', 'other');
    const m = model({ addresses: [psa('sql', '10.8.0.0/16'), psa('elsewhere', '10.0.0.0/16', other), { ...psa('not-psa', '10.0.0.0/16'), purpose: 'GCE_ENDPOINT' }] });
    expect(free(m)).toBe('10.0.0.0/28');
  });

  it('skips the subnets of active peered networks, not of inactive ones', () => {
    const peerSubnets = [subnet('p', '10.8.0.0/24', ['10.8.1.0/24'], PEER)];
    expect(free(model({ networks: [network({ peerings: [peering()] })], subnetworks: peerSubnets }))).toBe('10.8.2.0/28');
    expect(free(model({ networks: [network({ peerings: [peering({ state: 'INACTIVE' })] })], subnetworks: peerSubnets }))).toBe('10.8.0.0/28');
  });

  it('keeps an auto-mode network out of 10.128.0.0/9 as a whole', () => {
    const low = { subnetworks: [subnet('low', '10.0.0.0/9')] };
    expect(free(model({ ...low, networks: [network({ autoCreateSubnetworks: false })] }))).toBe('10.128.0.0/28');
    expect(free(model({ ...low, networks: [network({ autoCreateSubnetworks: true })] }))).toBe('172.16.0.0/28');
  });

  it('skips route destinations a /28 would contain, not broader ones', () => {
    expect(free(model({ routes: [route('host', '10.8.0.5/32'), route('onprem', '10.0.0.0/8')] }))).toBe('10.8.0.16/28');
  });

  it('honours extra ranges to avoid and the blocks to search', () => {
    expect(free(model({}), { avoid: [cidr('10.8.0.0/16')] })).toBe('10.0.0.0/28');
    expect(free(model({}), { within: [cidr('192.168.0.0/16')] })).toBe('192.168.0.0/28');
  });

  it('returns no range when every /28 searched is in use', () => {
    const r = freeConnectorRange(model({ subnetworks: [subnet('a', '192.168.0.0/24')] }), NET, { within: [cidr('192.168.0.0/25')] });
    expect(r.range).toBeUndefined();
  });

  describe('unknown', () => {
    it('names the collections of the network project that are not in the input', () => {
      const r = freeConnectorRange(model({ seen: [['networks', P], ['subnetworks', P]] }), NET);
      expect(r.unknown).toEqual([
        { collection: 'addresses', project: P },
        { collection: 'connectors', project: P },
        { collection: 'routes', project: P },
      ]);
      expect(r.range?.text).toBe('10.8.0.0/28');
    });

    it('counts connectors listed per region as seen', () => {
      const seen: [Collection, string, string?][] = [...ALL.filter((c) => c !== 'connectors').map((c): [Collection, string] => [c, P]), ['connectors', P, 'europe-west2']];
      expect(freeConnectorRange(model({ seen }), NET).unknown).toEqual([]);
    });

    it('names the subnetworks of a peer project not in the input', () => {
      const seen = ALL.map((c): [Collection, string] => [c, P]);
      expect(freeConnectorRange(model({ seen, networks: [network({ peerings: [peering()] })] }), NET).unknown).toEqual([{ collection: 'subnetworks', project: 'peer' }]);
    });

    it('lets the private services access ranges stand for the service producer peering when addresses are known', () => {
      const tenant = computeName('tp-123', 'networks', 'servicenetworking');
      const psaPeering = peering({ name: 'servicenetworking-googleapis-com', network: tenant });
      const seen = ALL.map((c): [Collection, string] => [c, P]);
      expect(freeConnectorRange(model({ seen, networks: [network({ peerings: [psaPeering] })] }), NET).unknown).toEqual([]);
      const noAddresses = seen.filter(([c]) => c !== 'addresses');
      expect(freeConnectorRange(model({ seen: noAddresses, networks: [network({ peerings: [psaPeering] })] }), NET).unknown).toEqual([
        { collection: 'addresses', project: P },
        { collection: 'subnetworks', project: 'tp-123' },
      ]);
    });

    it('names the network when it is missing, and then avoids the auto-mode reserve', () => {
      const r = freeConnectorRange(model({ networks: [], subnetworks: [subnet('low', '10.0.0.0/9')] }), NET);
      expect(r.unknown).toEqual([{ collection: 'networks', project: P }]);
      expect(r.range?.text).toBe('172.16.0.0/28');
    });
  });

  it('is deterministic: the order of the input does not change the answer', () => {
    const subs = [subnet('a', '10.8.0.0/24'), subnet('b', '10.8.1.0/28'), subnet('c', '10.8.1.32/27', ['10.8.1.16/28'])];
    const answers = new Set([subs, [...subs].reverse(), [subs[1]!, subs[2]!, subs[0]!]].map((s) => free(model({ subnetworks: s }))));
    expect([...answers]).toEqual(['10.8.1.64/28']);
  });

  it('agrees with a /28-by-/28 scan', () => {
    const block = cidr('10.8.0.0/22'); // 64 /28s
    const arb = fc.array(fc.record({ offset: fc.integer({ min: 0, max: 1100 }), prefix: fc.integer({ min: 22, max: 32 }) }), { maxLength: 30 });
    fc.assert(
      fc.property(arb, (raw) => {
        const used = raw.map((r) => cidrOf(block.start - 32 + r.offset, r.prefix));
        let expected: string | undefined;
        for (let at = block.start; at <= block.end && expected === undefined; at += 16)
          if (!used.some((u) => u.start <= at + 15 && at <= u.end)) expected = cidrOf(at, 28).text;
        expect(firstFree(used, [block])?.text).toBe(expected);
      }),
    );
  });

  it('searches 10.8.0.0/16, the rest of 10.0.0.0/8, 172.16.0.0/12, then 192.168.0.0/16', () => {
    expect(CONNECTOR_RANGE_SEARCH.map((c) => c.text)).toEqual(['10.8.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    expect(free(model({ subnetworks: [subnet('ten', '10.0.0.0/8'), subnet('172', '172.16.0.0/12')] }))).toBe('192.168.0.0/28');
  });

  it('handles a network with 100,000 subnets and their secondary ranges', () => {
    // /26 subnets with a /26 secondary range each fill 10.0.0.0/8 from its start up to 10.195.80.0; 10.8.0.0/16 is taken.
    const subs: Subnetwork[] = [];
    for (let i = 0; i < 100_000; i++) {
      const s = subnet(`s${i}`, cidrOf(0x0a000000 + i * 128, 26).text, [cidrOf(0x0a000000 + i * 128 + 64, 26).text]);
      subs.push(s);
    }
    const r = freeConnectorRange(model({ subnetworks: subs }), NET);
    expect(r.range?.text).toBe('10.195.80.0/28');
    expect(r.avoided).toBe(200_000);
  });
});
