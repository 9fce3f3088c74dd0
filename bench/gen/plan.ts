// The topology of a synthetic organisation: which projects, networks, subnets (with their ranges),
// connectors, routers and workloads exist. Resource counts depend on the scale only; the seed picks
// regions, sizes, names and settings. Firewall rules and routes are derived per unit in render.ts.
//
// Scale N = the standalone §10 project `myproject` + (N - 1) Shared VPC service projects ("units"),
// SERVICES_PER_HOST of them per host project. See UNIT and HOST for what each adds.
import { rngFor } from './random.js';

/** Real region names; a host uses HOST_NAT_REGIONS of them with Cloud NAT and one without. */
export const REGIONS = [
  'europe-west2',
  'europe-west1',
  'europe-west4',
  'europe-north1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-west1',
  'asia-northeast1',
  'asia-southeast1',
  'australia-southeast1',
  'southamerica-east1',
] as const;

export const SERVICES_PER_HOST = 20;
export const HOST_NAT_REGIONS = 4;
/** The NAT region slot whose NAT lists its subnets (LIST_OF_SUBNETWORKS); the others NAT all subnets. */
export const LIST_SLOT = 3;

/** What one service project adds (besides its deliberate breakages). */
export const UNIT = {
  /** In the host network: 16 app subnets, 2 Direct VPC subnets, 2 connector /28 subnets. */
  subnetworks: 20,
  /** 4 app subnets have two secondary ranges each. */
  secondaryRanges: 8,
  /** 34 rules of the unit in the host network, plus the 6 aet-* rules of its host-project connector. */
  firewalls: 40,
  /** One subnet route per primary and secondary range, plus two tag-scoped custom routes. */
  routes: 30,
  /** One connector in the service project, one in the host project. */
  connectors: 2,
  services: 4,
  jobs: 4,
} as const;

/** What one host project adds. */
export const HOST = {
  /** One per NAT region, two in the region without NAT. */
  subnetworks: HOST_NAT_REGIONS + 2,
  firewalls: 8,
  /** The default internet route and one subnet route per host subnet. */
  routes: 1 + HOST_NAT_REGIONS + 2,
  routers: HOST_NAT_REGIONS,
  /** Private services access ranges. */
  addresses: 2,
  /** Hierarchical policies in getEffectiveFirewalls: organisation and folder. */
  firewallPolicies: 2,
} as const;

/** Unit k is deliberately broken in one way when k % BREAK_CYCLE equals one of these. */
export const BREAK_CYCLE = 40;
export const BREAKS = {
  /** An extra ALL_TRAFFIC Direct VPC job in the host's region without Cloud NAT. */
  noNatJob: 3,
  /** An extra host-project connector whose /28 lies inside one of the unit's subnets. */
  overlappingConnector: 13,
  /** An EGRESS deny of 0.0.0.0/0 targeting the tag `vpc-connector`, priority 200. */
  connectorEgressDeny: 23,
  /** The unit's host-project connector is in state ERROR. */
  errorConnector: 33,
} as const;
export type Break = keyof typeof BREAKS;

export function breaks(k: number, kind: Break): boolean {
  return k % BREAK_CYCLE === BREAKS[kind];
}

// Address plan. Primary ranges come from 10.0.0.0–10.247.255.255, PSA ranges from 10.248.0.0/14,
// connector --range /28s from 10.252.0.0/14 and secondary ranges from 100.64.0.0/10.
const ip = (a: number, b: number) => a * 2 ** 24 + b * 2 ** 16;
const PRIMARY_POOL = [ip(10, 0), ip(10, 248)] as const;
const PSA_POOL = [ip(10, 248), ip(10, 252)] as const;
const CONNECTOR_POOL = [ip(10, 252), ip(11, 0)] as const;
const SECONDARY_POOL = [ip(100, 64), ip(100, 128)] as const;

export interface Range {
  start: number;
  prefix: number;
}

class Allocator {
  private next: number;

  constructor(
    private readonly pool: readonly [number, number],
    private readonly what: string,
  ) {
    this.next = pool[0];
  }

