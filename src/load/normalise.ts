// Raw API resources → the typed model. Each raw kind is validated against its schema first, so the
// code below can trust the types of the fields it reads.
import { InputError } from '../errors.js';
import { parseCidr, sharedCidr, type Cidr } from '../ip.js';
import type {
  Address,
  Connector,
  Direction,
  FirewallPolicy,
  FirewallPolicyKind,
  FirewallPolicyRule,
  FirewallRule,
  Nat,
  Network,
  NetworkInterface,
  NextHopKind,
  PolicyAction,
  PortRange,
  ProtocolMatch,
  Route,
  Router,
  SourceRef,
  Subnetwork,
  Workload,
} from '../model.js';
import { COMPUTE, computeName, connectorName, firewallPolicyName, projectInLink, resolveComputeRef, resolveConnectorRef, shortName, workloadName } from '../names.js';
import { sourceOf, type RawItem } from './recognise.js';
import { validateRaw } from './schemas.js';
import { BoundedMap, table } from '../lookup.js';

type Raw = Record<string, any>;

export interface NormaliseContext {
  /** Resolves a project number (Run v1 namespaces) to an id. */
  projectOf(numberOrId: string, item: RawItem): string;
  /** Project for items that do not name one. */
  defaultProject(item: RawItem): string;
}

export type Normalised =
  | { kind: 'network'; value: Network }
  | { kind: 'subnetwork'; value: Subnetwork }
  | { kind: 'firewall'; value: FirewallRule }
  | { kind: 'route'; value: Route }
  | { kind: 'router'; value: Router }
  | { kind: 'address'; value: Address }
  | { kind: 'firewallPolicy'; value: FirewallPolicy }
  | { kind: 'connector'; value: Connector }
  | { kind: 'workload'; value: Workload };

// Network references repeat on every subnet, rule and route of a network (tens of thousands of
// times in an organisation); resolving each once saves the string splitting and gives every resource
// the same id string (less memory, and Map lookups on it hash a flat string once). Same results as
// resolveComputeRef by construction: a network reference reads the context's project (when it names
// none) and never its region, and an undefined reference resolves to undefined. Keyed by reference, then project, so no key string is built per call.
// Cleared when it grows large.
const networkRefs = new Map<string, Map<string, string | undefined>>();
let networkRefCount = 0;
function resolveNetworkRef(ref: string | undefined, project: string): string | undefined {
  if (ref === undefined) return undefined;
  let byProject = networkRefs.get(ref);
  if (!byProject) {
    if (networkRefCount >= 100_000) {
      networkRefs.clear();
      networkRefCount = 0;
    }
    networkRefs.set(ref, (byProject = new Map()));
  }
  let id = byProject.get(project);
  if (id === undefined && !byProject.has(project)) {
    id = resolveComputeRef(ref, 'networks', { project });
    byProject.set(project, id);
    networkRefCount++;
  }
  return id;
}

const int = (v: unknown, fallback: number): number => (v === undefined ? fallback : Number(v));

// Project, region, tag and service-account names, and the connectors and subnets workloads name,
// recur on thousands of resources, and each parsed, sliced or built copy is a string of its own: one
// copy per text (npm run bench, the model's memory). Cleared when it grows large.
const interned = new BoundedMap<string, string>(100_000);
function intern(text: string): string {
  let known = interned.get(text);
  if (known === undefined) {
    interned.set(text, (known = text));
  }
  return known;
}
const internOrNot = (text: string | undefined): string | undefined => (text === undefined ? undefined : intern(text));
/** A list of names (tags, service accounts), each interned. */
const names = (v: unknown): string[] => {
  const texts = strings(v);
  return texts.length === 0 ? NONE : texts.map(intern);
};
// One frozen empty list for every absent or empty list field: most rules and routes have several
// (tags, service accounts, ranges), and a fresh [] each was a tenth of a firewall rule's memory.
const NONE = Object.freeze([]) as unknown as never[];
const strings = (v: unknown): string[] => (Array.isArray(v) && v.length > 0 ? (v as string[]) : NONE);
const cidrs = (v: unknown): Cidr[] => {
  const texts = strings(v);
  return texts.length === 0 ? NONE : texts.map((t) => sharedCidr(t)!);
};
const lastSegment = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? intern(shortName(v)) : undefined);

