// The path engine's contract: a trace of one workload to one destination, hop by hop.
// Step and cause names follow Google's Connectivity Tests vocabulary where one exists.
import type { Fix } from '../fix.js';
import type { Connector, CoverageEntry, Nat, Route, Router, Subnetwork, Workload } from '../model.js';
import { shortName } from '../names.js';
import type { FirewallDecision } from './firewall.js';

// A Cloud NAT has no resource name of its own: the facts name it by its router's full name + '/nats/' +
// its name. Cut at the last '/nats/', since a router may itself be named "nats".
/** The full name the facts give a Cloud NAT. */
export const natFullName = (router: string, nat: string): string => `${router}/nats/${nat}`;
/** The full name of a Cloud NAT's router. */
export const routerOfNat = (natFullName: string): string => natFullName.slice(0, natFullName.lastIndexOf('/nats/'));
/** 'ROUTER/NAT', as messages and step details name a Cloud NAT. */
export const natLabel = (natFullName: string): string => `${shortName(routerOfNat(natFullName))}/${shortName(natFullName)}`;

export type Verdict = 'REACHABLE' | 'UNREACHABLE' | 'UNDETERMINED' | 'AMBIGUOUS';

export type StepKind =
  | 'START_FROM_CLOUD_RUN_JOB'
  | 'START_FROM_CLOUD_RUN_REVISION'
  | 'ARRIVE_AT_VPC_CONNECTOR'
  | 'DIRECT_VPC_EGRESS_CONNECTION'
  | 'SERVERLESS_EXTERNAL_CONNECTION'
  | 'APPLY_EGRESS_FIREWALL_RULE'
  | 'APPLY_INGRESS_FIREWALL_RULE'
  | 'APPLY_ROUTE'
  | 'NAT'
  | 'DELIVER'
  | 'DROP'
  | 'UNDETERMINED';

export type DropCause =
  | 'NO_EXTERNAL_ADDRESS' // internet-gateway route but no Cloud NAT serves the source (no NAT at all, or not covering it)
  | 'NO_ROUTE'
  | 'ROUTE_NEXT_HOP_NOT_INTERNET_GATEWAY' // delivered to an appliance/VPN: NAT bypassed (not a drop by itself)
  | 'FIREWALL_RULE'
  | 'VPC_CONNECTOR_NOT_RUNNING'
  | 'VPC_CONNECTOR_NOT_SET'
  | 'VPC_CONNECTOR_NOT_FOUND'
  | 'VPC_CONNECTOR_REGION_MISMATCH'
  | 'DIRECT_VPC_SUBNET_NOT_FOUND'
  | 'DIRECT_VPC_SUBNET_REGION_MISMATCH'
  | 'INVALID_VPC_CONFIGURATION' // connector and network interfaces both set: the API rejects it
  | 'PRIVATE_GOOGLE_ACCESS_DISALLOWED';

/** What a destination stands for; path rules select traces by it. */
export type DestinationKind = 'internet' | 'google-apis' | 'google-apis-private' | 'vpc' | 'user' | 'control-plane';

/** The named destination classes plus user destinations. */
export interface Destination {
  /** 'internet', 'google-apis', 'vpc:SUBNET', or a user-given name / the literal. */
  name: string;
  kind: DestinationKind;
  /** The representative address, dotted IPv4. */
  ip: string;
  port?: number;
  protocol: 'tcp' | 'udp' | 'icmp';
  /** Ingress for the connector control-plane checks (the address is then the packet's source). */
  direction?: 'INGRESS';
  /** Full name of the subnetwork a 'vpc' destination stands for. */
  subnetwork?: string;
  /**
   * check's traces of a workload to its VPC: the subnetworks whose paths are the same as this one's
   * (hops and outcome), traced once and reported once (this one's included). See traceAll.
   */
  subnetworks?: string[];
  /** How the representative address was chosen, when it matters (a CIDR's first address, a class). */
  note?: string;
  /** The CIDR a destination given as a range stands for (its first address is `ip`). */
  range?: string;
}

/** The source inside the VPC a firewall allow is for: its network, its range and the network tag a VPC rule can target. */
export interface AllowSource {
  network: string;
  range: { text: string };
  fixTag?: string;
}

/** A Cloud NAT and the Cloud Router that holds it (a NAT has no resource of its own). */
export interface NatRef {
  router: Router;
  nat: Nat;
}

/**
 * One hop of a trace: what it is about, as the model objects it passed, and a line for people
 * (`detail`, never read by rules). `resource` is the full name of the object the hop is about.
 */
