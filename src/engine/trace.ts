// The egress path engine: one workload, one destination, hop by hop (facts §1–§7, the §10 scenario).
// Pure: reads the model through its index; the in-VPC part of a path is shared between workloads
// with the same source identity (network, region, source range, tags) and destination.
import { connectorCommand, runUpdateCommand } from '../describe.js';
import { UsageError } from '../errors.js';
import { pushTo } from '../lookup.js';
import { contains, GOOGLE_API_VIPS, parseCidr, parseIpv4, PRIVATE_RANGES, SERVERLESS_INFRA_RANGE, type Cidr } from '../ip.js';
import { effectiveEgress, type Connector, type CoverageEntry, type Model, type Nat, type Router, type Subnetwork, type Workload } from '../model.js';
import { projectOf, regionOf, shortName } from '../names.js';
import { defaultDestinations, formatDestination, type DestinationSpec } from './destinations.js';
import { decide, decideAll, firewallView, peerSet, restrictTo, type FirewallDecision, type FirewallView, type PacketKind, type PeerSet, type SourceIdentity } from './firewall.js';
import { indexOf, type ModelIndex, type NetworkIndex } from './model-index.js';
import { natFullName, natLabel, routerOfNat, type Destination, type DropCause, type StepKind, type Trace, type TraceFacts, type TraceStep, type Verdict } from './types.js';

export const GOOGLE_MANAGED = 'Google-managed (not static)';
export const AUTO_NAT = 'auto-allocated Cloud NAT';
export const PGA_ADDRESS = 'internal source address (Private Google Access)';
// Shared by every trace that names them (traces are never mutated).
const GOOGLE_MANAGED_ADDRESSES: string[] = Object.freeze([GOOGLE_MANAGED]) as unknown as string[];
const AUTO_NAT_ADDRESSES: string[] = Object.freeze([AUTO_NAT]) as unknown as string[];
const PGA_ADDRESSES: string[] = Object.freeze([PGA_ADDRESS]) as unknown as string[];

/**
 * A trace's facts with every field present (undefined when not known), in one shape and in the order
 * the JSON output lists them. Facts built by spreading and Object.assign took hundreds of hidden
 * classes, and every rule reading t.facts went megamorphic (npm run bench, phases "trace" and "rules").
 */
function newFacts(f: Pick<TraceFacts, 'egressMode' | 'entersVpc' | 'region'> & Partial<TraceFacts>): TraceFacts {
  return {
    egressMode: f.egressMode,
    entersVpc: f.entersVpc,
    region: f.region,
    egress: f.egress,
    connector: f.connector,
    hiddenSubnet: f.hiddenSubnet,
    sourceSubnetwork: f.sourceSubnetwork,
    network: f.network,
    sourceRange: f.sourceRange,
    bypassedNat: f.bypassedNat,
    firewallRule: f.firewallRule,
    firewallAction: f.firewallAction,
    route: f.route,
    routeNextHop: f.routeNextHop,
    privateGoogleAccess: f.privateGoogleAccess,
    natsNotCovering: f.natsNotCovering,
    natsOtherRegions: f.natsOtherRegions,
    nat: f.nat,
    natMinPortsPerVm: f.natMinPortsPerVm,
    natDynamicPorts: f.natDynamicPorts,
  };
}

/** A destination standing for the subnetworks given (one shape for all, as newFacts). */
function withSubnetworks(d: Destination, subnetworks: string[]): Destination {
  return { name: d.name, kind: d.kind, ip: d.ip, port: d.port, protocol: d.protocol, direction: d.direction, subnetwork: d.subnetwork, note: d.note, subnetworks };
}

/** Source identity inside the VPC plus what NAT and Private Google Access need to know about it. */
interface VpcSource extends SourceIdentity {
  /** Unique in the process (traceAll groups workloads by it). */
  id: number;
  /** The source subnetwork (Direct VPC, --subnet connector); undefined for a --range connector. */
  subnet?: Subnetwork;
  hidden: boolean;
  /** Tag a firewall fix should target. */
  fixTag?: string;
  /** What the source's traces share: its firewall view per kind of packet, its in-VPC parts per destination. */
  views: Map<string, FirewallView>;
  parts: Map<Destination, VpcPart>;
  /** Per egress setting, the end of the source's traces per destination (see TraceEnd). */
  ends: { ALL_TRAFFIC: Map<Destination, TraceEnd>; PRIVATE_RANGES_ONLY: Map<Destination, TraceEnd> };
}

/**
 * Everything of a trace after its prefix (the workload's own steps): the same for every workload with
 * the same source and egress setting, so it is built once and shared, facts, caveats and steps included
 * (nothing downstream mutates a trace). A trace of its own for each of 100,000 workload-destination
 * pairs was most of the trace phase's memory and garbage collection (npm run bench, phase "trace").
 */
type TraceEnd = Omit<Trace, 'workload' | 'destination'>;

/**
 * What the traces of one model index share, in plain maps that go with the index. Module-level
 * WeakMaps keyed by tens of thousands of objects (sources, destinations, rules) made every
 * young-generation garbage collection slow (npm run bench, phase "trace").
 */
interface Shared {
  vpcDestinations: Map<NetworkIndex, Destination[]>;
  /** The sorted peers of a destinations array, and each destination's address in order. */
  peers: Map<Destination[], PeerSet & { ips: number[] }>;
  /** Per view restricted to a network's subnet addresses (restrictTo): the decisions and the groupings. */
  paths: Map<FirewallView, ViewPaths>;
  /** One VpcSource per source identity, shared by the workloads behind it. */
  connectorSources: Map<Connector, VpcSource | { missing: CoverageEntry[]; detail: string }>;
  directVpcSources: Map<string, VpcSource>;
  natsElsewhere: Map<string, string[]>;
  /** One step object per kind of hop and the object that decides it (see sharedStep). */
  steps: Map<StepKind, Map<object, TraceStep>>;
  /** The subnet groupings of a destinations array that are alike, as one (see candidatePaths). */
  partitions: Map<Destination[], Map<number, { groupOf: Int32Array; paths: CandidatePath[] }[]>>;
}

const SHARED = new WeakMap<ModelIndex, Shared>();
function sharedOf(index: ModelIndex): Shared {
  let shared = SHARED.get(index);
  if (!shared)
    SHARED.set(index, (shared = { vpcDestinations: new Map(), peers: new Map(), paths: new Map(), connectorSources: new Map(), directVpcSources: new Map(), natsElsewhere: new Map(), steps: new Map(), partitions: new Map() }));
  return shared;
}