// The same ports recur on thousands of rules ("443", "80"): one parsed object per text, shared (the
// model never mutates them), like the ranges (sharedCidr). Cleared when it grows large.
const parsedPorts = new BoundedMap<string, PortRange>(100_000);
export function parsePorts(ports: unknown): PortRange[] {
  return strings(ports).map((p) => {
    let range = parsedPorts.get(p);
    if (!range) {
      const [from, to] = p.split('-').map(Number);
      parsedPorts.set(p, (range = { from: from!, to: to ?? from! }));
    }
    return range;
  });
}

// The same protocol clauses recur on thousands of rules (tcp 443): one parsed list per clause list,
// shared like the ports (the model never mutates them). Cleared when it grows large.
const parsedMatches = new BoundedMap<string, ProtocolMatch[]>(100_000);
const singleClauses = new BoundedMap<string, Map<string, ProtocolMatch[]>>(10_000);
function protocolMatches(clauses: unknown, key: 'IPProtocol' | 'ipProtocol'): ProtocolMatch[] {
  if (!Array.isArray(clauses) || clauses.length === 0) return NONE;
  // Most rules have one clause with at most one port: looked up by its protocol, then its port, with
  // no key text built (npm run bench, phase "normalise").
  const one = clauses.length === 1 ? (clauses[0] as Raw) : undefined;
  const ports = one && strings(one.ports);
  if (one && ports!.length <= 1) {
    const protocol = String(one[key]);
    let byPort = singleClauses.get(protocol);
    if (!byPort) {
      singleClauses.set(protocol, (byPort = new BoundedMap(100_000)));
    }
    const port = ports!.length === 0 ? '' : ports![0]!;
    let matches = byPort.get(port);
    if (!matches) {
      byPort.set(port, (matches = [{ protocol: protocol.toLowerCase(), ports: parsePorts(ports) }]));
    }
    return matches;
  }
  // Each text with its length first, so no two different clause lists share a key.
  let text = '';
  for (const c of clauses as Raw[]) {
    const protocol = String(c[key]);
    text += `${protocol.length}:${protocol}`;
    for (const p of strings(c.ports)) text += `,${p.length}:${p}`;
    text += ';';
  }
  let matches = parsedMatches.get(text);
  if (!matches) {
    matches = clauses.map((c: Raw) => ({ protocol: String(c[key]).toLowerCase(), ports: parsePorts(c.ports) }));
    parsedMatches.set(text, matches);
  }
  return matches;
}

/**
 * The id normalise gives a raw firewall rule, told without normalising it when the rule names its network
 * by full URL (as the API does); else undefined.
 */
