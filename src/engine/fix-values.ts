// What the input decides in a fix: the names already taken, the ranges a destination stands for, the
// connector or subnet a workload can use instead. The commands themselves are built in src/fix.ts.
import { connectorCommand, connectorCreate, connectorRef, connectorSettings, protocolWord, runUpdate, subnetCreate, uniqueName, type AllowSpec, type Fix } from '../fix.js';
import { mergeCidrs } from '../cidr-merge.js';
import { connectorsIn } from '../lookup.js';
import { GITHUB_CIDRS, GITHUB_RANGES, isGithubAddress } from '../github.js';
import { parseCidr, type Cidr } from '../ip.js';
import { freeConnectorRange } from '../free-range.js';
import { describeEntry } from '../load/coverage.js';
import type { Connector, Model, Subnetwork, Workload } from '../model.js';
import { projectOf, regionOf, shortName } from '../names.js';
import { formatDestination } from './destinations.js';
import type { ModelIndex } from './model-index.js';
import type { Destination } from './types.js';

/** Resources whose names a new one must not reuse. */
export type NamedCollection = 'firewalls' | 'routes' | 'routers';

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The names taken in a project (routers: in a project and region). `cache` keeps, per collection, every
 * project's names, grouped in one pass on first use (a pass per project was visible at scale: npm run bench).
 */
export function takenNames(model: Model, cache: Map<string, Map<string, Set<string>>>, collection: NamedCollection, project: string, region?: string): ReadonlySet<string> {
  let byScope = cache.get(collection);
  if (!byScope) {
    byScope = new Map();
    const all: readonly { project: string; name: string; region?: string }[] = model[collection];
    for (const r of all) {
      const scope = collection === 'routers' ? `${r.project}|${r.region}` : r.project;
      let names = byScope.get(scope);
      if (!names) byScope.set(scope, (names = new Set()));
      names.add(r.name);
    }
    cache.set(collection, byScope);
  }
  return byScope.get(region === undefined ? project : `${project}|${region}`) ?? NO_NAMES;
}

/** GitHub's published ranges, for the fix text: where they come from. */
const GITHUB_NOTE = `GitHub's published ranges (${GITHUB_RANGES.source}, copied ${GITHUB_RANGES.retrieved})`;

/**
 * The ranges a fix should open or route for a destination: the class it stands for, not its one
 * sample address (GitHub's published ranges, the private.googleapis.com range, a subnet's range).
 */
export function destinationRanges(index: ModelIndex, d: Destination): { ranges: readonly Cidr[]; what: string } {
  const ip = d.ip;
  const one = (text: string): Cidr[] => [parseCidr(text)!];
  if (d.kind === 'control-plane' && d.note) return { ranges: one(d.note), what: d.name };
  if (d.kind === 'vpc') {
    const subnets = (d.subnetworks ?? [d.subnetwork!]).map((id) => index.subnets.get(id)).filter((s): s is Subnetwork => s !== undefined);
    return { ranges: subnets.map((s) => s.range), what: `${subnets.length === 1 ? `subnet "${subnets[0]!.name}"` : `${subnets.length} subnets`} of the VPC` };
  }
  if (d.range) return { ranges: one(d.range), what: `${d.name} (${d.range})` };
  if (isGithubAddress(ip)) return { ranges: GITHUB_CIDRS, what: `${d.name} (${d.note ?? formatDestination(d)}: ${GITHUB_NOTE})` };
  if (d.kind === 'google-apis-private') return { ranges: one('199.36.153.8/30'), what: `${d.name} (private.googleapis.com)` };
  return { ranges: one(`${ip}/32`), what: `${d.name} (${formatDestination(d)})` };
}

/** The fewest CIDRs covering the ranges, as text (a firewall rule or route takes them so). */
export const mergedRangeTexts = (ranges: readonly Cidr[]): string[] => mergeCidrs(ranges).map((r) => r.text);

/**
 * The merged ranges and description of destinations, remembered by the destinations they stand for:
 * a rule that builds an allow per deny and source meets the same destination classes and subnet
 * lists (shared arrays) thousands of times at organisation scale (npm run bench, phase "rules").
 */
export class DestinationRangeCache {
  private readonly ids = new WeakMap<object, number>();
  /** Per destination (a subnet list by its array), its ranges merged, sorted; and its words. */
  private readonly one = new Map<string, { ranges: Cidr[]; what: string }>();
  private readonly merged = new Map<string, { ranges: string[]; what: string }>();
  private count = 0;

