// The path engine on the facts §10 scenario and its variants (test/helpers/variants.ts) and small raw-JSON models.
import { describe, expect, it } from 'vitest';
import { INTERNET, parseDestination } from '../src/engine/destinations.js';
import { findWorkload, traceAll, traceOne, traceSession } from '../src/engine/trace.js';
import { fixLine } from './engine-helpers.js';
import type { Destination, Trace } from '../src/engine/types.js';
import { loadPaths } from '../src/load/index.js';
import type { Model } from '../src/model.js';
import { formatTraceText, traceToJson } from '../src/output/trace-text.js';
import { UsageError } from '../src/errors.js';
import { golden } from './helpers/golden.js';
import {
  DEFAULT_ROUTE_DELETED,
  DENY_ALL_CONNECTOR_EGRESS,
  DIRECT_VPC_WITHOUT_NAT,
  loadVariant,
  NAT_IN_OTHER_REGION,
  NAT_LISTING_OTHER_SUBNETS,
  NAT_NOT_LISTING_CONNECTOR_RANGE,
  PRIVATE_RANGES_ONLY_WITH_STATIC_NAT,
} from './helpers/variants.js';
import { addFirewall, addRoute, build, deny, directVpc, GW_PREFIX, job, nat, SEED, seedDocs, subnet, vpcAccess } from './engine-helpers.js';

const internet = (m: Model, d: Destination = INTERNET): Trace => traceOne(traceSession(m), m.workloads[0]!, d);

describe('facts §10 scenario', () => {
  it('the seed example reaches GitHub through the connector and Cloud NAT', async () => {
    const t = internet(await loadPaths([SEED]));
    expect(t.verdict).toBe('REACHABLE');
    expect(t.steps.map((s) => s.step)).toEqual(['START_FROM_CLOUD_RUN_JOB', 'ARRIVE_AT_VPC_CONNECTOR', 'APPLY_EGRESS_FIREWALL_RULE', 'APPLY_ROUTE', 'NAT', 'DELIVER']);
    expect(t.steps[4]!.detail).toBe('Cloud NAT nat-router-europe/nat-europe (auto-allocated)');
    expect(t.egressAddresses).toEqual(['auto-allocated Cloud NAT']);
    expect(t.caveats.join('\n')).toContain('Google does not document whether');
    golden('trace-seed-internet.txt', formatTraceText(t));
  });

  it.each([
    ['Direct VPC without NAT', 'NO_EXTERNAL_ADDRESS', DIRECT_VPC_WITHOUT_NAT],
    ['NAT in another region', 'NO_EXTERNAL_ADDRESS', NAT_IN_OTHER_REGION],
    ['NAT listing other subnets', 'NO_EXTERNAL_ADDRESS', NAT_LISTING_OTHER_SUBNETS],
    ["NAT not listing the connector's range", 'NO_EXTERNAL_ADDRESS', NAT_NOT_LISTING_CONNECTOR_RANGE],
    ['connector egress denied', 'FIREWALL_RULE', DENY_ALL_CONNECTOR_EGRESS],
    ['default route deleted', 'NO_ROUTE', DEFAULT_ROUTE_DELETED],
  ] as const)('variant %s is UNREACHABLE with %s', async (_name, cause, variant) => {
    const t = internet(await loadVariant(variant));
    expect([t.verdict, t.cause]).toEqual(['UNREACHABLE', cause]);
    expect(fixLine(t)).toMatch(/gcloud /);
  });

  it('the broken Direct VPC variant renders its breaking hop and fix', async () => {
    golden('trace-direct-vpc-no-nat.txt', formatTraceText(internet(await loadVariant(DIRECT_VPC_WITHOUT_NAT))));
  });

  it('a NAT in another region and a NAT listing other subnets are named in the facts', async () => {
    const other = internet(await loadVariant(NAT_IN_OTHER_REGION));
    expect(other.facts.natsOtherRegions).toEqual(['//compute.googleapis.com/projects/myproject/regions/us-central1/routers/nat-router-europe/nats/nat-europe']);
    const listed = internet(await loadVariant(NAT_LISTING_OTHER_SUBNETS));
    expect(listed.facts.natsNotCovering).toHaveLength(1);
  });

  it('connector and Direct VPC both set: INVALID_VPC_CONFIGURATION (facts 4.8)', () => {
    const d = seedDocs();
    vpcAccess(d).networkInterfaces = [{ network: 'my-vpc', subnetwork: 'my-subnet' }];
    const t = internet(build(d));
    expect([t.verdict, t.cause, t.facts.egressMode]).toEqual(['UNREACHABLE', 'INVALID_VPC_CONFIGURATION', 'conflict']);
  });

  it('private-ranges-only with a static NAT: GitHub reached from Google-managed addresses', async () => {
    const t = internet(await loadVariant(PRIVATE_RANGES_ONLY_WITH_STATIC_NAT));
    expect(t.verdict).toBe('REACHABLE');
    expect(t.facts.entersVpc).toBe(false);
    expect(t.steps.map((s) => s.step)).toContain('SERVERLESS_EXTERNAL_CONNECTION');
    expect(t.egressAddresses).toEqual(['Google-managed (not static)']);
    // A private destination still enters the VPC under private-ranges-only.
    expect(internet(await loadVariant(PRIVATE_RANGES_ONLY_WITH_STATIC_NAT), { ...INTERNET, ip: '10.154.0.5' }).facts.entersVpc).toBe(true);
  });

  it('no VPC access: public destinations through Google-managed egress, private ones unreachable', () => {
    const d = seedDocs();
    delete job(d).template.template.vpcAccess;
    const m = build(d);
    expect(internet(m).facts.egressMode).toBe('none');
    expect(internet(m).egressAddresses).toEqual(['Google-managed (not static)']);
    expect(internet(m, { ...INTERNET, ip: '10.1.2.3' }).cause).toBe('VPC_CONNECTOR_NOT_SET');
  });

  it('connector states and references', () => {
    const d = seedDocs();
    d['connectors.json'].connectors[0].state = 'ERROR';
    expect(internet(build(d)).cause).toBe('VPC_CONNECTOR_NOT_RUNNING');
    const e = seedDocs();
    vpcAccess(e).connector = 'projects/myproject/locations/europe-west2/connectors/nope';
    expect(internet(build(e)).cause).toBe('VPC_CONNECTOR_NOT_FOUND');
    const f = seedDocs();
    vpcAccess(f).connector = 'projects/myproject/locations/us-east1/connectors/vpc-conn-europe';
    expect(internet(build(f)).cause).toBe('VPC_CONNECTOR_REGION_MISMATCH');
  });
});