export function firewallIdOf(raw: Record<string, unknown>): string | undefined {
  const { name, network } = raw;
  if (typeof name !== 'string' || typeof network !== 'string') return undefined;
  const full = network.startsWith(`${COMPUTE}projects/`) || (/^https?:\/\//.test(network) && network.includes('/projects/'));
  // A full URL names its project, so the project normalise would pass along does not change the result.
  return full ? computeName(projectInLink(resolveNetworkRef(network, '')!)!, 'firewalls', name) : undefined;
}

export function normalise(item: RawItem, ctx: NormaliseContext): Normalised {
  const error = validateRaw(item.kind, item.raw);
  if (error) throw InputError.at(item.file, item.pointer + error.pointer, error.message);
  const raw = item.raw as Raw;
  const source = sourceOf(item);
  const project = (): string => {
    const link: string = raw.selfLink ?? '';
    return intern(projectInLink(link) ?? item.listProject ?? ctx.defaultProject(item));
  };
  switch (item.kind) {
    case 'network': {
      const p = project();
      return {
        kind: 'network',
        value: {
          id: computeName(p, 'networks', raw.name),
          project: p,
          name: raw.name,
          source,
          autoCreateSubnetworks: raw.autoCreateSubnetworks,
          legacy: typeof raw.IPv4Range === 'string',
          enforcementOrder: raw.networkFirewallPolicyEnforcementOrder ?? 'AFTER_CLASSIC_FIREWALL',
          peerings: (raw.peerings ?? []).map((peer: Raw) => ({
            name: peer.name,
            network: resolveComputeRef(peer.network, 'networks', { project: p })!,
            state: peer.state,
            exchangeSubnetRoutes: peer.exchangeSubnetRoutes,
            importCustomRoutes: peer.importCustomRoutes,
            exportCustomRoutes: peer.exportCustomRoutes,
          })),
        },
      };
    }
    case 'subnetwork': {
      const p = project();
      const region = lastSegment(raw.region)!;
      return {
        kind: 'subnetwork',
        value: {
          id: computeName(p, 'subnetworks', raw.name, region),
          project: p,
          name: raw.name,
          source,
          region,
          network: resolveNetworkRef(raw.network, p)!,
          range: sharedCidr(raw.ipCidrRange)!,
          secondaryRanges: (raw.secondaryIpRanges ?? []).map((r: Raw) => ({ rangeName: r.rangeName, range: sharedCidr(r.ipCidrRange)! })),
          privateIpGoogleAccess: raw.privateIpGoogleAccess === true,
          purpose: raw.purpose ?? 'PRIVATE',
        },
      };
    }
    case 'firewall': {
      const network = resolveNetworkRef(raw.network, project())!;
      const p = intern(projectInLink(network)!);
      const direction: Direction = raw.direction ?? 'INGRESS';
      const denied = Array.isArray(raw.denied) && raw.denied.length > 0;
      return {
        kind: 'firewall',
        value: {
          id: computeName(p, 'firewalls', raw.name),
          project: p,
          name: raw.name,
          source,
          network,
          direction,
          priority: int(raw.priority, 1000),
          action: denied ? 'deny' : 'allow',
          disabled: raw.disabled === true,
          // The API fills 0.0.0.0/0 when an egress rule names no destination (and an ingress rule no source).
          sourceRanges: cidrs(raw.sourceRanges),
          destinationRanges:
            direction === 'EGRESS' && !Array.isArray(raw.destinationRanges) ? [sharedCidr('0.0.0.0/0')!] : cidrs(raw.destinationRanges),
          sourceTags: names(raw.sourceTags),
          targetTags: names(raw.targetTags),
          sourceServiceAccounts: names(raw.sourceServiceAccounts),
          targetServiceAccounts: names(raw.targetServiceAccounts),
          matches: protocolMatches(denied ? raw.denied : raw.allowed, 'IPProtocol'),
        },
      };
    }
    case 'route': {
      const own = projectInLink(raw.selfLink ?? '');
      const network = resolveNetworkRef(raw.network, own ?? project())!;
      const p = intern(own ?? projectInLink(network)!);
      return {
        kind: 'route',
        value: {
          id: computeName(p, 'routes', raw.name),
          project: p,
          name: raw.name,
          source,
          network,
          destRange: sharedCidr(raw.destRange)!,
          priority: int(raw.priority, 1000),
          tags: names(raw.tags),
          nextHop: nextHop(raw),
          routeType: raw.routeType,
        },
      };
    }
    case 'router': {
      const p = project();
      const region = lastSegment(raw.region)!;
      const ctxRef = { project: p, region };
      return {
        kind: 'router',
        value: {
          id: computeName(p, 'routers', raw.name, region),
          project: p,
          name: raw.name,
          source,
          region,
          network: resolveNetworkRef(raw.network, p)!,
          nats: (raw.nats ?? []).map((nat: Raw): Nat => {
            const dpa = nat.enableDynamicPortAllocation === true;
            return {
              name: nat.name,
              type: nat.type ?? 'PUBLIC',
              sourceSubnetworkIpRangesToNat: nat.sourceSubnetworkIpRangesToNat ?? 'ALL_SUBNETWORKS_ALL_IP_RANGES',
              subnetworks: (nat.subnetworks ?? []).map((s: Raw) => ({
                subnetwork: resolveComputeRef(s.name, 'subnetworks', ctxRef)!,
                sourceIpRangesToNat: strings(s.sourceIpRangesToNat),
                secondaryIpRangeNames: strings(s.secondaryIpRangeNames),
              })),
              natIpAllocateOption: nat.natIpAllocateOption ?? 'AUTO_ONLY',
              natIps: strings(nat.natIps).map((a) => resolveComputeRef(a, 'addresses', ctxRef)!),
              // Defaults: 64 without dynamic port allocation, 32 with it (facts 5.4).
              minPortsPerVm: int(nat.minPortsPerVm, dpa ? 32 : 64),
              enableDynamicPortAllocation: dpa,
              endpointTypes: nat.endpointTypes ?? ['ENDPOINT_TYPE_VM'],
            };
          }),
        },
      };
    }
    case 'address': {
      const p = project();
      const region = lastSegment(raw.region);
      const range =
        raw.purpose === 'VPC_PEERING' && typeof raw.address === 'string' && raw.prefixLength !== undefined
          ? parseCidr(`${raw.address}/${raw.prefixLength}`)
          : undefined;
      if (raw.purpose === 'VPC_PEERING' && raw.address !== undefined && !range)
        throw InputError.at(item.file, item.pointer + '/address', 'expected an IPv4 address with a prefixLength of 0 to 32');
      return {
        kind: 'address',
        value: {
          id: computeName(p, 'addresses', raw.name, region),
          project: p,
          name: raw.name,
          source,
          region,
          address: raw.address,
          prefixLength: raw.prefixLength === undefined ? undefined : Number(raw.prefixLength),
          range,
          purpose: raw.purpose,
          addressType: raw.addressType,
          network: resolveNetworkRef(raw.network, p),
        },
      };
    }
    case 'firewallPolicy':
      return { kind: 'firewallPolicy', value: firewallPolicy(raw, source, project) };
    case 'connector': {
      const [, p0, region, , name] = /^projects\/([^/]+)\/locations\/([^/]+)\/(connectors)\/([^/]+)$/.exec(raw.name)!;
      const p = intern(ctx.projectOf(p0!, item));
      const subnetProject = raw.subnet?.projectId || p;
      return {
        kind: 'connector',
        value: {
          id: intern(connectorName(p, region!, name!)), // workloads name it: one string for both
          project: p,
          name: name!,
          source,
          region: intern(region!),
          network: resolveNetworkRef(raw.network, subnetProject),
          ipCidrRange: raw.ipCidrRange ? sharedCidr(raw.ipCidrRange) : undefined,
          subnet: raw.subnet?.name ? resolveComputeRef(raw.subnet.name, 'subnetworks', { project: subnetProject, region }) : undefined,
          state: raw.state || undefined,
          machineType: raw.machineType || undefined,
          minInstances: raw.minInstances ? Number(raw.minInstances) : undefined,
          maxInstances: raw.maxInstances ? Number(raw.maxInstances) : undefined,
        },
      };
    }
    case 'runJobV2':
    case 'runServiceV2':
      return { kind: 'workload', value: runV2(item, raw, source, ctx) };
    case 'runV1':
      return { kind: 'workload', value: runV1(item, raw, source, ctx) };
  }
}

const NEXT_HOPS: [string, NextHopKind][] = [
  ['nextHopGateway', 'internet-gateway'],
  ['nextHopInstance', 'instance'],
  ['nextHopIp', 'ip'],
  ['nextHopIlb', 'ilb'],
  ['nextHopVpnTunnel', 'vpn-tunnel'],
  ['nextHopPeering', 'peering'],
  ['nextHopNetwork', 'network'],
  ['nextHopInterconnectAttachment', 'interconnect'],
  ['nextHopHub', 'hub'],
];

// Routes share a few next hops (a project's internet gateway, an appliance): one object per next hop,
// never mutated, instead of one per route holding its own copy of a long URL. Cleared when it grows large.
const nextHops = new Map<string, Map<string, Route['nextHop']>>(); // one per next-hop kind
function sharedNextHop(kind: NextHopKind, target: string): Route['nextHop'] {
  let byTarget = nextHops.get(kind);
  if (!byTarget) nextHops.set(kind, (byTarget = new BoundedMap(100_000)));
  let hop = byTarget.get(target);
  if (!hop) {
    byTarget.set(target, (hop = { kind, target }));
  }
  return hop;
}

function nextHop(raw: Raw): Route['nextHop'] {
  for (const [key, kind] of NEXT_HOPS) {
    if (typeof raw[key] === 'string' && raw[key] !== '') {
      // Only the default internet gateway exists; any other gateway value is not an internet route.
      if (kind === 'internet-gateway' && !raw[key].endsWith('default-internet-gateway')) return sharedNextHop('other', raw[key]);
      return sharedNextHop(kind, raw[key]);
    }
  }
  return sharedNextHop('other', '');
}

function firewallPolicy(raw: Raw, source: SourceRef, project: () => string): FirewallPolicy {
  const region = lastSegment(raw.region);
  const parent: string = raw.parent ?? '';
  const hierarchical = parent.startsWith('organizations/') || parent.startsWith('folders/');
  const kind: FirewallPolicyKind = hierarchical ? 'HIERARCHY' : region ? 'NETWORK_REGIONAL' : 'NETWORK';
  const name: string = raw.name;
  const p = hierarchical ? '' : project();
  return {
    id: firewallPolicyName(kind, p, name, region),
    project: p,
    name: raw.shortName ?? raw.displayName ?? name,
    source,
    kind,
    region,
    networks: (raw.associations ?? [])
      .map((a: Raw) => a.attachmentTarget)
      .filter((t: unknown): t is string => typeof t === 'string' && t.includes('/networks/'))
      .map((t: string) => resolveComputeRef(t, 'networks', { project: p })!),
    order: 0,
    rules: policyRules(raw.rules),
  };
}

/** Match fields of a policy rule that cannot be evaluated offline (FQDNs, geography, threat intelligence...). */
const UNEVALUABLE_MATCH = ['destFqdns', 'srcFqdns', 'destRegionCodes', 'srcRegionCodes', 'destThreatIntelligences', 'srcThreatIntelligences', 'destAddressGroups', 'srcAddressGroups', 'srcSecureTags', 'destNetworkType', 'srcNetworkType'];

export function policyRules(rules: unknown): FirewallPolicyRule[] {
  if (!Array.isArray(rules)) return [];
  return rules.map((r: Raw) => {
    const match: Raw = r.match ?? {};
    return {
      priority: Number(r.priority),
      direction: r.direction,
      action: r.action as PolicyAction,
      disabled: r.disabled === true,
      srcRanges: cidrs(match.srcIpRanges),
      destRanges: cidrs(match.destIpRanges),
      unevaluableMatch: UNEVALUABLE_MATCH.some((k) => match[k] !== undefined && !(Array.isArray(match[k]) && match[k].length === 0)),
      matches: protocolMatches(match.layer4Configs, 'ipProtocol'),
      targetResources: strings(r.targetResources).map((t) => resolveComputeRef(t, 'networks', { project: '' })!),
      targetServiceAccounts: strings(r.targetServiceAccounts),
      targetSecureTags: (r.targetSecureTags ?? []).map((t: Raw) => String(t.name)),
      description: r.description || undefined,
      ruleName: r.ruleName || undefined,
    };
  });
}

const EGRESS_V2: Record<string, Workload['egress'] | null> = table({
  ALL_TRAFFIC: 'ALL_TRAFFIC',
  PRIVATE_RANGES_ONLY: 'PRIVATE_RANGES_ONLY',
  VPC_EGRESS_UNSPECIFIED: undefined,
  '': undefined,
});
// gcloud accepts "all" as a deprecated alias of all-traffic (facts 3.1).
const EGRESS_V1: Record<string, Workload['egress']> = table({
  'all-traffic': 'ALL_TRAFFIC',
  all: 'ALL_TRAFFIC',
  'private-ranges-only': 'PRIVATE_RANGES_ONLY',
});

/** Direct VPC interfaces; `pointer(i)` locates interface i for errors. */
function interfaces(list: unknown, project: string, region: string, item: RawItem, pointer: (i: number) => string): NetworkInterface[] {
  if (!Array.isArray(list)) return [];
  return list.map((ni: Raw, i) => {
    // An interface naming neither is rejected by Cloud Run; the trace cannot place it (found by test/fuzz.test.ts).
    if (!ni.network && !ni.subnetwork) throw InputError.at(item.file, pointer(i), 'a Direct VPC network interface needs a "network" or a "subnetwork"');
    return {
      network: resolveNetworkRef(ni.network || undefined, project),
      subnetwork: internOrNot(resolveComputeRef(ni.subnetwork || undefined, 'subnetworks', { project, region })),
      tags: strings(ni.tags),
    };
  });
}

function runV2(item: RawItem, raw: Raw, source: SourceRef, ctx: NormaliseContext): Workload {
  const [, p0, region, collection, name] = /^projects\/([^/]+)\/locations\/([^/]+)\/(services|jobs)\/([^/]+)$/.exec(raw.name)!;
  const project = intern(ctx.projectOf(p0!, item));
  const kind = collection === 'jobs' ? 'job' : 'service';
  const template: Raw = kind === 'job' ? (raw.template?.template ?? {}) : (raw.template ?? {});
  const vpc: Raw = template.vpcAccess ?? {};
  const egress = vpc.egress ?? '';
  const maxInstances = kind === 'job' ? raw.template?.parallelism : raw.template?.scaling?.maxInstanceCount;
  return {
    id: workloadName(kind, project, region!, name!),
    project,
    name: name!,
    source,
    kind,
    region: intern(region!),
    apiVersion: 'v2',
    connector: internOrNot(resolveConnectorRef(vpc.connector || undefined, { project, region: region! })),
    egress: EGRESS_V2[egress] ?? undefined,
    egressInvalid: egress in EGRESS_V2 ? undefined : String(egress),
    networkInterfaces: interfaces(vpc.networkInterfaces, project, region!, item, (i) => `${item.pointer}/template${kind === 'job' ? '/template' : ''}/vpcAccess/networkInterfaces/${i}`),
    serviceAccount: template.serviceAccount || undefined,
    maxInstances: maxInstances ? Number(maxInstances) : undefined,
  };
}

function runV1(item: RawItem, raw: Raw, source: SourceRef, ctx: NormaliseContext): Workload {
  const meta: Raw = raw.metadata;
  const region: string | undefined = meta.labels?.['cloud.googleapis.com/location'] ?? meta.annotations?.['run.googleapis.com/location'];
  if (!region)
    throw InputError.at(item.file, `${item.pointer}/metadata/labels`, 'missing label "cloud.googleapis.com/location" (the region of the Run v1 resource)');
  const project = ctx.projectOf(String(meta.namespace), item);
  const kind = raw.kind === 'Job' ? 'job' : 'service';
  const annotations: Record<string, string> = raw.spec?.template?.metadata?.annotations ?? {};
  const egressText = annotations['run.googleapis.com/vpc-access-egress'];
  let nis: unknown = [];
  const niText = annotations['run.googleapis.com/network-interfaces'];
  if (niText !== undefined) {
    try {
      nis = JSON.parse(niText);
    } catch {
      nis = undefined;
    }
    if (!Array.isArray(nis))
      throw InputError.at(
        item.file,
        `${item.pointer}/spec/template/metadata/annotations/run.googleapis.com~1network-interfaces`,
        'expected a JSON array such as [{"network":"my-vpc","subnetwork":"my-subnet","tags":["t"]}]',
      );
  }
  const maxScale = annotations['autoscaling.knative.dev/maxScale'];
  return {
    id: workloadName(kind, project, region, meta.name),
    project,
    name: meta.name,
    source,
    kind,
    region,
    apiVersion: 'v1',
    connector: internOrNot(resolveConnectorRef(annotations['run.googleapis.com/vpc-access-connector'], { project, region })),
    egress: egressText === undefined ? undefined : EGRESS_V1[egressText],
    egressInvalid: egressText !== undefined && !(egressText in EGRESS_V1) ? egressText : undefined,
    networkInterfaces: interfaces(nis, project, region, item, () => `${item.pointer}/spec/template/metadata/annotations/run.googleapis.com~1network-interfaces`),
    serviceAccount: raw.spec?.template?.spec?.serviceAccountName || raw.spec?.template?.spec?.template?.spec?.serviceAccountName || undefined,
    maxInstances: maxScale ? Number(maxScale) : undefined,
  };
}