  take(prefix: number): Range {
    const size = 2 ** (32 - prefix);
    const start = Math.ceil(this.next / size) * size;
    if (start + size > this.pool[1]) throw new Error(`gen: the ${this.what} pool is exhausted`);
    this.next = start + size;
    return { start, prefix };
  }

  /** Allocates a batch of ranges in place (their start is set), biggest first so alignment wastes little. */
  takeAll(ranges: Range[]): void {
    for (const range of [...ranges].sort((a, b) => a.prefix - b.prefix)) range.start = this.take(range.prefix).start;
  }
}

export interface SecondaryPlan extends Range {
  rangeName: string;
}

export interface SubnetPlan {
  project: string;
  network: string;
  region: string;
  name: string;
  range: Range;
  secondary: SecondaryPlan[];
  privateIpGoogleAccess: boolean;
}

export interface ConnectorPlan {
  project: string;
  region: string;
  name: string;
  /** --network/--range form. */
  network?: string;
  range?: Range;
  /** --subnet/--subnet-project form. */
  subnet?: SubnetPlan;
  state: string;
  machineType: string;
  minInstances: number;
  maxInstances: number;
  /** Projects whose workloads use it. */
  connectedProjects: string[];
}

export type Egress = 'ALL_TRAFFIC' | 'PRIVATE_RANGES_ONLY';

export interface WorkloadPlan {
  kind: 'service' | 'job';
  project: string;
  region: string;
  name: string;
  egress: Egress;
  connector?: ConnectorPlan;
  directVpc?: { subnet: SubnetPlan; tags: string[] };
  serviceAccount: string;
  maxInstances: number;
}

export type NatRanges = 'ALL_SUBNETWORKS_ALL_IP_RANGES' | 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES' | 'LIST_OF_SUBNETWORKS';

export interface RouterPlan {
  project: string;
  network: string;
  region: string;
  name: string;
  natName: string;
  natRanges: NatRanges;
  /** Reserved external addresses (MANUAL_ONLY); empty = AUTO_ONLY. */
  natIps: string[];
  /** For LIST_OF_SUBNETWORKS: every subnet of the region. */
  subnets: SubnetPlan[];
}

export interface NetworkPlan {
  project: string;
  name: string;
  routingMode: 'GLOBAL' | 'REGIONAL';
  subnets: SubnetPlan[];
  /** Private services access ranges (global addresses, purpose VPC_PEERING). */
  psa: (Range & { name: string })[];
}

/** A service project and what it owns in its host project. */
export interface UnitPlan {
  k: number;
  project: string;
  host: HostPlan;
  /** The unit's regions, slots of host.natRegions. */
  regions: [string, string];
  subnets: SubnetPlan[];
  /** Connectors of the unit in the host project: its own, plus the overlapping one when broken. */
  hostConnectors: ConnectorPlan[];
}

export interface HostPlan {
  h: number;
  project: string;
  network: NetworkPlan;
  natRegions: string[];
  noNatRegion: string;
  /** Host-level subnets (one per NAT region, then two in the region without NAT). */
  subnets: SubnetPlan[];
  routers: RouterPlan[];
  units: UnitPlan[];
}

export interface ProjectPlan {
  id: string;
  networks: NetworkPlan[];
  subnets: SubnetPlan[];
  routers: RouterPlan[];
  connectors: ConnectorPlan[];
  workloads: WorkloadPlan[];
  /** Set for host projects (firewalls, routes and policies come from it). */
  host?: HostPlan;
}

export interface Plan {
  seed: number;
  scale: number;
  projects: ProjectPlan[];
}

const APP_WORDS = ['api', 'web', 'billing', 'orders', 'search', 'auth', 'ledger', 'catalog', 'notify', 'report', 'ingest', 'sync'];
const MACHINE_TYPES = ['e2-micro', 'e2-micro', 'e2-micro', 'e2-standard-4', 'f1-micro'] as const;

