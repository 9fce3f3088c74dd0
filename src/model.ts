// The normalised, typed model every rule and the path engine read.
// Loaders (src/load/*) are the only code that sees raw API JSON; they turn it into this.
// Every resource is identified by its Cloud Asset Inventory full resource name (see src/names.ts).

import type { Cidr } from './ip.js';

/** Where a resource was defined in the input: file plus JSON pointer; line is resolved lazily (src/load/lines.ts). */
export interface SourceRef {
  file: string;
  /** RFC 6901 JSON pointer to the resource object inside the file. */
  pointer: string;
  /** 1-based line when known without reparsing (e.g. a gcloud command in a script). */
  line?: number;
}

export interface ResourceBase {
  /** Full resource name, e.g. //compute.googleapis.com/projects/p/regions/r/subnetworks/s */
  id: string;
  project: string;
  name: string;
  source?: SourceRef;
  /**
   * Model fields whose value is not known (a $VAR in a deploy script, a Terraform value known only
   * after apply). Rules that need such a field report "not evaluated" for the resource.
   */
  unknownFields?: string[];
}

/** The collections a snapshot can hold. Coverage is recorded per collection, project and (optionally) region. */
export const COLLECTIONS = [
  'networks',
  'subnetworks',
  'firewalls',
  'routes',
  'routers',
  'addresses',
  'firewallPolicies',
  'effectiveFirewalls',
  'connectors',
  'services',
  'jobs',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

export type FirewallEnforcementOrder = 'AFTER_CLASSIC_FIREWALL' | 'BEFORE_CLASSIC_FIREWALL';

export interface Peering {
  name: string;
  /** Full name of the peer network. */
  network: string;
  state?: string;
  exchangeSubnetRoutes?: boolean;
  importCustomRoutes?: boolean;
  exportCustomRoutes?: boolean;
}

export interface Network extends ResourceBase {
  /** Auto-mode network (subnets in 10.128.0.0/9). Undefined for legacy networks. */
  autoCreateSubnetworks?: boolean;
  legacy: boolean;
  enforcementOrder: FirewallEnforcementOrder;
  peerings: Peering[];
}

export interface SecondaryRange {
  rangeName: string;
  range: Cidr;
}

export interface Subnetwork extends ResourceBase {
  region: string;
  /** Full name of the network. */
  network: string;
  range: Cidr;
  secondaryRanges: SecondaryRange[];
  privateIpGoogleAccess: boolean;
  /** PRIVATE (default), PRIVATE_SERVICE_CONNECT, REGIONAL_MANAGED_PROXY, ... */
  purpose: string;
}

export type IpProtocol = string; // 'all' | 'tcp' | 'udp' | 'icmp' | protocol number as string, lower-case

export interface PortRange {
  from: number;
  to: number;
}

/** One protocol clause of a rule. ports empty = all ports of that protocol. */
export interface ProtocolMatch {
  protocol: IpProtocol;
  ports: PortRange[];
}

export type Direction = 'INGRESS' | 'EGRESS';

/** A VPC firewall rule (compute#firewall). */
export interface FirewallRule extends ResourceBase {
  network: string;
  direction: Direction;
  priority: number;
  action: 'allow' | 'deny';
  disabled: boolean;
  sourceRanges: Cidr[];
  destinationRanges: Cidr[];
  sourceTags: string[];
  targetTags: string[];
  sourceServiceAccounts: string[];
  targetServiceAccounts: string[];
  matches: ProtocolMatch[];
}

export type PolicyAction = 'allow' | 'deny' | 'goto_next' | 'apply_security_profile_group';

export interface FirewallPolicyRule {
  priority: number;
  direction: Direction;
  action: PolicyAction;
  disabled: boolean;
  srcRanges: Cidr[];
  destRanges: Cidr[];
  /** FQDN / geo / threat-intel matches: the engine cannot evaluate them offline. */
  unevaluableMatch: boolean;
  matches: ProtocolMatch[];
  /** Full names of networks this rule is limited to (hierarchical policies); empty = all. */
  targetResources: string[];
  targetServiceAccounts: string[];
  targetSecureTags: string[];
  description?: string;
  ruleName?: string;
}

export type FirewallPolicyKind = 'HIERARCHY' | 'NETWORK' | 'NETWORK_REGIONAL' | 'SYSTEM';

export interface FirewallPolicy extends ResourceBase {
  kind: FirewallPolicyKind;
  /** For regional network policies. */
  region?: string;
  /** Networks the policy is associated with (network policies); hierarchical policies come per network. */
  networks: string[];
  /** Hierarchy depth for HIERARCHY: 0 = organisation, then folders top-down (getEffectiveFirewalls order). */
  order: number;
  rules: FirewallPolicyRule[];
}

export type NextHopKind =
  | 'internet-gateway'
  | 'instance'
  | 'ip'
  | 'ilb'
  | 'vpn-tunnel'
  | 'peering'
  | 'network'
  | 'interconnect'
  | 'hub'
  | 'other';

export interface Route extends ResourceBase {
  network: string;
  destRange: Cidr;
  priority: number;
  /** Network tags the route applies to; empty = all instances. */
  tags: string[];
  nextHop: { kind: NextHopKind; target: string };
  /** STATIC, SUBNET, BGP, TRANSIT; policy-based routes are not in this collection. */
  routeType?: string;
}

export type NatSourceRanges =
  | 'ALL_SUBNETWORKS_ALL_IP_RANGES'
  | 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES'
  | 'LIST_OF_SUBNETWORKS';

export interface NatSubnetwork {
  /** Full name of the subnetwork. */
  subnetwork: string;
  /** PRIMARY_IP_RANGE, ALL_IP_RANGES, LIST_OF_SECONDARY_IP_RANGES; empty means primary only (gcloud bare SUBNET). */
  sourceIpRangesToNat: string[];
  secondaryIpRangeNames: string[];
}

export interface Nat {
  name: string;
  /** PUBLIC (default) or PRIVATE. */
  type: string;
  sourceSubnetworkIpRangesToNat: NatSourceRanges;
  subnetworks: NatSubnetwork[];
  natIpAllocateOption: 'AUTO_ONLY' | 'MANUAL_ONLY';
  /** Full names of reserved addresses (MANUAL_ONLY). */
  natIps: string[];
  minPortsPerVm: number;
  enableDynamicPortAllocation: boolean;
  endpointTypes: string[];
}

export interface Router extends ResourceBase {
  region: string;
  network: string;
  nats: Nat[];
}

export interface Address extends ResourceBase {
  /** Undefined for global addresses. */
  region?: string;
  address?: string;
  prefixLength?: number;
  /** The reserved range for PSA (purpose VPC_PEERING) addresses. */
  range?: Cidr;
  purpose?: string;
  addressType?: string;
  network?: string;
}

export type ConnectorState = 'READY' | 'CREATING' | 'DELETING' | 'ERROR' | 'UPDATING' | string;

export interface Connector extends ResourceBase {
  region: string;
  /** Full name of the network; for subnet connectors derived from the subnet's project when the network is not given. */
  network?: string;
  /** The --range form. */
  ipCidrRange?: Cidr;
  /** The --subnet form: full name of the subnetwork (in subnet.projectId, defaulting to the connector's project). */
  subnet?: string;
  state?: ConnectorState;
  machineType?: string;
  minInstances?: number;
  maxInstances?: number;
}

export type WorkloadKind = 'job' | 'service' | 'workerPool';
export type EgressSetting = 'ALL_TRAFFIC' | 'PRIVATE_RANGES_ONLY';

export interface NetworkInterface {
  /** Full names; either may be absent in the input (the API derives one from the other, facts 4.3). */
  network?: string;
  subnetwork?: string;
  tags: string[];
}

export interface Workload extends ResourceBase {
  kind: WorkloadKind;
  region: string;
  apiVersion: 'v1' | 'v2';
  /** Full name of the connector, if set. */
  connector?: string;
  /** The egress setting as written, undefined when unset; see effectiveEgress(). */
  egress?: EgressSetting;
  /** The raw egress value when it is not one the API accepts (e.g. a typo in an annotation). */
  egressInvalid?: string;
  networkInterfaces: NetworkInterface[];
  serviceAccount?: string;
  maxInstances?: number;
}

/** PRIVATE_RANGES_ONLY is the default (facts 3.1, 3.7). */
export function effectiveEgress(w: Workload): EgressSetting {
  return w.egress ?? 'PRIVATE_RANGES_ONLY';
}

export interface Model {
  networks: Network[];
  subnetworks: Subnetwork[];
  firewalls: FirewallRule[];
  firewallPolicies: FirewallPolicy[];
  routes: Route[];
  routers: Router[];
  addresses: Address[];
  connectors: Connector[];
  workloads: Workload[];
  /** gcloud commands found in deploy scripts (src/deploy), for the command-level gcloud/* rules. */
  commands: DeployCommand[];
  coverage: Coverage;
  /** Notes from loading that the user should see (e.g. project numbers that could not be mapped). */
  loadNotes: string[];
}

/**
 * What the input is known to hold. Unknown is not empty: a collection that was never seen for a
 * project (and region) means "no data", not "no resources".
 */
export interface Coverage {
  /** True when the collection was seen for the project, for the whole project or for that region. */
  has(collection: Collection, project: string, region?: string): boolean;
  /** True when effective firewalls (hierarchical and network policies) were seen for the network. */
  hasNetwork(collection: Collection, network: string): boolean;
  /** Collections reported as failed with a reason (live mode: PERMISSION_DENIED, API disabled...). */
  failures: CoverageFailure[];
  /** Every recorded entry, for output and bundles. */
  entries(): CoverageEntry[];
}

export interface CoverageEntry {
  collection: Collection;
  project: string;
  /** Undefined = all regions of the project (or a global collection). */
  region?: string;
  /** For per-network collections (effectiveFirewalls): the network's full name. */
  network?: string;
}

export interface CoverageFailure extends CoverageEntry {
  reason: string;
  /** A command that fixes it, e.g. gcloud services enable ... */
  fix?: string;
}

/** One gcloud command as written in a script, with every flag where it stands. */
export interface DeployCommand {
  /** The command group and verb without prefixes, e.g. "run jobs deploy", "compute routers nats create". */
  command: string;
  /** Positional arguments (e.g. the resource name); undefined where a $VAR makes one unknown. */
  args: (string | undefined)[];
  flags: DeployFlag[];
  file: string;
  line: number;
  /** Full name of the resource the command creates or changes, when it can be named. */
  resource?: string;
}

export interface DeployFlag {
  /** Without leading dashes: "vpc-connector". */
  name: string;
  /** undefined: a boolean flag or a value that is unknown until the script runs ($VAR). */
  value?: string;
  valueUnknown: boolean;
  line: number;
  column: number;
}
