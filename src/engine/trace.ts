// The egress path engine: one workload, one destination, hop by hop (facts §1–§7, the §10 scenario).
// Pure: reads the model through its index; the in-VPC part of a path is shared between workloads
// with the same source identity (network, region, source range, tags) and destination.
import { UsageError } from '../errors.js';
import { allowAbove, internetRoutes, natCoverSubnet, natCreate, runUpdate, subnetUpdate, vpcModeFixes, type AllowSpec, type Fix } from '../fix.js';
import { attachVpcFix, connectorInRegionFixes, connectorNotReadyFix, destinationRanges, directVpcFlags, mergedRangeTexts, directVpcSubnetFix, egressAllowSpec, takenNames, type NamedCollection } from './fix-values.js';
import { pushTo } from '../lookup.js';
import { isPrivateAddress, parseCidr, parseIpv4, sentIntoVpcByPrivateRangesOnly, SERVERLESS_INFRA_RANGE, type Cidr } from '../ip.js';
import { effectiveEgress, type Connector, type CoverageEntry, type Model, type Nat, type Subnetwork, type Workload } from '../model.js';
import { projectOf, regionOf, shortName } from '../names.js';
import { defaultDestinations, formatDestination, type DestinationSpec } from './destinations.js';
import { decide, decideAll, firewallView, peerSet, restrictTo, type FirewallDecision, type FirewallView, type PacketKind, type PeerSet, type SourceIdentity } from './firewall.js';
import { buildIndex, type ModelIndex, type NetworkIndex } from './model-index.js';
import { natFullName, natLabel, type AllowSource, type Destination, type DropCause, type NatRef, type StepKind, type Trace, type TraceFacts, type TraceStep, type Verdict } from './types.js';

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
  return { name: d.name, kind: d.kind, ip: d.ip, port: d.port, protocol: d.protocol, direction: d.direction, subnetwork: d.subnetwork, note: d.note, range: d.range, subnetworks };
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
type TraceEnd = Omit<Trace, 'workload' | 'destination' | 'fixes'> & { makeFixes?: () => Fix[] };