/**
 * The step of a hop that depends on one object only (a firewall decision, a route, a Cloud NAT, a
 * destination): one object for every part that takes the hop. At scale 1000 the parts held 49,400
 * steps, 3,097 of them distinct (npm run bench, phase "trace").
 */
function sharedStep(index: ModelIndex, step: StepKind, by: object, make: () => TraceStep): TraceStep {
  const { steps } = sharedOf(index);
  let byObject = steps.get(step);
  if (!byObject) steps.set(step, (byObject = new Map()));
  let out = byObject.get(by);
  if (!out) byObject.set(by, (out = make()));
  return out;
}

/** The in-VPC part of a trace: shared between workloads with the same source identity. */
interface VpcPart {
  steps: TraceStep[];
  verdict: Verdict;
  cause?: DropCause;
  fix?: string;
  egressAddresses?: string[];
  missing?: CoverageEntry[];
  caveats: string[];
  facts: Partial<TraceFacts>;
}

export function engineStats(model: Model): ModelIndex['stats'] {
  return indexOf(model).stats;
}

/** RFC 1918/6598 or a Google API VIP: what private-ranges-only sends into the VPC. A plain loop: it runs for every subnet of every grouping. */
function isPrivate(ip: number): boolean {
  for (const r of PRIVATE_RANGES) if (contains(r, ip)) return true;
  for (const r of GOOGLE_API_VIPS) if (contains(r, ip)) return true;
  return false;
}

function startStep(w: Workload): TraceStep {
  const what = w.kind === 'job' ? 'Cloud Run job' : w.kind === 'service' ? 'Cloud Run service' : 'Cloud Run worker pool';
  return { step: w.kind === 'job' ? 'START_FROM_CLOUD_RUN_JOB' : 'START_FROM_CLOUD_RUN_REVISION', resource: w.id, detail: `${what} ${w.name} (${w.region})` };
}

/** Destinations of the specs for one workload: 'vpc' becomes one per primary range of its network's subnets. */
export function destinationsFor(model: Model, w: Workload, specs: DestinationSpec[]): Destination[] {
  return specs.flatMap((spec) => (spec.kind === 'fixed' ? [spec.destination] : vpcDestinationsOf(model, w)));
}

/** The 'vpc' destinations of the workload's network (one shared array per network; none when it has none). */
function vpcDestinationsOf(model: Model, w: Workload): Destination[] {
  const network = workloadNetwork(model, w);
  const index = indexOf(model);
  const n = network ? index.networks.get(network) : undefined;
  return n ? vpcDestinations(index, n) : [];
}

// The 'vpc' destinations of a network, built once per network index and shared by its workloads
// (they are never mutated): building ~400 fresh objects per workload of a Shared VPC was a large
// part of the trace phase's allocation (npm run bench, phase "trace").
function vpcDestinations(index: ModelIndex, n: NetworkIndex): Destination[] {
  const { vpcDestinations: known } = sharedOf(index);
  let out = known.get(n);
  if (out) return out;
  out = [];
  for (const s of n.subnetList) {
    if (s.purpose !== 'PRIVATE' || s.range.family !== 4) continue;
    out.push({
      name: `vpc:${s.name}`,
      kind: 'vpc',
      ip: s.range.text.split('/')[0]!,
      port: 443,
      protocol: 'tcp',
      subnetwork: s.id,
      note: `first address of ${s.name} ${s.range.text}`,
    });
  }
  known.set(n, out);
  return out;
}

function workloadNetwork(model: Model, w: Workload): string | undefined {
  if (w.connector) return indexOf(model).connectors.get(w.connector)?.network;
  const ni = w.networkInterfaces[0];
  return ni?.network ?? (ni?.subnetwork ? indexOf(model).subnets.get(ni.subnetwork)?.network : undefined);
}

/** Every workload to every destination, then the control-plane checks of every connector. */
export function traceAll(model: Model, specs: DestinationSpec[] = defaultDestinations()): Trace[] {
  const traces: Trace[] = [];
  // One prefix per workload for this call: a workload is traced to hundreds of destinations.
  const prefixes = new Map<Workload, TracePrefix>();
  // Workloads that enter the VPC the same way (same connector or interfaces, egress setting, region,
  // service account) group its subnets the same way: the first one finds the groups, the others
  // trace one subnet per group (a Shared VPC has hundreds of subnets and thousands of workloads).
  const groupsBySource = new Map<string, Destination[]>();
  const fixed = specs.flatMap((spec) => (spec.kind === 'fixed' ? [spec.destination] : []));
  const vpcToo = specs.some((spec) => spec.kind === 'vpc');
  for (const w of model.workloads) {
    for (const d of fixed) traces.push(traceOne(model, w, d, prefixes));
    const vpc = vpcToo ? vpcDestinationsOf(model, w) : [];
    if (vpc.length === 0) continue;
    // Once its traces have resolved the source (the destination classes come first), the shared
    // VpcSource and the egress setting decide the grouping; otherwise the fields that lead to it do.
    const resolved = prefixes.get(w)?.source;
    const source = resolved
      ? `${resolved.id}|${effectiveEgress(w)}`
      : JSON.stringify([w.connector, w.networkInterfaces, effectiveEgress(w), w.region, w.serviceAccount, w.unknownFields]);
    const grouped = groupsBySource.get(source);
    if (grouped) traces.push(...grouped.map((d) => traceOne(model, w, d, prefixes)));
    else {
      const once = vpcTraces(model, w, vpc, prefixes);
      groupsBySource.set(source, once.map((t) => t.destination));
      traces.push(...once);
    }
  }
  for (const c of model.connectors) traces.push(...traceControlPlane(model, c));
  // The sharing caches serve this call only (check traces once): at organisation scale they held more
  // than twice the memory of the traces themselves, alive through rules and outputs (npm run bench).
  SHARED.delete(indexOf(model));
  return traces;
}

/**
 * A workload's traces to the subnets of its VPC, one per distinct path: the subnets whose traces take
 * the same hops (the same firewall rule, route, NAT) to the same outcome are one trace that lists
 * them all in destination.subnetworks. A Shared VPC has hundreds of subnets per workload; a trace and
 * a finding for each would bury the answer and cost gigabytes at organisation scale (npm run bench).
 * The subnet route and the delivering subnet, which differ for every subnet, are not part of the path
 * (a subnet route has no next hop in the facts).
 *
 * Only one subnet per candidate path is traced: once the source is known, the path to a subnet
 * depends on nothing but the egress firewall's decision and, under private-ranges-only, on whether
 * the address is private (computeVpcPart: every 'vpc' destination is the first address of a subnet's
 * primary range, so a subnet route always delivers it).
 */