export type TraceStep =
  | HopOf<'START_FROM_CLOUD_RUN_JOB' | 'START_FROM_CLOUD_RUN_REVISION', { workload: Workload }>
  | HopOf<'ARRIVE_AT_VPC_CONNECTOR', { connector: Connector }>
  | HopOf<'DIRECT_VPC_EGRESS_CONNECTION', { subnetwork: Subnetwork }>
  /** Google-managed egress: the workload has no VPC access, or private-ranges-only sent a public address around the VPC. */
  | HopOf<'SERVERLESS_EXTERNAL_CONNECTION', { why: 'no-vpc-access' | 'private-ranges-only'; bypassedNat?: NatRef }>
  | HopOf<'APPLY_EGRESS_FIREWALL_RULE' | 'APPLY_INGRESS_FIREWALL_RULE', { decision: FirewallDecision }>
  /** A custom route, or the subnet route of the subnetwork that holds the destination. */
  | HopOf<'APPLY_ROUTE', { route: Route; subnetwork?: undefined } | { route?: undefined; subnetwork: Subnetwork }>
  | HopOf<'NAT', { nat: NatRef }>
  | HopOf<'DELIVER', { subnetwork?: Subnetwork }>
  /**
   * Why the packet stopped. For NO_EXTERNAL_ADDRESS, the Cloud NATs of the region that do not cover
   * the source and those in other regions; for FIREWALL_RULE, the source an allow must let out.
   */
  | HopOf<'DROP', { cause: DropCause; natsNotCovering?: NatRef[]; natsOtherRegions?: NatRef[]; allowFrom?: AllowSource }>
  | HopOf<'UNDETERMINED', { missing: CoverageEntry[] }>;

type HopOf<K extends StepKind, Payload> = { step: K; resource?: string; detail: string } & Payload;

/** The hop of a kind in a trace (the first one), typed. */
export function hopOf<K extends StepKind>(trace: Pick<Trace, 'steps'>, step: K): (TraceStep & { step: K }) | undefined {
  for (const s of trace.steps) if (s.step === step) return s as TraceStep & { step: K };
  return undefined;
}

export interface Trace {
  /** Full name of the workload (of the connector for control-plane traces). */
  workload: string;
  destination: Destination;
  verdict: Verdict;
  cause?: DropCause;
  /** How to fix the breaking hop, for UNREACHABLE and AMBIGUOUS traces (built in src/fix.ts). */
  fixes?: Fix[];
  steps: TraceStep[];
  /** NAT IP full names, "auto-allocated Cloud NAT", or "Google-managed (not static)". */
  egressAddresses?: string[];
  /** For UNDETERMINED: the collections whose absence stopped the trace. */
  missing?: CoverageEntry[];
  /** Things not seen that might change the answer (e.g. no hierarchical firewall policy data). */
  caveats: string[];
  /** Structured facts for the path rules (they must not re-derive routing, firewall or NAT logic). */
  facts: TraceFacts;
}

export interface TraceFacts {
  egressMode: 'none' | 'connector' | 'direct-vpc' | 'conflict';
  /** Whether the packet entered the VPC (false: Google-managed serverless egress). */
  entersVpc: boolean;
  /** Full name of the network the packet entered. */
  network?: string;
  region: string;
  /** The source range used inside the VPC (connector /28, or the Direct VPC subnet's range). */
  sourceRange?: string;
  /** Full name of the source subnetwork where known (Direct VPC, or --subnet connector). */
  sourceSubnetwork?: string;
  /** The egress firewall rule or policy rule that decided, as a full name (#priority for policy rules). */
  firewallRule?: string;
  firewallAction?: 'allow' | 'deny';
  /** The selected route. */
  route?: string;
  routeNextHop?: string;
  /** The Cloud NAT that translated (natFullName). */
  nat?: string;
  /** Under private-ranges-only, the Cloud NAT that covers the source but the public traffic went around. */
  bypassedNat?: string;
  /** NATs in the region and network that did not cover the source. */
  natsNotCovering?: string[];
  /** Cloud NATs on the same network in other regions (they never serve this source, facts 5.2). */
  natsOtherRegions?: string[];
  /** The translating NAT's minimum ports per VM and whether dynamic port allocation is on (facts 5.4). */
  natMinPortsPerVm?: number;
  natDynamicPorts?: boolean;
  /** The serverless connector the packet went through. */
  connector?: string;
  /** The source is a connector created with --range: its hidden aet- subnet (facts 1.2, 5.3). */
  hiddenSubnet?: boolean;
  /** The egress setting the trace was computed with. */
  egress?: 'ALL_TRAFFIC' | 'PRIVATE_RANGES_ONLY';
  /** Private Google Access carried the packet (google-apis destinations without NAT). */
  privateGoogleAccess?: boolean;
}