export const svcProject = (k: number) => `svc-${String(k + 1).padStart(4, '0')}`;
export const hostProject = (h: number) => `host-${String(h + 1).padStart(3, '0')}`;
export const SHARED_VPC = 'shared-vpc';

function subnet(project: string, network: string, region: string, name: string, prefix: number, pga: boolean): SubnetPlan {
  return { project, network, region, name, range: { start: 0, prefix }, secondary: [], privateIpGoogleAccess: pga };
}

export function buildPlan(scale: number, seed: number): Plan {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`gen: scale must be a positive integer, got ${scale}`);
  const primary = new Allocator(PRIMARY_POOL, 'primary range');
  const secondary = new Allocator(SECONDARY_POOL, 'secondary range');
  const psa = new Allocator(PSA_POOL, 'private services access');
  const connectorRanges = new Allocator(CONNECTOR_POOL, 'connector range');
  const projects: ProjectPlan[] = [seedProject(primary, connectorRanges)];

  const units = scale - 1;
  for (let h = 0; h * SERVICES_PER_HOST < units; h++) {
    const host = buildHost(seed, h, primary, psa);
    const hostProj: ProjectPlan = { id: host.project, networks: [host.network], subnets: [], routers: host.routers, connectors: [], workloads: [], host };
    const serviceProjects: ProjectPlan[] = [];
    for (let k = h * SERVICES_PER_HOST; k < Math.min(units, (h + 1) * SERVICES_PER_HOST); k++) {
      const { unit, connector, workloads } = buildUnit(seed, k, host, primary, secondary, connectorRanges);
      host.units.push(unit);
      hostProj.connectors.push(...unit.hostConnectors);
      serviceProjects.push({ id: unit.project, networks: [], subnets: [], routers: [], connectors: [connector], workloads });
    }
    host.network.subnets = [...host.subnets, ...host.units.flatMap((u) => u.subnets)];
    hostProj.subnets = host.network.subnets;
    for (const router of host.routers) {
      if (router.natRanges === 'LIST_OF_SUBNETWORKS') router.subnets = hostProj.subnets.filter((s) => s.region === router.region);
    }
    projects.push(hostProj, ...serviceProjects);
  }
  return { seed, scale, projects };
}

/** The §10 worked example: job my-agent-4 → connector vpc-conn-europe (/28 in my-vpc) → Cloud NAT in europe-west2. */
function seedProject(primary: Allocator, connectorRanges: Allocator): ProjectPlan {
  const project = 'myproject';
  const region = 'europe-west2';
  const mySubnet = subnet(project, 'my-vpc', region, 'my-subnet', 24, true);
  mySubnet.range = primary.take(24);
  const connector: ConnectorPlan = {
    project,
    region,
    name: 'vpc-conn-europe',
    network: 'my-vpc',
    range: connectorRanges.take(28),
    state: 'READY',
    machineType: 'e2-micro',
    minInstances: 2,
    maxInstances: 10,
    connectedProjects: [project],
  };
  return {
    id: project,
    networks: [{ project, name: 'my-vpc', routingMode: 'REGIONAL', subnets: [mySubnet], psa: [] }],
    subnets: [mySubnet],
    routers: [
      { project, network: 'my-vpc', region, name: 'nat-router', natName: 'nat-config', natRanges: 'ALL_SUBNETWORKS_ALL_IP_RANGES', natIps: [], subnets: [] },
    ],
    connectors: [connector],
    workloads: [
      {
        kind: 'job',
        project,
        region,
        name: 'my-agent-4',
        egress: 'ALL_TRAFFIC',
        connector,
        serviceAccount: `mgmt@${project}.iam.gserviceaccount.com`,
        maxInstances: 1,
      },
    ],
  };
}