function vpcTraces(model: Model, w: Workload, destinations: Destination[], prefixes: Map<Workload, TracePrefix>): Trace[] {
  const index = indexOf(model);
  const first = traceOne(model, w, destinations[0]!, prefixes);
  const source = prefixes.get(w)?.source;
  const n = source && index.networks.get(source.network);
  // Stopped before the VPC (no source): nothing up to there depends on the destination, so the first
  // subnet's trace stands for all (each of a Shared VPC's hundreds of subnets was traced from the start
  // for every workload with a broken connector: 30,000 traces at scale 1000 of npm run bench).
  const candidates = !source
    ? [pathOf(destinations, destinations.map((_, i) => i))]
    : n
      ? candidatePaths(index, n, source, effectiveEgress(w) === 'PRIVATE_RANGES_ONLY', destinations)
      : destinations.map((_, i) => pathOf(destinations, [i]));
  const coarse = new Map<string, { trace: Trace; paths: CandidatePath[] }>();
  for (const path of candidates) {
    const t = path.members[0] === 0 ? first : traceOne(model, w, destinations[path.members[0]!]!, prefixes);
    // The hops are fixed by these facts (the same source, firewall decision, custom route and NAT);
    // the step count tells a trace that stopped early from one that went on.
    const key = `${t.verdict}|${t.cause ?? ''}|${t.facts.entersVpc}|${t.facts.firewallRule ?? ''}|${t.facts.routeNextHop === undefined ? '' : t.facts.route}|${t.facts.nat ?? ''}|${t.steps.length}`;
    const group = coarse.get(key);
    if (group) group.paths.push(path);
    else coarse.set(key, { trace: t, paths: [path] });
  }
  return [...coarse.values()].map(({ trace, paths }) => {
    const subnetworks = paths.length === 1 ? paths[0]!.subnetworks : pathOf(destinations, paths.flatMap((p) => p.members).sort((a, b) => a - b)).subnetworks;
    return { ...trace, destination: withSubnetworks(trace.destination, subnetworks) };
  });
}

/** Subnet destinations (indices, in order; the first is traced) on one candidate path, and their subnetworks (shared, never mutated). */
interface CandidatePath {
  members: number[];
  subnetworks: string[];
}

const pathOf = (destinations: Destination[], members: number[]): CandidatePath => ({ members, subnetworks: members.map((i) => destinations[i]!.subnetwork!) });

interface ViewPaths {
  decisions: FirewallDecision[];
  allTraffic?: CandidatePath[];
  privateOnly?: CandidatePath[];
}
/**
 * The destinations grouped by candidate path, in order of first appearance. Sources whose firewall
 * views decide these addresses alike share the grouping.
 */
function candidatePaths(index: ModelIndex, n: NetworkIndex, source: VpcSource, privateOnly: boolean, destinations: Destination[]): CandidatePath[] {
  const d0 = destinations[0]!;
  if (destinations.some((d) => d.protocol !== d0.protocol || d.port !== d0.port)) return destinations.map((_, i) => pathOf(destinations, [i]));
  const shared = sharedOf(index);
  let peers = shared.peers.get(destinations);
  if (!peers) {
    const ips = destinations.map((d) => parseIpv4(d.ip)!);
    shared.peers.set(destinations, (peers = { ...peerSet(ips), ips }));
  }
  const view = restrictTo(viewFor(n, source, { direction: 'EGRESS', protocol: d0.protocol, port: d0.port }), peers);
  let known = shared.paths.get(view);
  if (!known) shared.paths.set(view, (known = { decisions: decideAll(view, peers) }));
  const { decisions } = known;
  // Views that differ group the subnets alike more often than not (at scale 1000, 1,582 groupings
  // were 3 partitions): alike groupings are found by a hash of each subnet's group and share their paths.
  const group = (pathKey: (i: number) => unknown): CandidatePath[] => {
    const groupOf = new Int32Array(destinations.length);
    const groups = new Map<unknown, number>();
    let hash = 0;
    for (let i = 0; i < destinations.length; i++) {
      const key = pathKey(i);
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = groups.size));
      groupOf[i] = g;
      hash = (Math.imul(hash, 31) + g) | 0;
    }
    let byHash = shared.partitions.get(destinations);
    if (!byHash) shared.partitions.set(destinations, (byHash = new Map()));
    const alike = byHash.get(hash)?.find((p) => p.groupOf.every((g, i) => g === groupOf[i]));
    if (alike) return alike.paths;
    const members: number[][] = Array.from({ length: groups.size }, () => []);
    for (let i = 0; i < destinations.length; i++) members[groupOf[i]!]!.push(i);
    const paths = members.map((m) => pathOf(destinations, m));
    pushTo(byHash, hash, { groupOf, paths });
    return paths;
  };
  const { ips } = peers;
  if (privateOnly) return (known.privateOnly ??= group((i) => (isPrivate(ips[i]!) ? decisions[i] : 'external')));
  return (known.allTraffic ??= group((i) => decisions[i]));
}

/** The workload named by a short name or a full name; a usage error when none or several match. */
export function findWorkload(model: Model, nameOrFullName: string): Workload {
  const hits = model.workloads.filter((w) => w.id === nameOrFullName || w.name === nameOrFullName);
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) {
    const known = model.workloads.map((w) => w.name).join(', ') || 'none';
    throw new UsageError(`no Cloud Run job, service or worker pool named "${nameOrFullName}" in the input (workloads: ${known})`);
  }
  throw new UsageError(`"${nameOrFullName}" names ${hits.length} workloads; use a full name: ${hits.map((w) => w.id).join(', ')}`);
}

/** Workload fields that decide the egress path (deploy inputs may leave them unknown). */
const VPC_FIELDS: ReadonlySet<string> = new Set(['connector', 'egress', 'network', 'subnetwork', 'networkInterfaces', 'tags']);

/**
 * The part of a trace that depends on the workload only: its first steps and, once resolved, its
 * source identity and the facts about it. traceAll shares it between the hundreds of traces of a
 * workload (one per 'vpc' destination): rebuilding the same steps, detail strings and facts for each
 * was a large part of the trace phase's allocation and GC (npm run bench, phase "trace"). The step
 * objects are shared, never mutated; each trace gets its own steps array, but its facts and caveats
 * are its TraceEnd's, shared with every workload of the same source, egress setting and destination.
 */
interface TracePrefix {
  steps: TraceStep[];
  source?: VpcSource;
  facts?: TraceFacts;
}