  get(index: ModelIndex, destinations: readonly Destination[]): { ranges: string[]; what: string } {
    const keys = destinations.map((d) => (d.kind === 'vpc' ? `#${this.idOf(d.subnetworks ?? d)}` : `${d.name}|${d.ip}|${d.range ?? ''}`));
    const key = keys.join(' ');
    let out = this.merged.get(key);
    if (!out) {
      const parts = destinations.map((d, i) => this.ofOne(index, d, keys[i]!));
      // Each part is sorted already: merging their concatenation is little more than a pass.
      out = { ranges: mergedRangeTexts(parts.flatMap((p) => p.ranges)), what: parts.map((p) => p.what).join(', ') };
      this.merged.set(key, out);
    }
    return out;
  }

  private ofOne(index: ModelIndex, d: Destination, key: string): { ranges: Cidr[]; what: string } {
    let out = this.one.get(key);
    if (!out) {
      const { ranges, what } = destinationRanges(index, d);
      this.one.set(key, (out = { ranges: mergeCidrs(ranges), what }));
    }
    return out;
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.count++));
    return id;
  }
}

/** What an egress allow for a source's destinations must let through (one kind of packet: the first destination's). */
export function egressAllowSpec(
  index: ModelIndex,
  src: { network: string; range: { text: string }; fixTag?: string },
  destinations: readonly Destination[],
  cache: DestinationRangeCache = new DestinationRangeCache(),
): AllowSpec {
  const d0 = destinations[0]!;
  const { ranges, what } = cache.get(index, destinations);
  const label = destinations.length === 1 ? (d0.kind === 'vpc' ? 'vpc' : d0.name) : 'destinations';
  return {
    direction: 'EGRESS',
    network: src.network,
    peerRanges: ranges,
    protocols: [protocolWord(d0.protocol, d0.port)],
    sourceRange: src.range.text,
    targetTag: src.fixTag,
    name: `allow-egress-${label}-${d0.port ?? d0.protocol}`,
    what: `${what} on ${protocolWord(d0.protocol, d0.port)}`,
  };
}