function buildHost(seed: number, h: number, primary: Allocator, psa: Allocator): HostPlan {
  const rng = rngFor(seed, 'host', h);
  const project = hostProject(h);
  const regions = rng.shuffle(REGIONS).slice(0, HOST_NAT_REGIONS + 1);
  const natRegions = regions.slice(0, HOST_NAT_REGIONS);
  const noNatRegion = regions[HOST_NAT_REGIONS]!;
  const subnets = [
    ...natRegions.map((r) => subnet(project, SHARED_VPC, r, `shared-${r}`, 21, rng.chance(0.5))),
    subnet(project, SHARED_VPC, noNatRegion, `private-${noNatRegion}-a`, 22, true),
    subnet(project, SHARED_VPC, noNatRegion, `private-${noNatRegion}-b`, 22, false),
  ];
  primary.takeAll(subnets.map((s) => s.range));
  const routers = natRegions.map((region, slot): RouterPlan => {
    const natRanges: NatRanges =
      slot === LIST_SLOT ? 'LIST_OF_SUBNETWORKS' : (h + slot) % 2 === 0 ? 'ALL_SUBNETWORKS_ALL_IP_RANGES' : 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES';
    const manual = (h + slot) % 3 === 0;
    return {
      project,
      network: SHARED_VPC,
      region,
      name: `nat-router-${region}`,
      natName: `nat-${region}`,
      natRanges,
      natIps: manual ? [`nat-ip-${region}-1`, `nat-ip-${region}-2`] : [],
      subnets: [],
    };
  });
  const network: NetworkPlan = {
    project,
    name: SHARED_VPC,
    routingMode: rng.chance(0.5) ? 'GLOBAL' : 'REGIONAL',
    subnets: [],
    psa: [
      { name: 'google-managed-services-shared-vpc', ...psa.take(23) },
      { name: 'psa-cloudsql', ...psa.take(24) },
    ],
  };
  return { h, project, network, natRegions, noNatRegion, subnets, routers, units: [] };
}

function buildUnit(seed: number, k: number, host: HostPlan, primary: Allocator, secondary: Allocator, connectorRanges: Allocator) {
  const rng = rngFor(seed, 'unit', k);
  const project = svcProject(k);
  const slots = [k % HOST_NAT_REGIONS, (k + 1) % HOST_NAT_REGIONS] as const;
  const regions: [string, string] = [host.natRegions[slots[0]]!, host.natRegions[slots[1]]!];
  const net = (region: string, name: string, prefix: number, pga: boolean) => subnet(host.project, SHARED_VPC, region, `${project}-${name}`, prefix, pga);

  const apps = Array.from({ length: 16 }, (_, a) => {
    const s = net(regions[a % 2]!, `app-${String(a + 1).padStart(2, '0')}`, rng.pick([24, 24, 25, 26]), rng.chance(0.3));
    if (a % 4 === 0) s.secondary = [{ rangeName: 'pods', start: 0, prefix: 24 }, { rangeName: 'services', start: 0, prefix: 27 }];
    return s;
  });
  const run = regions.map((r, i) => net(r, `run-${'ab'[i]}`, rng.pick([26, 25, 24]), rng.chance(0.5)));
  const conn = regions.map((r, i) => net(r, `conn-${'ab'[i]}`, 28, false));
  const subnets = [...apps, ...run, ...conn];
  primary.takeAll(subnets.map((s) => s.range));
  secondary.takeAll(subnets.flatMap((s) => s.secondary));

  const connectorBase = { machineType: rng.pick(MACHINE_TYPES), minInstances: 2 + rng.int(2), maxInstances: rng.pick([3, 5, 10, 10]) };
  const num = String(k + 1).padStart(4, '0');
  const own: ConnectorPlan = {
    project,
    region: regions[0],
    name: `conn-${num}-a`,
    subnet: conn[0],
    state: 'READY',
    connectedProjects: [project],
    ...connectorBase,
  };
  // In a LIST_OF_SUBNETWORKS region the host connector uses a subnet the NAT can list (facts 5.3).
  const hosted: ConnectorPlan = {
    project: host.project,
    region: regions[1],
    name: `hc-${num}-b`,
    ...(slots[1] === LIST_SLOT ? { subnet: conn[1] } : { network: SHARED_VPC, range: connectorRanges.take(28) }),
    state: breaks(k, 'errorConnector') ? 'ERROR' : 'READY',
    connectedProjects: [project],
    ...connectorBase,
  };
  const hostConnectors = [hosted];
  if (breaks(k, 'overlappingConnector')) {
    const victim = apps[0]!;
    const inside = victim.range.start + 16 * (1 + rng.int(2 ** (28 - victim.range.prefix) - 1));
    hostConnectors.push({
      project: host.project,
      region: victim.region,
      name: `hc-${num}-x`,
      network: SHARED_VPC,
      range: { start: inside, prefix: 28 },
      state: 'READY',
      connectedProjects: [],
      ...connectorBase,
    });
  }

  const serviceAccount = `run-sa@${project}.iam.gserviceaccount.com`;
  const tags = [`${project}-run`];
  const workloads: WorkloadPlan[] = Array.from({ length: UNIT.services + UNIT.jobs }, (_, j) => {
    const slot = j % 2;
    const region = regions[slot]!;
    const kind = j < UNIT.services ? 'service' : 'job';
    const base = {
      kind,
      project,
      region,
      name: `${rng.pick(APP_WORDS)}-${kind === 'job' ? 'job' : 'svc'}-${j + 1}`,
      egress: rng.chance(0.6) ? 'ALL_TRAFFIC' : 'PRIVATE_RANGES_ONLY',
      serviceAccount,
      maxInstances: rng.pick([1, 5, 10, 20, 100]),
    } as const;
    return j % 3 === 2 ? { ...base, directVpc: { subnet: run[slot]!, tags } } : { ...base, connector: slot === 0 ? own : hosted };
  });
  if (breaks(k, 'noNatJob')) {
    workloads.push({
      kind: 'job',
      project,
      region: host.noNatRegion,
      name: 'egress-probe',
      egress: 'ALL_TRAFFIC',
      directVpc: { subnet: host.subnets[HOST_NAT_REGIONS]!, tags },
      serviceAccount,
      maxInstances: 1,
    });
  }
  const unit: UnitPlan = { k, project, host, regions, subnets, hostConnectors };
  return { unit, connector: own, workloads };
}