export function traceOne(model: Model, w: Workload, destination: Destination, prefixes?: Map<Workload, TracePrefix>): Trace {
  const index = indexOf(model);
  let prefix = prefixes?.get(w);
  if (!prefix) {
    prefix = { steps: [startStep(w)] };
    prefixes?.set(w, prefix);
  }
  // The workload's source is known from an earlier destination: only the end is left.
  if (prefix.source) return withEnd(model, index, w, prefix as Required<TracePrefix>, destination);
  index.stats.tracedFromStart++;
  const egress = effectiveEgress(w);
  const mode: TraceFacts['egressMode'] =
    w.connector && w.networkInterfaces.length > 0 ? 'conflict' : w.connector ? 'connector' : w.networkInterfaces.length > 0 ? 'direct-vpc' : 'none';
  const trace: Trace = {
    workload: w.id,
    destination,
    verdict: 'REACHABLE',
    steps: prefix.steps.slice(),
    caveats: [],
    facts: newFacts({ egressMode: mode, entersVpc: false, region: w.region, egress }),
  };
  const ip = parseIpv4(destination.ip)!;
  const drop = (cause: DropCause, detail: string, fix: string, resource?: string): Trace => {
    trace.steps.push({ step: 'DROP', resource, detail });
    return Object.assign(trace, { verdict: 'UNREACHABLE', cause, fix });
  };
  const undetermined = (missing: CoverageEntry[], detail: string): Trace => {
    trace.steps.push({ step: 'UNDETERMINED', detail });
    return Object.assign(trace, { verdict: 'UNDETERMINED', missing });
  };
  // VPC settings known only at deploy ($VAR in a script, a value known after apply): the path cannot
  // be traced, and saying "no VPC access" instead would be a guess.
  const unknownVpc = (w.unknownFields ?? []).filter((f) => VPC_FIELDS.has(f));
  if (unknownVpc.length > 0) return undetermined([], `VPC settings of ${w.name} not known until deploy: ${unknownVpc.join(', ')}`);
  if (mode === 'conflict')
    return drop(
      'INVALID_VPC_CONFIGURATION',
      `both a connector and Direct VPC network interfaces are set; the API rejects this ("one and only one of connector and network_interfaces must be set", facts 4.8)`,
      runUpdateCommand(w, `--clear-network`),
      w.id,
    );
  if (mode === 'none') {
    if (isPrivate(ip))
      return drop('VPC_CONNECTOR_NOT_SET', `no connector or Direct VPC egress: ${destination.ip} is a private address and cannot be reached`, runUpdateCommand(w, `--network=NETWORK --subnet=SUBNET`), w.id);
    const end = externalEnd(w, mode, destination);
    return { ...trace, ...end, steps: trace.steps.concat(end.steps) };
  }

  let source: VpcSource;
  if (mode === 'connector') {
    const id = w.connector!;
    const region = regionOf(id)!;
    if (region !== w.region)
      return drop('VPC_CONNECTOR_REGION_MISMATCH', `connector ${shortName(id)} is in ${region}, not ${w.region} (facts 1.1)`, runUpdateCommand(w, `--vpc-connector=CONNECTOR_IN_${w.region}`), w.id);
    const c = index.connectors.get(id);
    if (!c) {
      const entry: CoverageEntry = { collection: 'connectors', project: projectOf(id)!, region };
      if (!model.coverage.has('connectors', entry.project, region)) return undetermined([entry], `connector ${shortName(id)} not in the input`);
      return drop('VPC_CONNECTOR_NOT_FOUND', `connector ${shortName(id)} does not exist in ${region}`, connectorCommand('create', id, '--network=NETWORK --range=RANGE/28'), w.id);
    }
    if (c.state !== undefined && c.state !== 'READY')
      return drop('VPC_CONNECTOR_NOT_RUNNING', `connector ${c.name} is ${c.state}, not READY (facts 1.10)`, connectorCommand('describe', c.id), c.id);
    const resolved = connectorSource(model, index, c);
    if ('missing' in resolved) return undetermined(resolved.missing, resolved.detail);
    source = resolved;
    trace.steps.push({ step: 'ARRIVE_AT_VPC_CONNECTOR', resource: c.id, detail: `connector ${c.name} ${source.range.text}` });
    trace.facts.connector = c.id;
    trace.facts.hiddenSubnet = source.hidden;
    trace.facts.sourceSubnetwork = source.subnet?.id;
  } else {
    const ni = w.networkInterfaces[0]!;
    const subnetId = ni.subnetwork!;
    const region = regionOf(subnetId)!;
    if (region !== w.region)
      return drop('DIRECT_VPC_SUBNET_REGION_MISMATCH', `subnet ${shortName(subnetId)} is in ${region}, not ${w.region}`, runUpdateCommand(w, `--network=NETWORK --subnet=SUBNET_IN_${w.region}`), w.id);
    const s = index.subnets.get(subnetId);
    if (!s) {
      const entry: CoverageEntry = { collection: 'subnetworks', project: projectOf(subnetId)!, region };
      if (!model.coverage.has('subnetworks', entry.project, region)) return undetermined([entry], `subnet ${shortName(subnetId)} not in the input`);
      return drop('DIRECT_VPC_SUBNET_NOT_FOUND', `subnet ${shortName(subnetId)} does not exist in ${region} (project ${entry.project})`, runUpdateCommand(w, `--network=NETWORK --subnet=SUBNET`), w.id);
    }
    if (ni.network && ni.network !== s.network)
      return drop('DIRECT_VPC_SUBNET_NOT_FOUND', `subnet ${s.name} belongs to network ${shortName(s.network)}, not ${shortName(ni.network)}`, runUpdateCommand(w, `--network=${shortName(s.network)} --subnet=${s.name}`), w.id);
    source = directVpcSource(index, s, ni.tags, w.serviceAccount);
    trace.steps.push({ step: 'DIRECT_VPC_EGRESS_CONNECTION', resource: s.id, detail: `Direct VPC egress ${s.name} ${s.range.text}${ni.tags.length ? ` tags ${ni.tags.join(',')}` : ''}` });
    trace.facts.sourceSubnetwork = s.id;
  }
  trace.facts.network = source.network;
  trace.facts.sourceRange = source.range.text;
  prefix = { steps: trace.steps.slice(), source, facts: trace.facts }; // at its size: it is kept
  prefixes?.set(w, prefix);
  return withEnd(model, index, w, prefix as Required<TracePrefix>, destination);
}