/** --network and --subnet for Direct VPC egress: short names in the workload's project, full paths for a Shared VPC host's. */
export function directVpcFlags(w: Workload, s: Subnetwork): Record<string, string> {
  const own = s.project === w.project;
  return {
    network: own ? shortName(s.network) : s.network.replace(/^\/\/compute\.googleapis\.com\//, ''),
    subnet: own ? s.name : s.id.replace(/^\/\/compute\.googleapis\.com\//, ''),
  };
}


/** The subnets of a network in a region that Direct VPC egress can use (purpose PRIVATE, IPv4), by name. */
function usableSubnets(index: ModelIndex, network: string | undefined, region: string): Subnetwork[] {
  const n = network ? index.networks.get(network) : undefined;
  return (n?.subnetList ?? []).filter((s) => s.region === region && s.purpose === 'PRIVATE' && s.range.family === 4).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Point Direct VPC egress at an existing subnet of the network in the workload's region. */
export function directVpcSubnetFix(index: ModelIndex, w: Workload, network: string | undefined): Fix {
  const subnets = usableSubnets(index, network, w.region);
  const s = subnets[0];
  if (!s)
    return {
      summary: network
        ? `network "${shortName(network)}" has no subnet in ${w.region} in the input: create one (at least /26) and point the ${w.kind === 'job' ? 'job' : w.kind === 'service' ? 'service' : 'worker pool'} at it`
        : `the network is not known: point it at a subnet in ${w.region}`,
      commands: [],
    };
  const others = subnets.length > 1 ? ` (one of ${subnets.length} in ${w.region}: ${subnets.map((x) => x.name).join(', ')})` : '';
  return { summary: `use subnet "${s.name}"${others}`, commands: [runUpdate(w, directVpcFlags(w, s))] };
}

/** A workload without VPC access sending to a private address: attach the network whose subnet holds it. */
export function attachVpcFix(index: ModelIndex, w: Workload, ip: number, d: Destination): Fix {
  for (const n of index.networks.values()) {
    const holder = n.subnets.longest(ip)[0];
    if (!holder) continue;
    const subnets = usableSubnets(index, n.id, w.region);
    const s = subnets.find((x) => x === holder.subnet) ?? subnets[0];
    if (s) return { summary: `attach network "${shortName(n.id)}", which holds ${d.ip}, with Direct VPC egress through subnet "${s.name}"`, commands: [runUpdate(w, directVpcFlags(w, s))] };
  }
  return { summary: `no subnet in the input holds ${d.ip}: attach the VPC network that routes it (Direct VPC egress or a connector in ${w.region})`, commands: [] };
}

/** A workload's connector is missing or in another region: use a connector of its region, or create one. */
export function connectorInRegionFixes(model: Model, index: ModelIndex, w: Workload, wanted: string): Fix[] {
  const project = projectOf(wanted)!;
  const elsewhere = index.connectors.get(wanted);
  const here = [...connectorsIn(model, project, w.region)].sort((a, b) => (a.name < b.name ? -1 : 1));
  const sameNetwork = here.find((c) => elsewhere?.network !== undefined && c.network === elsewhere.network);
  const use = sameNetwork ?? here[0];
  if (use) {
    const others = here.length > 1 ? ` (one of ${here.length} connectors in ${w.region}: ${here.map((c) => c.name).join(', ')})` : '';
    return [{ summary: `use connector "${use.name}" in ${w.region}${others}`, commands: [runUpdate(w, { 'vpc-connector': connectorRef(use.id) })] }];
  }
  const network = elsewhere?.network ?? onlyNetwork(model, project);
  const name = regionOf(wanted) === w.region ? shortName(wanted) : `${shortName(wanted)}-${w.region}`;
  const id = wanted.replace(/\/locations\/[^/]+\/connectors\/[^/]+$/, `/locations/${w.region}/connectors/${name}`);
  const create = createConnectorFix(model, id, network);
  return [{ summary: create.summary, commands: create.commands.length ? [...create.commands, runUpdate(w, { 'vpc-connector': connectorRef(id) })] : [] }];
}

/** A connector that is not READY: ERROR does not recover (delete and create it again); the rest is transient. */
export function connectorNotReadyFix(model: Model, c: Connector): Fix {
  if (c.state !== 'ERROR') return { summary: `connector "${c.name}" is ${c.state}; wait until it is READY`, commands: [connectorCommand('describe', c.id, { format: 'value(state)' })] };
  const create = createConnectorFix(model, c.id, c.network, c);
  return {
    summary: `connector "${c.name}" is in state ERROR ("bad state, manual deletion recommended"): delete it and ${create.summary}`,
    commands: create.commands.length ? [connectorCommand('delete', c.id), ...create.commands] : [],
  };
}

/**
 * `connectors create` for a connector full name on a network: with a free /28 of that network, or the
 * old connector's own range or subnet (and settings) when it is re-created. A network of another
 * project (Shared VPC) takes the --subnet form, which needs a /28 subnet in the host project first.
 */
export function createConnectorFix(model: Model, id: string, network: string | undefined, previous?: Connector): Fix {
  const settings = previous ? connectorSettings(previous) : {};
  if (!network) return { summary: `create a connector "${shortName(id)}"; the input does not say which network it belongs to`, commands: [] };
  if (previous?.subnet)
    return {
      summary: `create it again on subnet "${shortName(previous.subnet)}"`,
      commands: [connectorCreate(id, { subnet: shortName(previous.subnet), subnetProject: projectOf(previous.subnet)! }, settings)],
    };
  const free = previous?.ipCidrRange ? { range: previous.ipCidrRange, unknown: [] } : freeConnectorRange(model, network);
  const unknown = free.unknown.length ? `; the input has no ${free.unknown.map(describeEntry).join(', ')}, so check that the range is free` : '';
  if (!free.range) return { summary: `create connector "${shortName(id)}" on network "${shortName(network)}"; no free /28 was found in RFC 1918 space${unknown}`, commands: [] };
  const range = free.range.text;
  if (projectOf(network) === projectOf(id))
    return {
      summary: `create connector "${shortName(id)}" on network "${shortName(network)}" with range ${range}${previous ? '' : ' (free in the input)'}${unknown}`,
      commands: [connectorCreate(id, { network, range }, settings)],
    };
  const host = projectOf(network)!;
  const region = regionOf(id)!;
  const subnet = uniqueName(`${shortName(id)}-subnet`, new Set(model.subnetworks.filter((s) => s.project === host && s.region === region).map((s) => s.name)));
  return {
    summary: `network "${shortName(network)}" is in host project "${host}": create a /28 subnet "${subnet}" there (${range}, free in the input) and the connector on it${unknown}`,
    commands: [subnetCreate(subnet, network, region, range), connectorCreate(id, { subnet, subnetProject: host }, settings)],
  };
}

/** The project's network when it has exactly one in the input. */
function onlyNetwork(model: Model, project: string): string | undefined {
  const networks = model.networks.filter((n) => n.project === project);
  return networks.length === 1 ? networks[0]!.id : undefined;
}