export interface Counts {
  projects: number;
  networks: number;
  subnetworks: number;
  secondaryRanges: number;
  firewalls: number;
  routes: number;
  routers: number;
  addresses: number;
  connectors: number;
  services: number;
  jobs: number;
  /** Hierarchical policies across the getEffectiveFirewalls responses. */
  firewallPolicies: number;
  /** Deliberately broken configurations, by kind. */
  broken: Record<Break, number>;
}

/** The counts a scale produces, for any seed, computed without building the plan. */
export function counts(scale: number): Counts {
  const units = Math.max(0, scale - 1);
  const hosts = Math.ceil(units / SERVICES_PER_HOST);
  const broken = Object.fromEntries(
    (Object.keys(BREAKS) as Break[]).map((kind) => [kind, Math.floor((units - 1 - BREAKS[kind] + BREAK_CYCLE) / BREAK_CYCLE)]),
  ) as Record<Break, number>;
  // myproject: 1 network, 1 subnet, 3 custom + 6 aet-* rules, default and subnet route, 1 router, 1 connector, 1 job.
  return {
    projects: 1 + hosts + units,
    networks: 1 + hosts,
    subnetworks: 1 + HOST.subnetworks * hosts + UNIT.subnetworks * units,
    secondaryRanges: UNIT.secondaryRanges * units,
    firewalls: 9 + HOST.firewalls * hosts + UNIT.firewalls * units + broken.connectorEgressDeny + 6 * broken.overlappingConnector,
    routes: 2 + HOST.routes * hosts + UNIT.routes * units,
    routers: 1 + HOST.routers * hosts,
    addresses: HOST.addresses * hosts,
    connectors: 1 + UNIT.connectors * units + broken.overlappingConnector,
    services: UNIT.services * units,
    jobs: 1 + UNIT.jobs * units + broken.noNatJob,
    firewallPolicies: HOST.firewallPolicies * hosts,
    broken,
  };
}