/** The trace of a workload whose source is known: its prefix, then the end shared by its source. */
function withEnd(model: Model, index: ModelIndex, w: Workload, prefix: Required<TracePrefix>, destination: Destination): Trace {
  const ends = prefix.source.ends[effectiveEgress(w)];
  let end = ends.get(destination);
  if (end) index.stats.cacheHits++;
  else {
    end = traceEnd(model, index, w, prefix.source, prefix.facts, destination, parseIpv4(destination.ip)!);
    // A private-ranges-only trace to a subnet outside RFC 1918 names its workload in its fix (externalEnd).
    if (end.facts.entersVpc || destination.kind !== 'vpc') ends.set(destination, end);
  }
  return {
    workload: w.id,
    destination,
    verdict: end.verdict,
    cause: end.cause,
    fix: end.fix,
    steps: prefix.steps.concat(end.steps),
    egressAddresses: end.egressAddresses,
    missing: end.missing,
    caveats: end.caveats,
    facts: end.facts,
  };
}

/** The end of a trace whose source is known: the private-ranges-only bypass, or the path inside the VPC. */
function traceEnd(model: Model, index: ModelIndex, w: Workload, source: VpcSource, prefixFacts: TraceFacts, destination: Destination, ip: number): TraceEnd {
  const facts = newFacts(prefixFacts);
  if (facts.egress === 'PRIVATE_RANGES_ONLY' && !isPrivate(ip)) {
    // The Cloud NAT that would translate this source had the traffic entered the VPC: its static
    // addresses are not used (egress/private-ranges-only-bypass reads this, facts 3.4).
    const would = findNat(index, source).chosen;
    if (would) facts.bypassedNat = natFullName(would.router.id, would.nat.name);
    return { ...externalEnd(w, facts.egressMode, destination), facts };
  }
  facts.entersVpc = true;
  const part = vpcPart(model, index, source, destination, ip);
  Object.assign(facts, part.facts);
  return { verdict: part.verdict, cause: part.cause, fix: part.fix, steps: part.steps, egressAddresses: part.egressAddresses, missing: part.missing, caveats: part.caveats, facts };
}

/** Google-managed serverless egress: no VPC access, or private-ranges-only with a public address. */
function externalEnd(w: Workload, mode: TraceFacts['egressMode'], destination: Destination): Omit<TraceEnd, 'facts'> {
  const leave: TraceStep = {
    step: 'SERVERLESS_EXTERNAL_CONNECTION',
    detail:
      mode === 'none'
        ? 'Google-managed serverless egress (no VPC access configured, facts 3.5)'
        : 'Google-managed serverless egress (private-ranges-only sends public addresses outside the VPC, facts 3.2)',
  };
  if (destination.kind === 'vpc') {
    // A subnet outside RFC 1918/6598 (Class E, PUPI) under private-ranges-only: facts 3.3 UNVERIFIED.
    return {
      verdict: 'AMBIGUOUS',
      steps: [leave, { step: 'DELIVER', detail: `${formatDestination(destination)} on the internet, not subnet ${shortName(destination.subnetwork ?? '')}` }],
      caveats: [`${destination.ip} is not an RFC 1918/6598 address, so private-ranges-only does not send it into the VPC (facts 3.3, partly UNVERIFIED)`],
      fix: runUpdateCommand(w, `--vpc-egress=all-traffic`),
    };
  }
  return { verdict: 'REACHABLE', steps: [leave, { step: 'DELIVER', detail: formatDestination(destination) }], caveats: [], egressAddresses: GOOGLE_MANAGED_ADDRESSES };
}

const CONNECTOR_TAG = 'vpc-connector';

let nextSourceId = 0;

/** A new source's caches (see VpcSource), empty. */
const sourceCaches = (): Pick<VpcSource, 'views' | 'parts' | 'ends'> => ({ views: new Map(), parts: new Map(), ends: { ALL_TRAFFIC: new Map(), PRIVATE_RANGES_ONLY: new Map() } });

function directVpcSource(index: ModelIndex, s: Subnetwork, tags: string[], serviceAccount: string | undefined): VpcSource {
  const { directVpcSources } = sharedOf(index);
  const key = `${s.id}|${tags.join(',')}|${serviceAccount ?? ''}`;
  let source = directVpcSources.get(key);
  if (!source) {
    source = { id: nextSourceId++, network: s.network, region: s.region, range: s.range, tags: [...tags].sort(), connector: false, serviceAccount, subnet: s, hidden: false, fixTag: tags[0], ...sourceCaches() };
    directVpcSources.set(key, source);
  }
  return source;
}

function connectorSource(model: Model, index: ModelIndex, c: Connector): VpcSource | { missing: CoverageEntry[]; detail: string } {
  const { connectorSources } = sharedOf(index);
  let source = connectorSources.get(c);
  if (!source) connectorSources.set(c, (source = resolveConnectorSource(model, index, c)));
  return source;
}

/** Connector VMs: tags vpc-connector and vpc-connector-REGION-NAME (facts 1.12); addresses of the /28 (facts 1.5). */
function resolveConnectorSource(model: Model, index: ModelIndex, c: Connector): VpcSource | { missing: CoverageEntry[]; detail: string } {
  const tags = [CONNECTOR_TAG, `${CONNECTOR_TAG}-${c.region}-${c.name}`];
  const subnet = c.subnet ? index.subnets.get(c.subnet) : undefined;
  if (c.subnet && !subnet) {
    const entry: CoverageEntry = { collection: 'subnetworks', project: projectOf(c.subnet)!, region: c.region };
    if (!model.coverage.has('subnetworks', entry.project, c.region)) return { missing: [entry], detail: `connector subnet ${shortName(c.subnet)} not in the input` };
  }
  const range: Cidr | undefined = c.ipCidrRange ?? subnet?.range;
  const network = c.network ?? subnet?.network;
  if (!range || !network)
    return { missing: [{ collection: 'subnetworks', project: projectOf(c.subnet ?? c.id)!, region: c.region }], detail: `the network or range of connector ${c.name} is not known` };
  return { id: nextSourceId++, network, region: c.region, range, tags, connector: true, subnet, hidden: !c.subnet, fixTag: tags[1], ...sourceCaches() };
}

/** The source's firewall view for a kind of packet (a source asks again for each of its destinations). */
function viewFor(n: NetworkIndex, src: VpcSource, p: PacketKind): FirewallView {
  const key = `${p.direction}|${p.protocol}|${p.port}`;
  let view = src.views.get(key);
  if (!view) src.views.set(key, (view = firewallView(n, src, p)));
  return view;
}