/**
 * The value of make(), made on the first call. Fixes are made when first read: a trace's fix is read
 * only where a rule reports it (or `trace` shows it), and making every broken path's fix (GitHub's
 * ranges, names taken) was a third of the trace phase at organisation scale (npm run bench).
 */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * A trace whose fixes are made when first read (see once). A class, so that the getter lives on the
 * prototype: a getter in each object literal put every trace's properties in a dictionary of its own
 * (twice the traces' memory at organisation scale, npm run bench).
 */
class TraceWithFixes implements Trace {
  readonly #makeFixes: (() => Fix[] | undefined) | undefined;
  readonly workload: string;
  readonly destination: Destination;
  readonly verdict: Verdict;
  readonly cause: DropCause | undefined;
  readonly steps: TraceStep[];
  readonly egressAddresses: string[] | undefined;
  readonly missing: CoverageEntry[] | undefined;
  readonly caveats: string[];
  readonly facts: TraceFacts;

  constructor(t: Omit<Trace, 'fixes'>, makeFixes: (() => Fix[] | undefined) | undefined, destination: Destination) {
    this.workload = t.workload;
    this.destination = destination;
    this.verdict = t.verdict;
    this.cause = t.cause;
    this.steps = t.steps;
    this.egressAddresses = t.egressAddresses;
    this.missing = t.missing;
    this.caveats = t.caveats;
    this.facts = t.facts;
    this.#makeFixes = makeFixes;
  }

  get fixes(): Fix[] | undefined {
    return this.#makeFixes?.();
  }

  /** The same trace standing for another destination, its fixes made once for both. */
  to(destination: Destination): TraceWithFixes {
    return new TraceWithFixes(this, this.#makeFixes, destination);
  }
}


/**
 * What the traces of one traceAll call share, owned by that call: plain maps that go when it returns.
 * Module-level WeakMaps keyed by tens of thousands of objects (sources, destinations, rules) made every
 * young-generation garbage collection slow (npm run bench, phase "trace").
 */
export interface TraceSession {
  readonly model: Model;
  readonly index: ModelIndex;
  /** One prefix per workload: a workload is traced to hundreds of destinations. */
  prefixes: Map<Workload, TracePrefix>;
  vpcDestinations: Map<NetworkIndex, Destination[]>;
  /** The sorted peers of a destinations array, and each destination's address in order. */
  peers: Map<Destination[], PeerSet & { ips: number[] }>;
  /** Per view restricted to a network's subnet addresses (restrictTo): the decisions and the groupings. */
  paths: Map<FirewallView, ViewPaths>;
  /** One VpcSource per source identity, shared by the workloads behind it. */
  connectorSources: Map<Connector, VpcSource | { missing: CoverageEntry[]; detail: string }>;
  directVpcSources: Map<string, VpcSource>;
  /** Numbers the sources (traceAll groups workloads by it). */
  sourceCount: number;
  natsElsewhere: Map<string, NatRef[]>;
  /** One step object per kind of hop and the object that decides it (see sharedStep). */
  steps: Map<StepKind, Map<object, TraceStep>>;
  /**
   * What a fix made after traceAll returns needs (see once): the model and the names taken, for new
   * resources a fix creates. Fixes hold this, never the session, whose caches must go with traceAll.
   */
  fixContext: FixContext;
  /** The subnet groupings of a destinations array that are alike, as one (see candidatePaths). */
  partitions: Map<Destination[], Map<number, { groupOf: Int32Array; paths: CandidatePath[] }[]>>;
}

/** A session for tracing a model: traceAll makes one per call; `trace` makes one for a workload's destinations. */
export function traceSession(model: Model, index: ModelIndex = buildIndex(model)): TraceSession {
  return {
    model,
    index,
    prefixes: new Map(),
    vpcDestinations: new Map(),
    peers: new Map(),
    paths: new Map(),
    connectorSources: new Map(),
    directVpcSources: new Map(),
    sourceCount: 0,
    natsElsewhere: new Map(),
    steps: new Map(),
    fixContext: { model, taken: new Map() },
    partitions: new Map(),
  };
}

/**
 * The step of a hop that depends on one object only (a firewall decision, a route, a Cloud NAT, a
 * destination): one object for every part that takes the hop. At scale 1000 the parts held 49,400
 * steps, 3,097 of them distinct (npm run bench, phase "trace").
 */
function sharedStep(session: TraceSession, step: StepKind, by: object, make: () => TraceStep): TraceStep {
  const { steps } = session;
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
  makeFixes?: () => Fix[];
  egressAddresses?: string[];
  missing?: CoverageEntry[];
  caveats: string[];
  facts: Partial<TraceFacts>;
}

function startStep(w: Workload): TraceStep {
  const what = w.kind === 'job' ? 'Cloud Run job' : w.kind === 'service' ? 'Cloud Run service' : 'Cloud Run worker pool';
  return { step: w.kind === 'job' ? 'START_FROM_CLOUD_RUN_JOB' : 'START_FROM_CLOUD_RUN_REVISION', resource: w.id, detail: `${what} ${w.name} (${w.region})`, workload: w };
}

/** Destinations of the specs for one workload: 'vpc' becomes one per primary range of its network's subnets. */
export function destinationsFor(session: TraceSession, w: Workload, specs: DestinationSpec[]): Destination[] {
  return specs.flatMap((spec) => (spec.kind === 'fixed' ? [spec.destination] : vpcDestinationsOf(session, w)));
}

/** The 'vpc' destinations of the workload's network (one shared array per network; none when it has none). */
function vpcDestinationsOf(session: TraceSession, w: Workload): Destination[] {
  const network = workloadNetwork(session.index, w);
  const n = network ? session.index.networks.get(network) : undefined;
  return n ? vpcDestinations(session, n) : [];
}

// The 'vpc' destinations of a network, built once per network index and shared by its workloads
// (they are never mutated): building ~400 fresh objects per workload of a Shared VPC was a large
// part of the trace phase's allocation (npm run bench, phase "trace").
function vpcDestinations(session: TraceSession, n: NetworkIndex): Destination[] {
  const { vpcDestinations: known } = session;
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

function workloadNetwork(index: ModelIndex, w: Workload): string | undefined {
  if (w.connector) return index.connectors.get(w.connector)?.network;
  const ni = w.networkInterfaces[0];
  return ni?.network ?? (ni?.subnetwork ? index.subnets.get(ni.subnetwork)?.network : undefined);
}

/**
 * Every workload to every destination, then the control-plane checks of every connector. The session's
 * caches serve this call only (check traces once): at organisation scale they held more than twice the
 * memory of the traces themselves (npm run bench); pass a session to read its index's counters after.
 */
export function traceAll(model: Model, specs: DestinationSpec[] = defaultDestinations(), session: TraceSession = traceSession(model)): Trace[] {
  const traces: Trace[] = [];
  const { prefixes } = session;
  // Workloads that enter the VPC the same way (same connector or interfaces, egress setting, region,
  // service account) group its subnets the same way: the first one finds the groups, the others
  // trace one subnet per group (a Shared VPC has hundreds of subnets and thousands of workloads).
  const groupsBySource = new Map<string, Destination[]>();
  const fixed = specs.flatMap((spec) => (spec.kind === 'fixed' ? [spec.destination] : []));
  const vpcToo = specs.some((spec) => spec.kind === 'vpc');
  for (const w of model.workloads) {
    for (const d of fixed) traces.push(traceOne(session, w, d));
    const vpc = vpcToo ? vpcDestinationsOf(session, w) : [];
    if (vpc.length === 0) continue;
    // Once its traces have resolved the source (the destination classes come first), the shared
    // VpcSource and the egress setting decide the grouping; otherwise the fields that lead to it do.
    const resolved = prefixes.get(w)?.source;
    const source = resolved
      ? `${resolved.id}|${effectiveEgress(w)}`
      : JSON.stringify([w.connector, w.networkInterfaces, effectiveEgress(w), w.region, w.serviceAccount, w.unknownFields]);
    const grouped = groupsBySource.get(source);
    if (grouped) traces.push(...grouped.map((d) => traceOne(session, w, d)));
    else {
      const once = vpcTraces(session, w, vpc);
      groupsBySource.set(source, once.map((t) => t.destination));
      traces.push(...once);
    }
  }
  for (const c of model.connectors) traces.push(...traceControlPlane(session, c));
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
function vpcTraces(session: TraceSession, w: Workload, destinations: Destination[]): Trace[] {
  const { index } = session;
  const first = traceOne(session, w, destinations[0]!);
  const source = session.prefixes.get(w)?.source;
  const n = source && index.networks.get(source.network);
  // Stopped before the VPC (no source): nothing up to there depends on the destination, so the first
  // subnet's trace stands for all (each of a Shared VPC's hundreds of subnets was traced from the start
  // for every workload with a broken connector: 30,000 traces at scale 1000 of npm run bench).
  const candidates = !source
    ? [pathOf(destinations, destinations.map((_, i) => i))]
    : n
      ? candidatePaths(session, n, source, effectiveEgress(w) === 'PRIVATE_RANGES_ONLY', destinations)
      : destinations.map((_, i) => pathOf(destinations, [i]));
  const coarse = new Map<string, { trace: Trace; paths: CandidatePath[] }>();
  for (const path of candidates) {
    const t = path.members[0] === 0 ? first : traceOne(session, w, destinations[path.members[0]!]!);
    // The hops are fixed by these facts (the same source, firewall decision, custom route and NAT);
    // the step count tells a trace that stopped early from one that went on.
    const key = `${t.verdict}|${t.cause ?? ''}|${t.facts.entersVpc}|${t.facts.firewallRule ?? ''}|${t.facts.routeNextHop === undefined ? '' : t.facts.route}|${t.facts.nat ?? ''}|${t.steps.length}`;
    const group = coarse.get(key);
    if (group) group.paths.push(path);
    else coarse.set(key, { trace: t, paths: [path] });
  }
  return [...coarse.values()].map(({ trace, paths }) => {
    const subnetworks = paths.length === 1 ? paths[0]!.subnetworks : pathOf(destinations, paths.flatMap((p) => p.members).sort((a, b) => a - b)).subnetworks;
    const destination = withSubnetworks(trace.destination, subnetworks);
    // A trace that stopped before its source was known carries its fixes as a plain field.
    return trace instanceof TraceWithFixes ? trace.to(destination) : { ...trace, destination };
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
function candidatePaths(session: TraceSession, n: NetworkIndex, source: VpcSource, privateOnly: boolean, destinations: Destination[]): CandidatePath[] {
  const d0 = destinations[0]!;
  if (destinations.some((d) => d.protocol !== d0.protocol || d.port !== d0.port)) return destinations.map((_, i) => pathOf(destinations, [i]));
  const shared = session;
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
  if (privateOnly) return (known.privateOnly ??= group((i) => (sentIntoVpcByPrivateRangesOnly(ips[i]!) ? decisions[i] : 'external')));
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

export function traceOne(session: TraceSession, w: Workload, destination: Destination): Trace {
  const { model, index, prefixes } = session;
  let prefix = prefixes.get(w);
  if (!prefix) {
    prefix = { steps: [startStep(w)] };
    prefixes.set(w, prefix);
  }
  // The workload's source is known from an earlier destination: only the end is left.
  if (prefix.source) return withEnd(session, w, prefix as Required<TracePrefix>, destination);
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
  const drop = (cause: DropCause, detail: string, fixes: Fix[], resource?: string): Trace => {
    trace.steps.push({ step: 'DROP', resource, detail, cause });
    return Object.assign(trace, { verdict: 'UNREACHABLE', cause, fixes });
  };
  const undetermined = (missing: CoverageEntry[], detail: string): Trace => {
    trace.steps.push({ step: 'UNDETERMINED', detail, missing });
    return Object.assign(trace, { verdict: 'UNDETERMINED', missing });
  };
  // VPC settings known only at deploy ($VAR in a script, a value known after apply): the path cannot
  // be traced, and saying "no VPC access" instead would be a guess.
  const unknownVpc = (w.unknownFields ?? []).filter((f) => VPC_FIELDS.has(f));
  if (unknownVpc.length > 0) return undetermined([], `VPC settings of ${w.name} not known until deploy: ${unknownVpc.join(', ')}`);
  if (mode === 'conflict')
    return drop(
      'INVALID_VPC_CONFIGURATION',
      `both a connector and Direct VPC network interfaces are set; the API rejects this ("one and only one of connector and network_interfaces must be set")`,
      vpcModeFixes(w),
      w.id,
    );
  if (mode === 'none') {
    if (sentIntoVpcByPrivateRangesOnly(ip))
      return drop('VPC_CONNECTOR_NOT_SET', `no connector or Direct VPC egress: ${destination.ip} is a private address and cannot be reached`, [attachVpcFix(index, w, ip, destination)], w.id);
    const end = externalEnd(w, mode, destination);
    return { ...trace, ...end, steps: trace.steps.concat(end.steps) };
  }

  let source: VpcSource;
  if (mode === 'connector') {
    const id = w.connector!;
    const region = regionOf(id)!;
    if (region !== w.region)
      return drop('VPC_CONNECTOR_REGION_MISMATCH', `connector ${shortName(id)} is in ${region}, not ${w.region}`, connectorInRegionFixes(model, index, w, id), w.id);
    const c = index.connectors.get(id);
    if (!c) {
      const entry: CoverageEntry = { collection: 'connectors', project: projectOf(id)!, region };
      if (!model.coverage.has('connectors', entry.project, region)) return undetermined([entry], `connector ${shortName(id)} not in the input`);
      return drop('VPC_CONNECTOR_NOT_FOUND', `connector ${shortName(id)} does not exist in ${region}`, connectorInRegionFixes(model, index, w, id), w.id);
    }
    if (c.state !== undefined && c.state !== 'READY')
      return drop('VPC_CONNECTOR_NOT_RUNNING', `connector ${c.name} is ${c.state}, not READY`, [connectorNotReadyFix(model, c)], c.id);
    const resolved = connectorSource(session, c);
    if ('missing' in resolved) return undetermined(resolved.missing, resolved.detail);
    source = resolved;
    trace.steps.push({ step: 'ARRIVE_AT_VPC_CONNECTOR', resource: c.id, detail: `connector ${c.name} ${source.range.text}`, connector: c });
    trace.facts.connector = c.id;
    trace.facts.hiddenSubnet = source.hidden;
    trace.facts.sourceSubnetwork = source.subnet?.id;
  } else {
    const ni = w.networkInterfaces[0]!;
    const subnetId = ni.subnetwork!;
    const region = regionOf(subnetId)!;
    if (region !== w.region)
      return drop('DIRECT_VPC_SUBNET_REGION_MISMATCH', `subnet ${shortName(subnetId)} is in ${region}, not ${w.region}`, [directVpcSubnetFix(index, w, ni.network ?? index.subnets.get(subnetId)?.network)], w.id);
    const s = index.subnets.get(subnetId);
    if (!s) {
      const entry: CoverageEntry = { collection: 'subnetworks', project: projectOf(subnetId)!, region };
      if (!model.coverage.has('subnetworks', entry.project, region)) return undetermined([entry], `subnet ${shortName(subnetId)} not in the input`);
      return drop('DIRECT_VPC_SUBNET_NOT_FOUND', `subnet ${shortName(subnetId)} does not exist in ${region} (project ${entry.project})`, [directVpcSubnetFix(index, w, ni.network)], w.id);
    }
    if (ni.network && ni.network !== s.network)
      return drop('DIRECT_VPC_SUBNET_NOT_FOUND', `subnet ${s.name} belongs to network ${shortName(s.network)}, not ${shortName(ni.network)}`, [{ summary: `name the network that holds subnet "${s.name}"`, commands: [runUpdate(w, directVpcFlags(w, s))] }], w.id);
    source = directVpcSource(session, s, ni.tags, w.serviceAccount);
    trace.steps.push({ step: 'DIRECT_VPC_EGRESS_CONNECTION', resource: s.id, detail: `Direct VPC egress ${s.name} ${s.range.text}${ni.tags.length ? ` tags ${ni.tags.join(',')}` : ''}`, subnetwork: s });
    trace.facts.sourceSubnetwork = s.id;
  }
  trace.facts.network = source.network;
  trace.facts.sourceRange = source.range.text;
  prefix = { steps: trace.steps.slice(), source, facts: trace.facts }; // at its size: it is kept
  prefixes.set(w, prefix);
  return withEnd(session, w, prefix as Required<TracePrefix>, destination);
}

/** The trace of a workload whose source is known: its prefix, then the end shared by its source. */
function withEnd(session: TraceSession, w: Workload, prefix: Required<TracePrefix>, destination: Destination): Trace {
  const { index } = session;
  const ends = prefix.source.ends[effectiveEgress(w)];
  let end = ends.get(destination);
  if (end) index.stats.cacheHits++;
  else {
    end = traceEnd(session, w, prefix.source, prefix.facts, destination, parseIpv4(destination.ip)!);
    // A private-ranges-only trace to a subnet outside RFC 1918 names its workload in its fix (externalEnd).
    if (end.facts.entersVpc || destination.kind !== 'vpc') ends.set(destination, end);
  }
  return new TraceWithFixes(
    {
      workload: w.id,
      destination,
      verdict: end.verdict,
      cause: end.cause,
      steps: prefix.steps.concat(end.steps),
      egressAddresses: end.egressAddresses,
      missing: end.missing,
      caveats: end.caveats,
      facts: end.facts,
    },
    end.makeFixes,
    destination,
  );
}

/** The end of a trace whose source is known: the private-ranges-only bypass, or the path inside the VPC. */
function traceEnd(session: TraceSession, w: Workload, source: VpcSource, prefixFacts: TraceFacts, destination: Destination, ip: number): TraceEnd {
  const facts = newFacts(prefixFacts);
  if (facts.egress === 'PRIVATE_RANGES_ONLY' && !sentIntoVpcByPrivateRangesOnly(ip)) {
    // The Cloud NAT that would translate this source had the traffic entered the VPC: its static
    // addresses are not used (egress/private-ranges-only-bypass reads this).
    const would = findNat(session, source).chosen;
    if (would) facts.bypassedNat = natId(would);
    return { ...externalEnd(w, facts.egressMode, destination, { source: would ? undefined : source, bypassedNat: would }), facts };
  }
  facts.entersVpc = true;
  const part = vpcPart(session, source, destination, ip);
  Object.assign(facts, part.facts);
  return { verdict: part.verdict, cause: part.cause, makeFixes: part.makeFixes, steps: part.steps, egressAddresses: part.egressAddresses, missing: part.missing, caveats: part.caveats, facts };
}

/**
 * Google-managed serverless egress: no VPC access, or private-ranges-only with a public address
 * (https://cloud.google.com/run/docs/configuring/vpc-direct-vpc, "Egress settings"). Under
 * private-ranges-only, `bypassedNat` is the Cloud NAT the source would use in the VPC, and `source`
 * the source when none would (all-traffic then needs one).
 */
function externalEnd(w: Workload, mode: TraceFacts['egressMode'], destination: Destination, vpc: { source?: VpcSource; bypassedNat?: NatRef } = {}): Omit<TraceEnd, 'facts'> {
  const leave: TraceStep = {
    step: 'SERVERLESS_EXTERNAL_CONNECTION',
    detail:
      mode === 'none'
        ? 'Google-managed serverless egress (no VPC access configured)'
        : 'Google-managed serverless egress (private-ranges-only sends public addresses outside the VPC)',
    why: mode === 'none' ? 'no-vpc-access' : 'private-ranges-only',
    bypassedNat: vpc.bypassedNat,
  };
  if (destination.kind === 'vpc') {
    // A subnet outside RFC 1918/6598 (Class E, privately used public ranges) under private-ranges-only;
    // Google does not say whether Class E is sent into the VPC.
    const noNat = vpc.source ? `; internet traffic then enters the VPC too, and no Cloud NAT in ${vpc.source.region} serves ${vpc.source.range.text} in the input` : '';
    return {
      verdict: 'AMBIGUOUS',
      steps: [leave, { step: 'DELIVER', detail: `${formatDestination(destination)} on the internet, not subnet ${shortName(destination.subnetwork ?? '')}` }],
      caveats: [`${destination.ip} is not an RFC 1918/6598 address, so private-ranges-only does not send it into the VPC (Google does not document Class E and privately used public ranges here)`],
      makeFixes: once(() => [{ summary: `send all traffic through the VPC${noNat}`, commands: [runUpdate(w, { 'vpc-egress': 'all-traffic' })] }]),
    };
  }
  return { verdict: 'REACHABLE', steps: [leave, { step: 'DELIVER', detail: formatDestination(destination) }], caveats: [], egressAddresses: GOOGLE_MANAGED_ADDRESSES };
}

const CONNECTOR_TAG = 'vpc-connector';

/** A new source's caches (see VpcSource), empty. */
const sourceCaches = (): Pick<VpcSource, 'views' | 'parts' | 'ends'> => ({ views: new Map(), parts: new Map(), ends: { ALL_TRAFFIC: new Map(), PRIVATE_RANGES_ONLY: new Map() } });

function directVpcSource(session: TraceSession, s: Subnetwork, tags: string[], serviceAccount: string | undefined): VpcSource {
  const { directVpcSources } = session;
  const key = `${s.id}|${tags.join(',')}|${serviceAccount ?? ''}`;
  let source = directVpcSources.get(key);
  if (!source) {
    source = { id: session.sourceCount++, network: s.network, region: s.region, range: s.range, tags: [...tags].sort(), connector: false, serviceAccount, subnet: s, hidden: false, fixTag: tags[0], ...sourceCaches() };
    directVpcSources.set(key, source);
  }
  return source;
}

function connectorSource(session: TraceSession, c: Connector): VpcSource | { missing: CoverageEntry[]; detail: string } {
  const { connectorSources } = session;
  let source = connectorSources.get(c);
  if (!source) connectorSources.set(c, (source = resolveConnectorSource(session, c)));
  return source;
}

/** Connector VMs: tags vpc-connector and vpc-connector-REGION-NAME (facts 1.12); addresses of the /28 (facts 1.5). */
function resolveConnectorSource(session: TraceSession, c: Connector): VpcSource | { missing: CoverageEntry[]; detail: string } {
  const { model, index } = session;
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
  return { id: session.sourceCount++, network, region: c.region, range, tags, connector: true, subnet, hidden: !c.subnet, fixTag: tags[1], ...sourceCaches() };
}

/** The source's firewall view for a kind of packet (a source asks again for each of its destinations). */
function viewFor(n: NetworkIndex, src: VpcSource, p: PacketKind): FirewallView {
  const key = `${p.direction}|${p.protocol}|${p.port}`;
  let view = src.views.get(key);
  if (!view) src.views.set(key, (view = firewallView(n, src, p)));
  return view;
}

function vpcPart(session: TraceSession, src: VpcSource, d: Destination, ip: number): VpcPart {
  const { index } = session;
  // Per source object and destination object: the workloads behind a source share both (the
  // destination classes, a network's subnet destinations and the groups traceAll keeps are shared
  // objects), so no key string is built per trace.
  const cached = src.parts.get(d);
  if (cached) {
    index.stats.cacheHits++;
    return cached;
  }
  index.stats.pathsComputed++;
  const part = computeVpcPart(session, src, d, ip);
  // Kept for the source's other traces: its lists at their size (an array grows to 16 slots on its first push).
  part.steps = part.steps.slice();
  part.caveats = part.caveats.slice();
  src.parts.set(d, part);
  // Shared, not cloned: traceEnd copies the facts it extends, and nothing downstream mutates a trace.
  // structuredClone per trace was most of the trace phase (npm run bench, phase "trace").
  return part;
}

function computeVpcPart(session: TraceSession, src: VpcSource, d: Destination, ip: number): VpcPart {
  const { model, index } = session;
  // The fixes below are made later (once): they hold fx and the source's fields, never the session
  // or the source, whose caches must go with traceAll (see fixContext).
  const fx = session.fixContext;
  const { network, region, hidden, fixTag } = src;
  const subnet = hidden ? undefined : src.subnet;
  const part: VpcPart = { steps: [], verdict: 'REACHABLE', caveats: [], facts: {} };
  const n: NetworkIndex | undefined = index.networks.get(src.network);
  const project = projectOf(src.network)!;
  const net = shortName(src.network);
  const undetermined = (missing: CoverageEntry[], detail: string): VpcPart => {
    part.steps.push({ step: 'UNDETERMINED', detail, missing });
    return Object.assign(part, { verdict: 'UNDETERMINED', missing });
  };
  const drop = (cause: DropCause, detail: string, makeFixes: () => Fix[], resource?: string, nats?: NatChoice, allowFrom?: AllowSource): VpcPart => {
    part.steps.push({ step: 'DROP', resource, detail, cause, natsNotCovering: nats?.notCovering, natsOtherRegions: nats?.otherRegions, allowFrom });
    return Object.assign(part, { verdict: 'UNREACHABLE', cause, makeFixes: once(makeFixes) });
  };

  if (!model.coverage.has('firewalls', project)) return undetermined([{ collection: 'firewalls', project }], `firewall rules of network ${net} not in the input`);
  if (!n || !n.policiesSeen)
    part.caveats.push(`no effective firewalls (getEffectiveFirewalls) for network ${net}: hierarchical and network firewall policies were not evaluated`);
  const fw = decide(viewFor(n!, src, { direction: 'EGRESS', protocol: d.protocol, port: d.port }), ip);
  part.facts.firewallRule = fw.resource;
  part.facts.firewallAction = fw.action;
  part.caveats.push(...fw.caveats);
  for (const u of fw.uncertain) part.caveats.push(`${u.label} would ${u.action} this packet if it applies: it ${u.why}`);
  part.steps.push(
    sharedStep(session, 'APPLY_EGRESS_FIREWALL_RULE', fw, () => ({ step: 'APPLY_EGRESS_FIREWALL_RULE', resource: fw.resource, detail: `firewall: ${fw.label}`, decision: fw })),
  );
  const ambiguous = fw.uncertain.length > 0;
  if (fw.action === 'deny') {
    const allowFrom: AllowSource = { network: src.network, range: src.range, fixTag: src.fixTag };
    drop('FIREWALL_RULE', `egress denied by ${fw.label}`, () => [allowAbove(fw, egressAllowSpec(index, allowFrom, [d]), taken(fx, 'firewalls', project))], fw.resource, undefined, allowFrom);
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }

  if (!model.coverage.has('routes', project)) return undetermined([{ collection: 'routes', project }], `routes of network ${net} not in the input`);
  const inSubnet = n!.subnets.longest(ip)[0];
  if (inSubnet) {
    part.steps.push({ step: 'APPLY_ROUTE', resource: inSubnet.subnet.id, detail: `subnet route ${inSubnet.subnet.name} ${inSubnet.range.text}`, subnetwork: inSubnet.subnet });
    part.steps.push({ step: 'DELIVER', resource: inSubnet.subnet.id, detail: `${formatDestination(d)} in subnet ${inSubnet.subnet.name}`, subnetwork: inSubnet.subnet });
    part.caveats.push('ingress firewall rules at the destination were not evaluated');
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }
  const route = n!.routes
    .longest(ip, (r) => r.tags.length === 0 || r.tags.some((t) => src.tags.includes(t)))
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))[0];
  const privateDest = isPrivateAddress(ip);
  if (!route)
    return drop(
      'NO_ROUTE',
      privateDest
        ? `${d.ip} is a private address: the internet gateway does not route it (no subnet or custom route matches)`
        : `no route in network ${net} matches ${d.ip}`,
      () =>
        privateDest
          ? [{ summary: `add a route for ${d.ip} through the Cloud VPN tunnel, Interconnect attachment, peering or appliance that reaches it (the input does not say which)`, commands: [] }]
          : [internetRoutes(network, `default-internet-${net}`, ['0.0.0.0/0'], 1000, undefined, taken(fx, 'routes', project))],
    );
  const hop = route.nextHop.kind === 'internet-gateway' ? 'default-internet-gateway' : `${route.nextHop.kind} ${shortName(route.nextHop.target)}`;
  part.steps.push(
    sharedStep(session, 'APPLY_ROUTE', route, () => ({
      step: 'APPLY_ROUTE',
      resource: route.id,
      detail: `route ${route.name} ${route.destRange.text} → ${hop} (priority ${route.priority}${route.tags.length ? `, tags ${route.tags.join(',')}` : ''})`,
      route,
    })),
  );
  part.facts.route = route.id;
  part.facts.routeNextHop = route.nextHop.kind === 'internet-gateway' ? 'default-internet-gateway' : route.nextHop.target;

  if (route.nextHop.kind !== 'internet-gateway') {
    part.steps.push({ step: 'DELIVER', resource: route.nextHop.target || undefined, detail: `next hop ${hop}${privateDest ? '' : ' (Cloud NAT not used)'}` });
    part.caveats.push(`what happens after next hop ${hop} is not evaluated`);
    if (privateDest) {
      if (ambiguous) part.verdict = 'AMBIGUOUS';
      return part;
    }
    // A public destination sent to an appliance, VPN or interconnect: Cloud NAT serves only routes to
    // the default internet gateway (https://cloud.google.com/nat/docs/overview). Whether the appliance
    // forwards it is beyond the snapshot, so the verdict is AMBIGUOUS.
    // A tagged source takes a default route of its own just above the appliance's; otherwise only the
    // destination's ranges are routed, so other instances keep their path.
    const whole = src.fixTag !== undefined && route.destRange.prefix === 0 && route.priority > 0;
    const makeFixes = once(() => [
      internetRoutes(network, `${route.name}-igw`, whole ? ['0.0.0.0/0'] : mergedRangeTexts(destinationRanges(index, d).ranges), Math.max(0, route.priority - 1), fixTag, taken(fx, 'routes', project)),
    ]);
    return Object.assign(part, { verdict: 'AMBIGUOUS', cause: 'ROUTE_NEXT_HOP_NOT_INTERNET_GATEWAY', makeFixes });
  }
  if (privateDest)
    return drop('NO_ROUTE', `${d.ip} is a private address: the internet gateway does not route it (no subnet or custom route matches)`, () => [
      { summary: `add a route for ${d.ip} through the Cloud VPN tunnel, Interconnect attachment, peering or appliance that reaches it (the input does not say which)`, commands: [] },
    ]);

  const google = d.kind === 'google-apis' || d.kind === 'google-apis-private';
  if (google && src.subnet?.privateIpGoogleAccess) {
    part.steps.push({ step: 'DELIVER', resource: src.subnet.id, detail: `${formatDestination(d)} through Private Google Access on ${src.subnet.name}`, subnetwork: src.subnet });
    part.facts.privateGoogleAccess = true;
    part.egressAddresses = PGA_ADDRESSES;
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }

  const nat = findNat(session, src);
  part.facts.natsNotCovering = nat.notCovering.length ? nat.notCovering.map(natId) : undefined;
  part.facts.natsOtherRegions = nat.otherRegions.length ? nat.otherRegions.map(natId) : undefined;
  if (nat.chosen) {
    const { router, nat: cfg } = nat.chosen;
    const manual = cfg.natIpAllocateOption === 'MANUAL_ONLY';
    part.steps.push(
      sharedStep(session, 'NAT', cfg, () => ({
        step: 'NAT',
        resource: router.id,
        detail: `Cloud NAT ${router.name}/${cfg.name} (${manual ? `static ${cfg.natIps.map(shortName).join(', ')}` : 'auto-allocated'})`,
        nat: nat.chosen!,
      })),
    );
    Object.assign(part.facts, { nat: natFullName(router.id, cfg.name), natMinPortsPerVm: cfg.minPortsPerVm, natDynamicPorts: cfg.enableDynamicPortAllocation });
    part.egressAddresses = manual ? cfg.natIps : AUTO_NAT_ADDRESSES;
    if (nat.unverified)
      part.caveats.push(
        `connector range ${src.range.text} is a hidden subnet (created with --range); Google does not document whether ${cfg.sourceSubnetworkIpRangesToNat} covers it`,
      );
    if (google) {
      // Google does not document whether Cloud NAT translates traffic to Google APIs.
      part.caveats.push('Google does not document whether Cloud NAT serves Google API addresses (or enables Private Google Access for the ranges it translates)');
      if (d.kind === 'google-apis-private') part.verdict = 'AMBIGUOUS';
    }
    part.steps.push(sharedStep(session, 'DELIVER', d, () => ({ step: 'DELIVER', detail: formatDestination(d) })));
    if (ambiguous) part.verdict = 'AMBIGUOUS';
    return part;
  }
  const routers: CoverageEntry = { collection: 'routers', project, region: src.region };
  if (!model.coverage.has('routers', project, src.region)) return undetermined([routers], `Cloud Routers of project ${project} in ${src.region} not in the input`);
  const routersHere = index.routersAt.get(`${src.network}|${src.region}`) ?? [];
  if (google) {
    if (src.hidden || !src.subnet) {
      part.caveats.push(`connector range ${src.range.text} is a hidden subnet: whether it has Private Google Access is not visible`);
      part.steps.push({ step: 'DROP', detail: `no Cloud NAT, and Private Google Access of the hidden connector subnet is unknown`, cause: 'PRIVATE_GOOGLE_ACCESS_DISALLOWED' });
      return Object.assign(part, {
        verdict: 'AMBIGUOUS',
        cause: 'PRIVATE_GOOGLE_ACCESS_DISALLOWED',
        makeFixes: once(() => [natCreate(network, region, undefined, routersHere, taken(fx, 'routers', project, region))]),
      });
    }
    const subnet = src.subnet;
    return drop(
      'PRIVATE_GOOGLE_ACCESS_DISALLOWED',
      `subnet ${subnet.name} has Private Google Access off and no Cloud NAT serves it`,
      () => [
        {
          summary: `turn on Private Google Access for subnet "${subnet.name}" (https://cloud.google.com/vpc/docs/configure-private-google-access)`,
          commands: [subnetUpdate(subnet, { 'enable-private-ip-google-access': true })],
        },
      ],
      subnet.id,
    );
  }
  const what = src.hidden ? `connector range ${src.range.text}` : `subnet ${src.subnet?.name}`;
  const elsewhere = nat.otherRegions.length ? `; Cloud NAT exists only in other regions: ${nat.otherRegions.map((r) => natLabel(natId(r))).join(', ')}` : '';
  const detail = nat.notCovering.length
    ? `Cloud NAT ${nat.notCovering.map((r) => natLabel(natId(r))).join(', ')} in ${src.region} does not cover ${what}`
    : `no Cloud NAT in ${src.region} on network ${net}${elsewhere}`;
  const notCovering = nat.notCovering[0];
  const fix = () =>
    notCovering
      ? natCoverSubnet(notCovering, subnet)
      : natCreate(network, region, subnet, routersHere, taken(fx, 'routers', project, region));
  return drop('NO_EXTERNAL_ADDRESS', detail, () => [fix()], notCovering?.router.id, nat);
}

/** The names a new resource of a fix must not take (the session remembers them). */
interface FixContext {
  readonly model: Model;
  /** Resource names taken per collection and project (see takenNames). */
  readonly taken: Map<string, Map<string, Set<string>>>;
}

const taken = (fx: FixContext, collection: NamedCollection, project: string, region?: string) => takenNames(fx.model, fx.taken, collection, project, region);

const natId = (r: NatRef): string => natFullName(r.router.id, r.nat.name);

interface NatChoice {
  chosen?: NatRef;
  /** The chosen NAT serves every subnet, and whether that includes a --range connector's hidden subnet is not documented. */
  unverified: boolean;
  notCovering: NatRef[];
  otherRegions: NatRef[];
}

/**
 * Public Cloud NATs of the source's network and region that cover its range: a NAT serves only its
 * region's subnets and the ranges it lists (https://cloud.google.com/nat/docs/overview).
 */
function findNat(session: TraceSession, src: VpcSource): NatChoice {
  const { index } = session;
  const out: NatChoice = { unverified: false, notCovering: [], otherRegions: natsInOtherRegions(session, src) };
  let unverified: NatRef | undefined;
  for (const router of index.routersAt.get(`${src.network}|${src.region}`) ?? []) {
    for (const nat of router.nats) {
      if (nat.type !== 'PUBLIC') continue;
      const c = natCovers(nat, src);
      if (c === 'yes' && !out.chosen) out.chosen = { router, nat };
      else if (c === 'unverified' && !unverified) unverified = { router, nat };
      else if (c === 'no') out.notCovering.push({ router, nat });
    }
  }
  if (!out.chosen && unverified) {
    out.chosen = unverified;
    out.unverified = true;
  }
  return out;
}

/**
 * Public Cloud NATs on the source's network in other regions: one array per network and region, shared
 * by its sources' traces (it lists every NAT of a Shared VPC; npm run bench, phase "trace").
 */
function natsInOtherRegions(session: TraceSession, src: VpcSource): NatRef[] {
  const { index, natsElsewhere } = session;
  const key = `${src.network}|${src.region}`;
  let out = natsElsewhere.get(key);
  if (!out) {
    out = [];
    for (const router of index.routersOn.get(src.network) ?? [])
      if (router.region !== src.region) for (const nat of router.nats) if (nat.type === 'PUBLIC') out.push({ router, nat });
    natsElsewhere.set(key, out);
  }
  return out;
}

function natCovers(nat: Nat, src: VpcSource): 'yes' | 'no' | 'unverified' {
  if (nat.sourceSubnetworkIpRangesToNat !== 'LIST_OF_SUBNETWORKS') return src.hidden ? 'unverified' : 'yes';
  // A --range connector's hidden subnet can never be listed.
  if (src.hidden || !src.subnet) return 'no';
  const entry = nat.subnetworks.find((s) => s.subnetwork === src.subnet!.id);
  if (!entry) return 'no';
  const ranges = entry.sourceIpRangesToNat;
  return ranges.length === 0 || ranges.includes('ALL_IP_RANGES') || ranges.includes('PRIMARY_IP_RANGE') ? 'yes' : 'no';
}

/**
 * The connector's control-plane checks and, for each, the allow Google documents for it
 * (https://cloud.google.com/vpc/docs/serverless-vpc-access, "Firewall rules").
 */
const CONTROL_PLANE: { name: string; direction?: 'INGRESS'; range: Cidr; allow: { name: string; peers: string[]; protocols: string[] } }[] = [
  {
    name: 'connector → serverless infrastructure',
    range: SERVERLESS_INFRA_RANGE,
    allow: { name: 'vpc-connector-to-serverless', peers: ['35.199.224.0/19'], protocols: ['tcp:667', 'udp:665-666', 'icmp'] },
  },
  {
    name: 'serverless infrastructure → connector',
    direction: 'INGRESS',
    range: SERVERLESS_INFRA_RANGE,
    allow: { name: 'serverless-to-vpc-connector', peers: ['35.199.224.0/19'], protocols: ['tcp:667', 'udp:665-666', 'icmp'] },
  },
  {
    name: 'health checks → connector',
    direction: 'INGRESS',
    range: parseCidr('35.191.0.0/16')!,
    allow: { name: 'vpc-connector-health-checks', peers: ['35.191.0.0/16', '35.191.192.0/18', '130.211.0.0/22'], protocols: ['tcp:667'] },
  },
];

/**
 * The connector's own traffic: egress to 35.199.224.0/19 and ingress from it and from the health-check
 * ranges on tcp:667. Only the firewall decides; 35.199.224.0/19 is a special return path
 * (https://cloud.google.com/vpc/docs/routes#special_return_paths).
 */
export function traceControlPlane(session: TraceSession, c: Connector): Trace[] {
  const { model, index } = session;
  const src = connectorSource(session, c);
  return CONTROL_PLANE.map(({ name, direction, range, allow }) => {
    const destination: Destination = { name, kind: 'control-plane', ip: range.text.split('/')[0]!, port: 667, protocol: 'tcp', direction, note: range.text };
    const trace: Trace = {
      workload: c.id,
      destination,
      verdict: 'REACHABLE',
      steps: [{ step: 'ARRIVE_AT_VPC_CONNECTOR', resource: c.id, detail: `connector ${c.name}${'range' in src ? ` ${src.range.text}` : ''}`, connector: c }],
      caveats: [],
      facts: newFacts({ egressMode: 'connector', entersVpc: true, region: c.region, connector: c.id, network: c.network }),
    };
    const project = c.network ? projectOf(c.network)! : undefined;
    if ('missing' in src || !project || !model.coverage.has('firewalls', project)) {
      const missing = 'missing' in src ? src.missing : [{ collection: 'firewalls' as const, project: project ?? c.project }];
      trace.steps.push({ step: 'UNDETERMINED', detail: 'the connector network or its firewall rules are not in the input', missing });
      return Object.assign(trace, { verdict: 'UNDETERMINED' as const, missing });
    }
    const n = index.networks.get(src.network)!;
    if (!n.policiesSeen) trace.caveats.push(`no effective firewalls for network ${shortName(src.network)}: firewall policies were not evaluated`);
    const fw = decide(viewFor(n, src, { direction: direction ?? 'EGRESS', protocol: 'tcp', port: 667 }), range.start);
    Object.assign(trace.facts, { firewallRule: fw.resource, firewallAction: fw.action, sourceRange: src.range.text });
    for (const u of fw.uncertain) trace.caveats.push(`${u.label} would ${u.action} this packet if it applies: it ${u.why}`);
    trace.steps.push({ step: direction ? 'APPLY_INGRESS_FIREWALL_RULE' : 'APPLY_EGRESS_FIREWALL_RULE', resource: fw.resource, detail: `firewall: ${fw.label}`, decision: fw });
    if (fw.action === 'allow') {
      trace.steps.push({ step: 'DELIVER', detail: `${range.text} tcp:667` });
      if (fw.uncertain.length) trace.verdict = 'AMBIGUOUS';
      return trace;
    }
    trace.steps.push({ step: 'DROP', resource: fw.resource, detail: `${direction ? 'ingress' : 'egress'} denied by ${fw.label}`, cause: 'FIREWALL_RULE' });
    const spec: AllowSpec = {
      direction: direction ?? 'EGRESS',
      network: src.network,
      peerRanges: allow.peers,
      protocols: allow.protocols,
      sourceRange: direction ? undefined : src.range.text,
      targetTag: CONNECTOR_TAG,
      name: allow.name,
      what: `"${name}" (${allow.peers.join(', ')} ${allow.protocols.join(',')})`,
    };
    return Object.assign(trace, {
      verdict: fw.uncertain.length ? ('AMBIGUOUS' as const) : ('UNREACHABLE' as const),
      cause: 'FIREWALL_RULE' as const,
      fixes: [allowAbove(fw, spec, taken(session.fixContext, 'firewalls', project))],
    });
  });
}