describe('UNDETERMINED when a collection is missing', () => {
  it.each([
    ['connectors.json', 'connectors'],
    ['firewalls.json', 'firewalls'],
    ['routes.json', 'routes'],
    ['routers.json', 'routers'],
  ])('without %s', (file, collection) => {
    const d = seedDocs();
    d[file] = undefined;
    const t = internet(build(d));
    expect(t.verdict).toBe('UNDETERMINED');
    expect(t.missing?.map((m) => m.collection)).toEqual([collection]);
  });

  it('without effective firewalls the VPC rules are evaluated with a caveat', () => {
    const d = seedDocs();
    d['effective-firewalls-my-vpc.json'] = undefined;
    const t = internet(build(d));
    expect(t.verdict).toBe('REACHABLE');
    expect(t.caveats.join('\n')).toContain('firewall policies were not evaluated');
  });

  it('Direct VPC without subnetworks', () => {
    const d = directVpc(seedDocs());
    d['subnetworks.json'] = undefined;
    expect(internet(build(d)).missing).toEqual([{ collection: 'subnetworks', project: 'myproject', region: 'europe-west2' }]);
  });
});

describe('routes', () => {
  it('longest prefix wins over priority; then the lowest priority number', () => {
    const d = addRoute(addRoute(seedDocs(), 'gh-proxy', { destRange: '140.82.112.0/20', priority: 2000, nextHopIp: '10.154.0.9' }), 'gh-vpn', {
      destRange: '140.82.112.0/20',
      priority: 1500,
      nextHopVpnTunnel: `${GW_PREFIX}regions/europe-west2/vpnTunnels/t1`,
    });
    const t = internet(build(d));
    expect(t.facts.route).toMatch(/routes\/gh-vpn$/);
    expect([t.verdict, t.cause]).toEqual(['AMBIGUOUS', 'ROUTE_NEXT_HOP_NOT_INTERNET_GATEWAY']);
  });

  it('tag-scoped routes apply only to sources with the tag', () => {
    const d = addRoute(seedDocs(), 'proxy', { destRange: '0.0.0.0/0', priority: 10, nextHopIp: '10.154.0.9', tags: ['vpc-connector'] });
    expect(internet(build(d)).facts.route).toMatch(/routes\/proxy$/);
    const other = addRoute(seedDocs(), 'proxy', { destRange: '0.0.0.0/0', priority: 10, nextHopIp: '10.154.0.9', tags: ['web'] });
    expect(internet(build(other)).facts.route).toMatch(/default-route-0d2b7bd7a4e7a1b1$/);
    const tagged = addRoute(directVpc(seedDocs(), ['web']), 'proxy', { destRange: '0.0.0.0/0', priority: 10, nextHopIp: '10.154.0.9', tags: ['web'] });
    expect(internet(build(tagged)).facts.route).toMatch(/routes\/proxy$/);
  });

  it('subnet routes deliver inside the VPC', () => {
    const t = internet(build(seedDocs()), { ...INTERNET, ip: '10.154.3.4' });
    expect(t.steps.at(-1)!.detail).toContain('in subnet my-subnet');
  });
});