function vpcPart(model: Model, index: ModelIndex, src: VpcSource, d: Destination, ip: number): VpcPart {
  // Per source object and destination object: the workloads behind a source share both (the
  // destination classes, a network's subnet destinations and the groups traceAll keeps are shared
  // objects), so no key string is built per trace.
  const cached = src.parts.get(d);
  if (cached) {
    index.stats.cacheHits++;
    return cached;
  }
  index.stats.pathsComputed++;
  const part = computeVpcPart(model, index, src, d, ip);
  // Kept for the source's other traces: its lists at their size (an array grows to 16 slots on its first push).
  part.steps = part.steps.slice();
  part.caveats = part.caveats.slice();
  src.parts.set(d, part);
  // Shared, not cloned: traceEnd copies the facts it extends, and nothing downstream mutates a trace.
  // structuredClone per trace was most of the trace phase (npm run bench, phase "trace").
  return part;
}

function computeVpcPart(model: Model, index: ModelIndex, src: VpcSource, d: Destination, ip: number): VpcPart {
  const part: VpcPart = { steps: [], verdict: 'REACHABLE', caveats: [], facts: {} };
  const n: NetworkIndex | undefined = index.networks.get(src.network);
  const project = projectOf(src.network)!;
  const net = shortName(src.network);
  const undetermined = (missing: CoverageEntry[], detail: string): VpcPart => {
    part.steps.push({ step: 'UNDETERMINED', detail });
    return Object.assign(part, { verdict: 'UNDETERMINED', missing });
  };
  const drop = (cause: DropCause, detail: string, fix: string, resource?: string): VpcPart => {
    part.steps.push({ step: 'DROP', resource, detail });
    return Object.assign(part, { verdict: 'UNREACHABLE', cause, fix });
  };

  if (!model.coverage.has('firewalls', project)) return undetermined([{ collection: 'firewalls', project }], `firewall rules of network ${net} not in the input`);
  if (!n || !n.policiesSeen)
    part.caveats.push(`no effective firewalls (getEffectiveFirewalls) for network ${net}: hierarchical and network firewall policies were not evaluated`);
  const fw = decide(viewFor(n!, src, { direction: 'EGRESS', protocol: d.protocol, port: d.port }), ip);
  part.facts.firewallRule = fw.resource;
  part.facts.firewallAction = fw.action;
  part.caveats.push(...fw.caveats);
  for (const u of fw.uncertain) part.caveats.push(`${u.label} would ${u.action} this packet if it applies: it ${u.why}`);
  part.steps.push(sharedStep(index, 'APPLY_EGRESS_FIREWALL_RULE', fw, () => ({ step: 'APPLY_EGRESS_FIREWALL_RULE', resource: fw.resource, detail: `firewall: ${fw.label}` })));
  const ambiguous = fw.uncertain.length > 0;
  if (fw.action === 'deny') {
    const fix = `gcloud compute firewall-rules create allow-egress-${d.ip.replace(/\./g, '-')}-${d.port ?? d.protocol} --network=${net} --direction=EGRESS --action=ALLOW --rules=${d.protocol}${d.port ? `:${d.port}` : ''} --destination-ranges=${d.ip}/32${src.fixTag ? ` --target-tags=${src.fixTag}` : ''} --priority=${allowPriority(fw)} --project=${project}`;
    drop('FIREWALL_RULE', `egress denied by ${fw.label}`, fix, fw.resource);
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }

  if (!model.coverage.has('routes', project)) return undetermined([{ collection: 'routes', project }], `routes of network ${net} not in the input`);
  const inSubnet = n!.subnets.longest(ip)[0];
  if (inSubnet) {
    part.steps.push({ step: 'APPLY_ROUTE', resource: inSubnet.subnet.id, detail: `subnet route ${inSubnet.subnet.name} ${inSubnet.range.text}` });
    part.steps.push({ step: 'DELIVER', resource: inSubnet.subnet.id, detail: `${formatDestination(d)} in subnet ${inSubnet.subnet.name}` });
    part.caveats.push('ingress firewall rules at the destination were not evaluated');
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }
  const route = n!.routes
    .longest(ip, (r) => r.tags.length === 0 || r.tags.some((t) => src.tags.includes(t)))
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))[0];
  if (!route)
    return drop(
      'NO_ROUTE',
      `no route in network ${net} matches ${d.ip}`,
      `gcloud compute routes create default-internet-${net} --network=${net} --destination-range=0.0.0.0/0 --next-hop-gateway=default-internet-gateway --project=${project}`,
    );
  const hop = route.nextHop.kind === 'internet-gateway' ? 'default-internet-gateway' : `${route.nextHop.kind} ${shortName(route.nextHop.target)}`;
  part.steps.push(
    sharedStep(index, 'APPLY_ROUTE', route, () => ({
      step: 'APPLY_ROUTE',
      resource: route.id,
      detail: `route ${route.name} ${route.destRange.text} → ${hop} (priority ${route.priority}${route.tags.length ? `, tags ${route.tags.join(',')}` : ''})`,
    })),
  );
  part.facts.route = route.id;
  part.facts.routeNextHop = route.nextHop.kind === 'internet-gateway' ? 'default-internet-gateway' : route.nextHop.target;

  const privateDest = PRIVATE_RANGES.some((r) => contains(r, ip));
  if (route.nextHop.kind !== 'internet-gateway') {
    part.steps.push({ step: 'DELIVER', resource: route.nextHop.target || undefined, detail: `next hop ${hop}${privateDest ? '' : ' (Cloud NAT not used, facts 5.1)'}` });
    part.caveats.push(`what happens after next hop ${hop} is not evaluated`);
    if (privateDest) {
      if (ambiguous) part.verdict = 'AMBIGUOUS';
      return part;
    }
    // A public destination sent to an appliance, VPN or interconnect: Cloud NAT is bypassed (facts 5.1,
    // 6.3). Whether the appliance forwards it is beyond the snapshot, so the verdict is AMBIGUOUS.
    const fix = `gcloud compute routes create ${route.name}-igw --network=${net} --destination-range=${d.ip}/32 --next-hop-gateway=default-internet-gateway${src.fixTag ? ` --tags=${src.fixTag}` : ''} --project=${project}`;
    return Object.assign(part, { verdict: 'AMBIGUOUS', cause: 'ROUTE_NEXT_HOP_NOT_INTERNET_GATEWAY', fix });
  }
  if (privateDest)
    return drop('NO_ROUTE', `${d.ip} is a private address: the internet gateway does not route it (no subnet or custom route matches)`, `gcloud compute routes create ROUTE --network=${net} --destination-range=${d.ip}/32 --next-hop-vpn-tunnel=TUNNEL --project=${project}`);

  const google = d.kind === 'google-apis' || d.kind === 'google-apis-private';
  if (google && src.subnet?.privateIpGoogleAccess) {
    part.steps.push({ step: 'DELIVER', resource: src.subnet.id, detail: `${formatDestination(d)} through Private Google Access on ${src.subnet.name}` });
    part.facts.privateGoogleAccess = true;
    part.egressAddresses = PGA_ADDRESSES;
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }

  const nat = findNat(index, src);
  part.facts.natsNotCovering = nat.notCovering.length ? nat.notCovering : undefined;
  part.facts.natsOtherRegions = nat.otherRegions.length ? nat.otherRegions : undefined;
  if (nat.chosen) {
    const { router, nat: cfg, unverified } = nat.chosen;
    const manual = cfg.natIpAllocateOption === 'MANUAL_ONLY';
    part.steps.push(
      sharedStep(index, 'NAT', cfg, () => ({
        step: 'NAT',
        resource: router.id,
        detail: `Cloud NAT ${router.name}/${cfg.name} (${manual ? `static ${cfg.natIps.map(shortName).join(', ')}` : 'auto-allocated'})`,
      })),
    );
    Object.assign(part.facts, { nat: natFullName(router.id, cfg.name), natMinPortsPerVm: cfg.minPortsPerVm, natDynamicPorts: cfg.enableDynamicPortAllocation });
    part.egressAddresses = manual ? cfg.natIps : AUTO_NAT_ADDRESSES;
    if (unverified)
      part.caveats.push(
        `connector range ${src.range.text} is a hidden aet- subnet (created with --range); whether ${cfg.sourceSubnetworkIpRangesToNat} covers it is UNVERIFIED (facts 5.3)`,
      );
    if (google) {
      // Whether Cloud NAT translates traffic to Google APIs, or turns on Private Google Access itself, is UNVERIFIED (facts 5.6).
      part.caveats.push('whether Cloud NAT serves Google API addresses (or enables Private Google Access for the ranges it translates) is UNVERIFIED (facts 5.6)');
      if (d.kind === 'google-apis-private') part.verdict = 'AMBIGUOUS';
    }
    part.steps.push(sharedStep(index, 'DELIVER', d, () => ({ step: 'DELIVER', detail: formatDestination(d) })));
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }
  const routers: CoverageEntry = { collection: 'routers', project, region: src.region };
  if (!model.coverage.has('routers', project, src.region)) return undetermined([routers], `Cloud Routers of project ${project} in ${src.region} not in the input`);
  if (google) {
    const subnetName = src.subnet?.name ?? 'SUBNET';
    const fix = `gcloud compute networks subnets update ${subnetName} --region=${src.region} --enable-private-ip-google-access --project=${projectOf(src.subnet?.id ?? src.network)}`;
    if (src.hidden) {
      part.caveats.push(`connector range ${src.range.text} is a hidden aet- subnet: whether it has Private Google Access is not visible (facts 1.2)`);
      part.steps.push({ step: 'DROP', detail: `no Cloud NAT, and Private Google Access of the hidden connector subnet is unknown` });
      return Object.assign(part, { verdict: 'AMBIGUOUS', cause: 'PRIVATE_GOOGLE_ACCESS_DISALLOWED', fix: `gcloud compute routers nats create NAT --router=ROUTER --region=${src.region} --nat-all-subnet-ip-ranges --auto-allocate-nat-external-ips --project=${project}` });
    }
    return drop('PRIVATE_GOOGLE_ACCESS_DISALLOWED', `subnet ${subnetName} has Private Google Access off and no Cloud NAT serves it (facts 4.10, 6.4)`, fix, src.subnet?.id);
  }
  const what = src.hidden ? `connector range ${src.range.text}` : `subnet ${src.subnet?.name}`;
  const elsewhere = nat.otherRegions.length ? `; Cloud NAT exists only in other regions: ${nat.otherRegions.map(natLabel).join(', ')}` : '';
  const detail = nat.notCovering.length
    ? `Cloud NAT ${nat.notCovering.map(natLabel).join(', ')} in ${src.region} does not cover ${what}`
    : `no Cloud NAT in ${src.region} on network ${net}${elsewhere}`;
  return drop('NO_EXTERNAL_ADDRESS', detail, natFix(index, src, nat.notCovering[0]), nat.notCovering[0] && routerOfNat(nat.notCovering[0]));
}

interface NatChoice {
  chosen?: { router: Router; nat: Nat; unverified: boolean };
  notCovering: string[];
  otherRegions: string[];
}

/** Public Cloud NATs of the source's network and region that cover its range (facts 5.2, 5.3). */
function findNat(index: ModelIndex, src: VpcSource): NatChoice {
  const out: NatChoice = { notCovering: [], otherRegions: natsInOtherRegions(index, src) };
  let unverified: NatChoice['chosen'];
  for (const router of index.routersAt.get(`${src.network}|${src.region}`) ?? []) {
    for (const nat of router.nats) {
      if (nat.type !== 'PUBLIC') continue;
      const c = natCovers(nat, src);
      if (c === 'yes' && !out.chosen) out.chosen = { router, nat, unverified: false };
      else if (c === 'unverified' && !unverified) unverified = { router, nat, unverified: true };
      else if (c === 'no') out.notCovering.push(natFullName(router.id, nat.name));
    }
  }
  out.chosen ??= unverified;
  return out;
}

/**
 * Public Cloud NATs on the source's network in other regions: one array per network and region, shared
 * by its sources' traces (it lists every NAT of a Shared VPC; npm run bench, phase "trace").
 */
function natsInOtherRegions(index: ModelIndex, src: VpcSource): string[] {
  const { natsElsewhere } = sharedOf(index);
  const key = `${src.network}|${src.region}`;
  let out = natsElsewhere.get(key);
  if (!out) {
    out = [];
    for (const router of index.routersOn.get(src.network) ?? [])
      if (router.region !== src.region) for (const nat of router.nats) if (nat.type === 'PUBLIC') out.push(natFullName(router.id, nat.name));
    natsElsewhere.set(key, out);
  }
  return out;
}

function natCovers(nat: Nat, src: VpcSource): 'yes' | 'no' | 'unverified' {
  if (nat.sourceSubnetworkIpRangesToNat !== 'LIST_OF_SUBNETWORKS') return src.hidden ? 'unverified' : 'yes';
  // A --range connector's hidden subnet can never be listed (facts 5.3).
  if (src.hidden || !src.subnet) return 'no';
  const entry = nat.subnetworks.find((s) => s.subnetwork === src.subnet!.id);
  if (!entry) return 'no';
  const ranges = entry.sourceIpRangesToNat;
  return ranges.length === 0 || ranges.includes('ALL_IP_RANGES') || ranges.includes('PRIMARY_IP_RANGE') ? 'yes' : 'no';
}