describe('Cloud NAT coverage (facts 5.2, 5.3)', () => {
  const list = (ranges: string[], secondary: string[] = []) => (d: any) => {
    nat(d).sourceSubnetworkIpRangesToNat = 'LIST_OF_SUBNETWORKS';
    nat(d).subnetworks = [{ name: 'my-subnet', sourceIpRangesToNat: ranges, secondaryIpRangeNames: secondary }];
    return d;
  };
  it.each([
    ['ALL_SUBNETWORKS_ALL_IP_RANGES', (d: any) => d, 'REACHABLE'],
    ['ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES', (d: any) => ((nat(d).sourceSubnetworkIpRangesToNat = 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES'), d), 'REACHABLE'],
    ['LIST_OF_SUBNETWORKS primary', list(['PRIMARY_IP_RANGE']), 'REACHABLE'],
    ['LIST_OF_SUBNETWORKS bare subnet', list([]), 'REACHABLE'],
    ['LIST_OF_SUBNETWORKS secondary ranges only', list(['LIST_OF_SECONDARY_IP_RANGES'], ['pods']), 'UNREACHABLE'],
  ])('Direct VPC with %s', (_name, edit, verdict) => {
    const t = internet(build(edit(directVpc(seedDocs()))));
    expect(t.verdict).toBe(verdict);
    expect(t.caveats.join('\n')).not.toContain('facts 5.3');
  });

  it('a --range connector under ALL_SUBNETWORKS_* is REACHABLE with the UNVERIFIED caveat, never under a list', () => {
    expect(internet(build(seedDocs())).caveats.join('\n')).toContain('Google does not document whether');
    expect(internet(build(list(['ALL_IP_RANGES'])(seedDocs()))).cause).toBe('NO_EXTERNAL_ADDRESS');
  });

  it('MANUAL_ONLY NAT: the egress addresses are the reserved IPs', () => {
    const d = seedDocs();
    nat(d).natIpAllocateOption = 'MANUAL_ONLY';
    nat(d).natIps = ['regions/europe-west2/addresses/nat-ip-1'];
    expect(internet(build(d)).egressAddresses).toEqual(['//compute.googleapis.com/projects/myproject/regions/europe-west2/addresses/nat-ip-1']);
  });
});

describe('Google APIs', () => {
  const apis = (m: Model) => traceAll(m).filter((t) => t.destination.kind.startsWith('google-apis'));
  it('Direct VPC with Private Google Access and no NAT reaches both API addresses through PGA', () => {
    const d = directVpc(seedDocs());
    d['routers.json'].items = {};
    expect(apis(build(d)).map((t) => [t.verdict, t.egressAddresses])).toEqual([
      ['REACHABLE', ['internal source address (Private Google Access)']],
      ['REACHABLE', ['internal source address (Private Google Access)']],
    ]);
  });
  it('a --range connector without NAT: PGA of the hidden subnet is unknown (AMBIGUOUS)', () => {
    const d = seedDocs();
    d['routers.json'].items = {};
    expect(apis(build(d)).map((t) => t.verdict)).toEqual(['AMBIGUOUS', 'AMBIGUOUS']);
  });
  it('Direct VPC without PGA and without NAT: PRIVATE_GOOGLE_ACCESS_DISALLOWED', () => {
    const d = directVpc(seedDocs());
    d['routers.json'].items = {};
    subnet(d).privateIpGoogleAccess = false;
    expect(apis(build(d)).map((t) => t.cause)).toEqual(['PRIVATE_GOOGLE_ACCESS_DISALLOWED', 'PRIVATE_GOOGLE_ACCESS_DISALLOWED']);
  });
});

describe('sharing and destinations', () => {
  it('workloads with the same source identity share the in-VPC path', () => {
    const d = seedDocs();
    const copy = structuredClone(job(d));
    copy.name = copy.name.replace('my-agent-4', 'my-agent-5');
    d['jobs.json'].jobs.push(copy);
    const m = build(d);
    const session = traceSession(m);
    const traces = traceAll(m, undefined, session);
    const stats = session.index.stats;
    expect(traces.filter((t) => t.verdict === 'REACHABLE' && t.destination.kind === 'internet')).toHaveLength(2);
    // internet, google-apis and google-apis-private are computed once and reused by the second job; a
    // VPC subnet is not cached (traceAll shares the subnet grouping instead), so each job traces its one
    // path group once.
    expect(stats.pathsComputed).toBe(5);
    expect(stats.cacheHits).toBe(3);
    // The end of the trace (after the workload's own steps) is shared per source and destination: the same facts and caveats objects.
    const [a, b] = traces.filter((t) => t.destination.kind === 'internet');
    expect(a!.workload).not.toBe(b!.workload);
    expect(b!.facts).toBe(a!.facts);
    expect(b!.caveats).toBe(a!.caveats);
    expect(b!.steps.slice(1)).toEqual(a!.steps.slice(1));
    expect(b!.steps[0]!.resource).toBe(b!.workload);
  });

  it('a private-ranges-only trace to a subnet outside RFC 1918 is not shared: its fix names its own workload', () => {
    const d = directVpc(seedDocs());
    vpcAccess(d).egress = 'PRIVATE_RANGES_ONLY';
    const pupi = { ...structuredClone(subnet(d)), name: 'pupi', ipCidrRange: '11.0.0.0/24' };
    pupi.selfLink = pupi.selfLink.replace('my-subnet', 'pupi');
    d['subnetworks.json'].items['regions/europe-west2'].subnetworks.push(pupi);
    // Three jobs behind one source: the second traces traceAll's grouped destinations, the third meets them again.
    for (const n of [5, 6]) {
      const copy = structuredClone(job(d));
      copy.name = copy.name.replace('my-agent-4', `my-agent-${n}`);
      d['jobs.json'].jobs.push(copy);
    }
    const m = build(d);
    const outside = traceAll(m).filter((t) => t.destination.kind === 'vpc' && !t.facts.entersVpc);
    expect(outside).toHaveLength(3);
    for (const t of outside) expect(fixLine(t)).toContain(`gcloud run jobs update ${t.workload.split('/').pop()} `);
    const dest = outside[0]!.destination;
    const [w1, w2] = m.workloads;
    const session = traceSession(m);
    expect(fixLine(traceOne(session, w2!, dest))).toContain(w2!.name);
    expect(fixLine(traceOne(session, w1!, dest))).toContain(w1!.name);
  });

  it('every trace has the same facts fields in the same order (one shape for the rules; the JSON order)', () => {
    const d = seedDocs();
    const m = build(d);
    const traces = traceAll(m); // the connectors' control-plane traces included
    expect(new Set(traces.map((t) => t.destination.kind))).toEqual(new Set(['internet', 'google-apis', 'google-apis-private', 'vpc', 'control-plane']));
    const shapes = new Set(traces.map((t) => Object.keys(t.facts).join(',')));
    expect([...shapes]).toHaveLength(1);
  });

  it('parses destinations', () => {
    expect(parseDestination('gh=140.82.112.3:22')[0]).toMatchObject({ destination: { name: 'gh', ip: '140.82.112.3', port: 22, protocol: 'tcp' } });
    expect(parseDestination('10.0.0.0/8')[0]).toMatchObject({ destination: { ip: '10.0.0.0', note: 'first address of 10.0.0.0/8' } });
    expect(parseDestination('8.8.8.8:53/udp')[0]).toMatchObject({ destination: { port: 53, protocol: 'udp' } });
    expect(parseDestination('1.1.1.1/icmp')[0]).toMatchObject({ destination: { port: undefined, protocol: 'icmp' } });
    expect(parseDestination('google-apis')).toHaveLength(2);
    expect(() => parseDestination('github.com')).toThrow(UsageError);
  });

  it('finds workloads by short or full name, with clear errors', () => {
    const m = build(seedDocs());
    expect(findWorkload(m, 'my-agent-4').name).toBe('my-agent-4');
    expect(() => findWorkload(m, 'nope')).toThrow(/no Cloud Run job, service or worker pool named "nope"/);
  });

  it('JSON form', () => {
    const j = traceToJson(internet(build(seedDocs())));
    expect(Object.keys(j).slice(0, 3)).toEqual(['verdict', 'workload', 'destination']);
    expect(j.steps[1]).toEqual({ step: 'ARRIVE_AT_VPC_CONNECTOR', resource: '//vpcaccess.googleapis.com/projects/myproject/locations/europe-west2/connectors/vpc-conn-europe', detail: 'connector vpc-conn-europe 10.8.0.0/28' });
  });
});