function natFix(index: ModelIndex, src: VpcSource, notCovering: string | undefined): string {
  const project = projectOf(src.network)!;
  if (notCovering) {
    const router = routerOfNat(notCovering);
    const r = index.routersAt.get(`${src.network}|${src.region}`)!.find((x) => x.id === router)!;
    const nat = r.nats.find((x) => x.name === shortName(notCovering))!;
    // A --range connector's hidden subnet cannot be listed (facts 5.3): only ALL_SUBNETWORKS_* can serve it.
    if (!src.subnet) return `gcloud compute routers nats update ${nat.name} --router=${r.name} --region=${src.region} --nat-all-subnet-ip-ranges --project=${project}`;
    const listed = nat.subnetworks.map((s) => shortName(s.subnetwork)).filter((s) => s !== src.subnet!.name);
    return `gcloud compute routers nats update ${nat.name} --router=${r.name} --region=${src.region} --nat-custom-subnet-ip-ranges=${[...listed, src.subnet.name].join(',')} --project=${project}`;
  }
  const ranges = src.hidden ? '--nat-all-subnet-ip-ranges' : `--nat-custom-subnet-ip-ranges=${src.subnet?.name}`;
  const create = `gcloud compute routers create nat-router-${src.region} --network=${shortName(src.network)} --region=${src.region} --project=${project}`;
  return `${create} && gcloud compute routers nats create nat-${src.region} --router=nat-router-${src.region} --region=${src.region} ${ranges} --auto-allocate-nat-external-ips --project=${project}`;
}

/** The checks and, for each, the rule of facts 2.3 that fixes it. */
const CONTROL_PLANE: { name: string; direction?: 'INGRESS'; range: Cidr; fix: string }[] = [
  {
    name: 'connector → serverless infrastructure',
    range: SERVERLESS_INFRA_RANGE,
    fix: 'vpc-connector-to-serverless --direction=EGRESS --destination-ranges=35.199.224.0/19 --rules=tcp:667,udp:665-666,icmp',
  },
  {
    name: 'serverless infrastructure → connector',
    direction: 'INGRESS',
    range: SERVERLESS_INFRA_RANGE,
    fix: 'serverless-to-vpc-connector --direction=INGRESS --source-ranges=35.199.224.0/19 --rules=tcp:667,udp:665-666,icmp',
  },
  {
    name: 'health checks → connector',
    direction: 'INGRESS',
    range: parseCidr('35.191.0.0/16')!,
    fix: 'vpc-connector-health-checks --direction=INGRESS --source-ranges=35.191.0.0/16,35.191.192.0/18,130.211.0.0/22 --rules=tcp:667',
  },
];

/**
 * The connector's own traffic (facts 2.2, 2.3): egress to 35.199.224.0/19 and ingress from it and from
 * the health-check ranges on tcp:667. Only the firewall decides; 35.199.224.0/19 is a special return path (facts 6.5).
 */
export function traceControlPlane(model: Model, c: Connector): Trace[] {
  const index = indexOf(model);
  const src = connectorSource(model, index, c);
  return CONTROL_PLANE.map(({ name, direction, range, fix }) => {
    const destination: Destination = { name, kind: 'control-plane', ip: range.text.split('/')[0]!, port: 667, protocol: 'tcp', direction, note: range.text };
    const trace: Trace = {
      workload: c.id,
      destination,
      verdict: 'REACHABLE',
      steps: [{ step: 'ARRIVE_AT_VPC_CONNECTOR', resource: c.id, detail: `connector ${c.name}${'range' in src ? ` ${src.range.text}` : ''}` }],
      caveats: [],
      facts: newFacts({ egressMode: 'connector', entersVpc: true, region: c.region, connector: c.id, network: c.network }),
    };
    const project = c.network ? projectOf(c.network)! : undefined;
    if ('missing' in src || !project || !model.coverage.has('firewalls', project)) {
      const missing = 'missing' in src ? src.missing : [{ collection: 'firewalls' as const, project: project ?? c.project }];
      trace.steps.push({ step: 'UNDETERMINED', detail: 'the connector network or its firewall rules are not in the input' });
      return Object.assign(trace, { verdict: 'UNDETERMINED' as const, missing });
    }
    const n = index.networks.get(src.network)!;
    if (!n.policiesSeen) trace.caveats.push(`no effective firewalls for network ${shortName(src.network)}: firewall policies were not evaluated`);
    const fw = decide(viewFor(n, src, { direction: direction ?? 'EGRESS', protocol: 'tcp', port: 667 }), range.start);
    Object.assign(trace.facts, { firewallRule: fw.resource, firewallAction: fw.action, sourceRange: src.range.text });
    for (const u of fw.uncertain) trace.caveats.push(`${u.label} would ${u.action} this packet if it applies: it ${u.why}`);
    trace.steps.push({ step: direction ? 'APPLY_INGRESS_FIREWALL_RULE' : 'APPLY_EGRESS_FIREWALL_RULE', resource: fw.resource, detail: `firewall: ${fw.label}` });
    if (fw.action === 'allow') {
      trace.steps.push({ step: 'DELIVER', detail: `${range.text} tcp:667` });
      if (fw.uncertain.length) trace.verdict = 'AMBIGUOUS';
      return trace;
    }
    trace.steps.push({ step: 'DROP', resource: fw.resource, detail: `${direction ? 'ingress' : 'egress'} denied by ${fw.label}` });
    return Object.assign(trace, {
      verdict: fw.uncertain.length ? ('AMBIGUOUS' as const) : ('UNREACHABLE' as const),
      cause: 'FIREWALL_RULE' as const,
      fix: `gcloud compute firewall-rules create ${fix} --network=${shortName(src.network)} --action=ALLOW --target-tags=vpc-connector --priority=${allowPriority(fw)} --project=${project}`,
    });
  });
}

/**
 * The priority an allow needs to win over a VPC firewall deny: one less (a tie goes to the deny,
 * facts 7.1). A deny in a firewall policy is not overridden by a VPC rule in the default order:
 * the placeholder says the allow must come first, in the policy or with BEFORE_CLASSIC_FIREWALL.
 */
function allowPriority(fw: FirewallDecision): string {
  const vpcRule = fw.resource?.includes('/global/firewalls/');
  return vpcRule && fw.priority !== undefined && fw.priority > 0 ? String(fw.priority - 1) : 'PRIORITY_ABOVE_THE_DENY';
}
