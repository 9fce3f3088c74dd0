// Turns the plan into resources exactly as the REST APIs return them (compute v1, vpcaccess v1, run v2).
// Cosmetic fields (id, creationTimestamp, fingerprint) are hashes of the self link, so a resource renders
// identically wherever it appears (firewalls.json and effective-firewalls-*.json).
import { formatIpv4 } from '../../src/ip.js';
import {
  breaks,
  type ConnectorPlan,
  type HostPlan,
  type NetworkPlan,
  type ProjectPlan,
  type Range,
  type RouterPlan,
  type SubnetPlan,
  type UnitPlan,
  type WorkloadPlan,
} from './plan.js';
import { fingerprint, hash32, numericId, rngFor, runTimestamp, timestamp } from './random.js';

export const COMPUTE_V1 = 'https://www.googleapis.com/compute/v1/';
const projectLink = (project: string) => `${COMPUTE_V1}projects/${project}`;
export const networkLink = (project: string, network: string) => `${projectLink(project)}/global/networks/${network}`;
export const subnetLink = (s: SubnetPlan) => `${projectLink(s.project)}/regions/${s.region}/subnetworks/${s.name}`;
export const cidr = (r: Range) => `${formatIpv4(r.start)}/${r.prefix}`;

type Json = Record<string, unknown>;

/** The fields every compute resource starts with. */
function computeHead(seed: number, kind: string, selfLink: string, name: string): Json {
  return { kind: `compute#${kind}`, id: numericId(seed, selfLink), creationTimestamp: timestamp(seed, selfLink), name };
}

export function renderNetwork(seed: number, net: NetworkPlan): Json {
  const selfLink = networkLink(net.project, net.name);
  const id = numericId(seed, selfLink);
  const peer = `${projectLink(`${hash32(`${seed}${selfLink}`).toString(16)}-tp`)}/global/networks/servicenetworking`;
  return {
    ...computeHead(seed, 'network', selfLink, net.name),
    selfLink,
    selfLinkWithId: `${projectLink(net.project)}/global/networks/${id}`,
    autoCreateSubnetworks: false,
    subnetworks: net.subnets.map(subnetLink),
    peerings:
      net.psa.length === 0
        ? undefined
        : [
            {
              name: 'servicenetworking-googleapis-com',
              network: peer,
              state: 'ACTIVE',
              stateDetails: '[2023-03-01T10:00:00.000-08:00]: Connected.',
              autoCreateRoutes: true,
              exportCustomRoutes: false,
              importCustomRoutes: false,
              exchangeSubnetRoutes: true,
              exportSubnetRoutesWithPublicIp: false,
              importSubnetRoutesWithPublicIp: false,
              stackType: 'IPV4_ONLY',
            },
          ],
    routingConfig: { routingMode: net.routingMode },
    networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
  };
}

/** Keys in the order of the real aggregated list (alphabetical). */
export function renderSubnet(seed: number, s: SubnetPlan): Json {
  const selfLink = subnetLink(s);
  return {
    creationTimestamp: timestamp(seed, selfLink),
    fingerprint: fingerprint(seed, selfLink),
    gatewayAddress: formatIpv4(s.range.start + 1),
    id: numericId(seed, selfLink),
    ipCidrRange: cidr(s.range),
    kind: 'compute#subnetwork',
    name: s.name,
    network: networkLink(s.project, s.network),
    privateIpGoogleAccess: s.privateIpGoogleAccess,
    privateIpv6GoogleAccess: 'DISABLE_GOOGLE_ACCESS',
    purpose: 'PRIVATE',
    region: `${projectLink(s.project)}/regions/${s.region}`,
    secondaryIpRanges: s.secondary.length === 0 ? undefined : s.secondary.map((r) => ({ ipCidrRange: cidr(r), rangeName: r.rangeName })),
    selfLink,
    stackType: 'IPV4_ONLY',
  };
}

export function renderRouter(seed: number, r: RouterPlan, h: number): Json {
  const selfLink = `${projectLink(r.project)}/regions/${r.region}/routers/${r.name}`;
  return {
    ...computeHead(seed, 'router', selfLink, r.name),
    region: `${projectLink(r.project)}/regions/${r.region}`,
    network: networkLink(r.project, r.network),
    selfLink,
    bgp: { asn: 64512 + (h % 1000), advertiseMode: 'DEFAULT', keepaliveInterval: 20 },
    nats: [
      {
        name: r.natName,
        type: 'PUBLIC',
        endpointTypes: ['ENDPOINT_TYPE_VM'],
        sourceSubnetworkIpRangesToNat: r.natRanges,
        subnetworks: r.natRanges === 'LIST_OF_SUBNETWORKS' ? r.subnets.map(natSubnet) : undefined,
        natIps: r.natIps.length === 0 ? undefined : r.natIps.map((a) => `${projectLink(r.project)}/regions/${r.region}/addresses/${a}`),
        natIpAllocateOption: r.natIps.length === 0 ? 'AUTO_ONLY' : 'MANUAL_ONLY',
        minPortsPerVm: r.natIps.length === 0 ? undefined : 1024,
        enableDynamicPortAllocation: false,
        udpIdleTimeoutSec: 30,
        icmpIdleTimeoutSec: 30,
        tcpEstablishedIdleTimeoutSec: 1200,
        tcpTransitoryIdleTimeoutSec: 30,
        tcpTimeWaitTimeoutSec: 120,
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
        enableEndpointIndependentMapping: false,
      },
    ],
    encryptedInterconnectRouter: false,
  };
}

/** Every form of per-subnet NAT coverage; all of them include the primary range Run traffic comes from. */
function natSubnet(s: SubnetPlan): Json {
  const name = subnetLink(s);
  if (s.secondary.length === 0) return { name, sourceIpRangesToNat: [s.name.endsWith('-b') ? 'PRIMARY_IP_RANGE' : 'ALL_IP_RANGES'] };
  return {
    name,
    sourceIpRangesToNat: ['PRIMARY_IP_RANGE', 'LIST_OF_SECONDARY_IP_RANGES'],
    secondaryIpRangeNames: s.secondary.map((r) => r.rangeName).slice(0, 1),
  };
}

export function renderPsaAddress(seed: number, net: NetworkPlan, psa: NetworkPlan['psa'][number]): Json {
  const selfLink = `${projectLink(net.project)}/global/addresses/${psa.name}`;
  return {
    ...computeHead(seed, 'address', selfLink, psa.name),
    description: '',
    address: formatIpv4(psa.start),
    prefixLength: psa.prefix,
    status: 'RESERVED',
    selfLink,
    labelFingerprint: '42WmS008rSM=',
    addressType: 'INTERNAL',
    purpose: 'VPC_PEERING',
    network: networkLink(net.project, net.name),
  };
}

export const connectorName = (c: ConnectorPlan) => `projects/${c.project}/locations/${c.region}/connectors/${c.name}`;

export function renderConnector(c: ConnectorPlan): Json {
  return {
    name: connectorName(c),
    network: c.network,
    ipCidrRange: c.range && cidr(c.range),
    state: c.state,
    minThroughput: c.minInstances * 100,
    maxThroughput: c.maxInstances * 100,
    connectedProjects: c.connectedProjects.length === 0 ? undefined : c.connectedProjects,
    subnet: c.subnet && { name: c.subnet.name, projectId: c.subnet.project },
    machineType: c.machineType,
    minInstances: c.minInstances,
    maxInstances: c.maxInstances,
  };
}

function vpcAccess(w: WorkloadPlan): Json {
  if (w.connector) return { connector: connectorName(w.connector), egress: w.egress };
  const s = w.directVpc!.subnet;
  return {
    networkInterfaces: [
      { network: `projects/${s.project}/global/networks/${s.network}`, subnetwork: `projects/${s.project}/regions/${s.region}/subnetworks/${s.name}`, tags: w.directVpc!.tags },
    ],
    egress: w.egress,
  };
}

function runHead(seed: number, w: WorkloadPlan, collection: string): Json {
  const name = `projects/${w.project}/locations/${w.region}/${collection}/${w.name}`;
  const time = runTimestamp(seed, name);
  return {
    name,
    uid: uuid(seed, name),
    generation: '1',
    createTime: time,
    updateTime: time,
    creator: `deployer@${w.project}.iam.gserviceaccount.com`,
    lastModifier: `deployer@${w.project}.iam.gserviceaccount.com`,
    launchStage: 'GA',
  };
}

function uuid(seed: number, key: string): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(`${seed}#uuid${i}#${key}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const image = (w: WorkloadPlan) => `${w.region}-docker.pkg.dev/${w.project}/apps/${w.name}:v${1 + (hash32(w.name) % 40)}`;
const ready = (time: unknown, type: string) => ({ type, state: 'CONDITION_SUCCEEDED', lastTransitionTime: time });

export function renderService(seed: number, w: WorkloadPlan): Json {
  const head = runHead(seed, w, 'services');
  const revision = `${head.name}/revisions/${w.name}-00001-${hash32(String(head.name)).toString(36).slice(0, 3)}`;
  return {
    ...head,
    ingress: hash32(w.name) % 3 === 0 ? 'INGRESS_TRAFFIC_INTERNAL_ONLY' : 'INGRESS_TRAFFIC_ALL',
    template: {
      scaling: { maxInstanceCount: w.maxInstances },
      vpcAccess: vpcAccess(w),
      timeout: '300s',
      serviceAccount: w.serviceAccount,
      containers: [
        {
          image: image(w),
          ports: [{ name: 'http1', containerPort: 8080 }],
          resources: { limits: { cpu: '1000m', memory: '512Mi' }, cpuIdle: true, startupCpuBoost: true },
          startupProbe: { timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1, tcpSocket: { port: 8080 } },
        },
      ],
      maxInstanceRequestConcurrency: 80,
      executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
    },
    traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
    observedGeneration: '1',
    terminalCondition: ready(head.updateTime, 'Ready'),
    conditions: [ready(head.updateTime, 'RoutesReady'), ready(head.updateTime, 'ConfigurationsReady')],
    latestReadyRevision: revision,
    latestCreatedRevision: revision,
    trafficStatuses: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
    uri: `https://${w.name}-${hash32(`${seed}${head.name}`).toString(36)}-${w.region.split('-')[0]}.a.run.app`,
    etag: `"${fingerprint(seed, String(head.name))}"`,
  };
}

export function renderJob(seed: number, w: WorkloadPlan): Json {
  const head = runHead(seed, w, 'jobs');
  const mySeedJob = w.name === 'my-agent-4';
  return {
    ...head,
    template: {
      taskCount: 1,
      template: {
        containers: [
          {
            image: image(w),
            resources: { limits: { cpu: mySeedJob ? '1' : '2', memory: mySeedJob ? '512Mi' : '1Gi' } },
            // Secrets are references only; the generator never writes an env value.
            env: [{ name: 'GITHUB_TOKEN', valueSource: { secretKeyRef: { secret: `projects/${w.project}/secrets/github-token`, version: 'latest' } } }],
          },
        ],
        maxRetries: 3,
        timeout: mySeedJob ? '600s' : '3600s',
        serviceAccount: w.serviceAccount,
        executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
        vpcAccess: vpcAccess(w),
      },
    },
    observedGeneration: '1',
    terminalCondition: ready(head.updateTime, 'Ready'),
    conditions: [],
    executionCount: 1 + (hash32(String(head.name)) % 500),
    etag: `"${fingerprint(seed, String(head.name))}"`,
  };
}

// ---- Firewall rules ----

interface FirewallSpec {
  name: string;
  description?: string;
  direction: 'INGRESS' | 'EGRESS';
  priority: number;
  action: 'allowed' | 'denied';
  sourceRanges?: string[];
  destinationRanges?: string[];
  sourceTags?: string[];
  targetTags?: string[];
  sourceServiceAccounts?: string[];
  targetServiceAccounts?: string[];
  rules: { IPProtocol: string; ports?: string[] }[];
  disabled?: boolean;
}

function renderFirewall(seed: number, project: string, network: string, f: FirewallSpec): Json {
  const selfLink = `${projectLink(project)}/global/firewalls/${f.name}`;
  return {
    ...computeHead(seed, 'firewall', selfLink, f.name),
    description: f.description ?? '',
    network: networkLink(project, network),
    priority: f.priority,
    sourceRanges: f.sourceRanges,
    destinationRanges: f.destinationRanges,
    sourceTags: f.sourceTags,
    targetTags: f.targetTags,
    sourceServiceAccounts: f.sourceServiceAccounts,
    targetServiceAccounts: f.targetServiceAccounts,
    [f.action]: f.rules,
    direction: f.direction,
    logConfig: { enable: false },
    disabled: f.disabled ?? false,
    selfLink,
  };
}

const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '35.191.192.0/18', '130.211.0.0/22'];
const SERVERLESS_RANGE = '35.199.224.0/19';
const IAP_RANGE = '35.235.240.0/20';
const CONNECTOR_PORTS = [{ IPProtocol: 'tcp', ports: ['667'] }, { IPProtocol: 'udp', ports: ['665-666'] }, { IPProtocol: 'icmp' }];
const ALL_PROTOCOLS = [{ IPProtocol: 'tcp' }, { IPProtocol: 'udp' }, { IPProtocol: 'icmp' }];

/** The rules Google creates for a connector in a standalone VPC or a host project (facts 2.2). */
function aetRules(c: ConnectorPlan): FirewallSpec[] {
  const prefix = `aet-${c.region.replace(/-/g, '')}-${c.name.replace(/-/g, '--')}`;
  const tag = [`vpc-connector-${c.region}-${c.name}`];
  const range = cidr(c.range ?? c.subnet!.range);
  return [
    { name: `${prefix}-hcfw`, direction: 'INGRESS', priority: 100, action: 'allowed', sourceRanges: HEALTH_CHECK_RANGES, targetTags: tag, rules: [{ IPProtocol: 'tcp', ports: ['667'] }] },
    { name: `${prefix}-rsgfw`, direction: 'INGRESS', priority: 100, action: 'allowed', sourceRanges: [SERVERLESS_RANGE], targetTags: tag, rules: CONNECTOR_PORTS },
    { name: `${prefix}-earfw`, direction: 'EGRESS', priority: 100, action: 'allowed', destinationRanges: [SERVERLESS_RANGE], targetTags: tag, rules: CONNECTOR_PORTS },
    {
      name: `${prefix}-egrfw`,
      direction: 'EGRESS',
      priority: 100,
      action: 'denied',
      destinationRanges: [SERVERLESS_RANGE],
      targetTags: tag,
      rules: [{ IPProtocol: 'tcp', ports: ['1-666', '668-65535'] }, { IPProtocol: 'udp', ports: ['1-664', '667-65535'] }],
    },
    { name: `${prefix}-sbntfw`, direction: 'INGRESS', priority: 1000, action: 'allowed', sourceRanges: [range], rules: ALL_PROTOCOLS },
    { name: `${prefix}-tagfw`, direction: 'INGRESS', priority: 1000, action: 'allowed', sourceTags: tag, rules: ALL_PROTOCOLS },
  ];
}

const SEED_RULES: FirewallSpec[] = [
  { name: 'my-vpc-allow-internal', direction: 'INGRESS', priority: 65534, action: 'allowed', sourceRanges: ['10.0.0.0/8'], rules: ALL_PROTOCOLS },
  { name: 'my-vpc-allow-iap-ssh', direction: 'INGRESS', priority: 1000, action: 'allowed', sourceRanges: [IAP_RANGE], rules: [{ IPProtocol: 'tcp', ports: ['22'] }] },
  { name: 'my-vpc-allow-icmp', direction: 'INGRESS', priority: 65534, action: 'allowed', sourceRanges: ['0.0.0.0/0'], rules: [{ IPProtocol: 'icmp' }] },
];

/** Host-project rules for connectors in service projects (facts 2.3) and a few shared ones. */
const HOST_RULES: FirewallSpec[] = [
  { name: 'serverless-to-vpc-connector', direction: 'INGRESS', priority: 1000, action: 'allowed', sourceRanges: [SERVERLESS_RANGE], targetTags: ['vpc-connector'], rules: CONNECTOR_PORTS },
  { name: 'vpc-connector-to-serverless', direction: 'EGRESS', priority: 1000, action: 'allowed', destinationRanges: [SERVERLESS_RANGE], targetTags: ['vpc-connector'], rules: CONNECTOR_PORTS },
  { name: 'vpc-connector-health-checks', direction: 'INGRESS', priority: 1000, action: 'allowed', sourceRanges: HEALTH_CHECK_RANGES, targetTags: ['vpc-connector'], rules: [{ IPProtocol: 'tcp', ports: ['667'] }] },
  { name: 'vpc-connector-requests', direction: 'INGRESS', priority: 1000, action: 'allowed', sourceTags: ['vpc-connector'], rules: ALL_PROTOCOLS },
  { name: 'allow-internal', direction: 'INGRESS', priority: 65000, action: 'allowed', sourceRanges: ['10.0.0.0/8', '100.64.0.0/10'], rules: ALL_PROTOCOLS },
  { name: 'allow-iap-ssh', direction: 'INGRESS', priority: 1000, action: 'allowed', sourceRanges: [IAP_RANGE], rules: [{ IPProtocol: 'tcp', ports: ['22', '3389'] }] },
  { name: 'allow-lb-health-checks', direction: 'INGRESS', priority: 1000, action: 'allowed', sourceRanges: ['35.191.0.0/16', '130.211.0.0/22'], rules: [{ IPProtocol: 'tcp' }] },
  { name: 'deny-egress-telnet', direction: 'EGRESS', priority: 65000, action: 'denied', destinationRanges: ['0.0.0.0/0'], rules: [{ IPProtocol: 'tcp', ports: ['23'] }] },
];

const PRIORITIES = [100, 500, 900, 1000, 1000, 1000, 2000, 65000];

/** 34 rules per unit, cycling through eight kinds; none of them blocks the egress path to the internet. */
function unitRules(seed: number, u: UnitPlan): FirewallSpec[] {
  const rng = rngFor(seed, 'firewalls', u.k);
  const p = u.project;
  const runRange = cidr(u.subnets[16]!.range);
  const sharedRange = cidr(u.host.subnets[0]!.range);
  const extraPort = () => (rng.chance(0.3) ? [`${8000 + rng.int(1000)}`] : []);
  const specs: FirewallSpec[] = [];
  for (let i = 0; i < 34; i++) {
    const name = `${p}-${['allow-lb', 'allow-iap', 'deny-blocklist', 'allow-egress-https', 'deny-smtp', 'allow-db', 'allow-dns', 'allow-internal'][i % 8]}-${i + 1}`;
    const priority = rng.pick(PRIORITIES);
    const disabled = rng.chance(0.02);
    const base = { name, priority, disabled };
    switch (i % 8) {
      case 0:
        specs.push({ ...base, direction: 'INGRESS', action: 'allowed', sourceRanges: HEALTH_CHECK_RANGES, targetTags: [`${p}-web`], rules: [{ IPProtocol: 'tcp', ports: ['80', '443', ...extraPort()] }] });
        break;
      case 1:
        specs.push({ ...base, direction: 'INGRESS', action: 'allowed', sourceRanges: [IAP_RANGE], targetTags: [`${p}-vm`], rules: [{ IPProtocol: 'tcp', ports: ['22'] }] });
        break;
      case 2:
        specs.push({ ...base, direction: 'INGRESS', action: 'denied', sourceRanges: [`${45 + rng.int(150)}.${rng.int(256)}.${rng.int(256)}.0/24`], rules: [{ IPProtocol: 'all' }] });
        break;
      case 3:
        specs.push({ ...base, direction: 'EGRESS', action: 'allowed', destinationRanges: ['0.0.0.0/0'], targetTags: [`${p}-run`], rules: [{ IPProtocol: 'tcp', ports: ['443'] }] });
        break;
      case 4:
        specs.push({ ...base, direction: 'EGRESS', action: 'denied', destinationRanges: ['0.0.0.0/0'], targetServiceAccounts: [`run-sa@${p}.iam.gserviceaccount.com`], rules: [{ IPProtocol: 'tcp', ports: ['25', '465', '587'] }] });
        break;
      case 5:
        specs.push({ ...base, direction: 'INGRESS', action: 'allowed', sourceRanges: [runRange], targetServiceAccounts: [`db-sa@${p}.iam.gserviceaccount.com`], rules: [{ IPProtocol: 'tcp', ports: ['5432', '3306', ...extraPort()] }] });
        break;
      case 6:
        specs.push({ ...base, direction: 'EGRESS', action: 'allowed', destinationRanges: [sharedRange], targetTags: [`${p}-run`, `${p}-vm`], rules: [{ IPProtocol: 'udp', ports: ['53'] }, { IPProtocol: 'tcp', ports: ['53'] }] });
        break;
      default:
        specs.push({ ...base, direction: 'INGRESS', action: 'allowed', sourceTags: [`${p}-vm`, `${p}-run`], targetTags: [`${p}-vm`], rules: ALL_PROTOCOLS });
    }
  }
  if (breaks(u.k, 'connectorEgressDeny')) {
    specs.push({
      name: `${p}-deny-egress-connectors`,
      description: 'Lock down connector egress',
      direction: 'EGRESS',
      priority: 200,
      action: 'denied',
      destinationRanges: ['0.0.0.0/0'],
      targetTags: ['vpc-connector'],
      rules: [{ IPProtocol: 'all' }],
    });
  }
  return specs;
}

/** All VPC firewall rules of a project's network, rendered. */
export function* firewallsOf(seed: number, project: ProjectPlan): Generator<Json> {
  const host = project.host;
  const network = project.networks[0]!.name;
  const render = (f: FirewallSpec) => renderFirewall(seed, project.id, network, f);
  if (!host) {
    yield* SEED_RULES.map(render);
    yield* project.connectors.flatMap(aetRules).map(render);
    return;
  }
  yield* HOST_RULES.map(render);
  for (const u of host.units) {
    yield* unitRules(seed, u).map(render);
    yield* u.hostConnectors.flatMap(aetRules).map(render);
  }
}

// ---- Routes ----

function renderRoute(seed: number, project: string, network: string, name: string, fields: Json): Json {
  const selfLink = `${projectLink(project)}/global/routes/${name}`;
  const head = computeHead(seed, 'route', selfLink, name);
  return { ...head, network: networkLink(project, network), ...fields, selfLink };
}

const routeId = (seed: number, key: string) => `default-route-${hash32(`${seed}a${key}`).toString(16).padStart(8, '0')}${hash32(`${seed}b${key}`).toString(16).padStart(8, '0')}`;

/** The default internet route, one subnet route per range, and per unit two tag-scoped routes. */
export function* routesOf(seed: number, project: ProjectPlan): Generator<Json> {
  const net = project.networks[0]!;
  const route = (name: string, fields: Json) => renderRoute(seed, project.id, net.name, name, fields);
  yield route(routeId(seed, `${net.project}/${net.name}/internet`), {
    description: 'Default route to the Internet.',
    destRange: '0.0.0.0/0',
    priority: 1000,
    nextHopGateway: `${projectLink(project.id)}/global/gateways/default-internet-gateway`,
  });
  for (const s of net.subnets) {
    for (const range of [s.range, ...s.secondary].map(cidr)) {
      yield route(routeId(seed, `${s.project}/${s.region}/${s.name}/${range}`), {
        description: `Default local route to the subnetwork ${range}.`,
        destRange: range,
        priority: 0,
        nextHopNetwork: networkLink(project.id, net.name),
      });
    }
  }
  for (const u of project.host?.units ?? []) {
    const p = u.project;
    yield route(`${p}-egress-proxy`, {
      destRange: '0.0.0.0/0',
      priority: 800,
      tags: [`${p}-egress-proxy`],
      nextHopInstance: `${projectLink(project.id)}/zones/${u.regions[0]}-b/instances/${p}-proxy-1`,
    });
    yield route(`${p}-to-onprem`, {
      destRange: `172.${16 + (Math.floor(u.k / 256) % 16)}.${u.k % 256}.0/24`,
      priority: 1000,
      tags: [`${p}-vm`],
      nextHopIlb: `${projectLink(project.id)}/regions/${u.regions[1]}/forwardingRules/${p}-onprem-ilb`,
    });
  }
}

// ---- Hierarchical firewall policies (networks.getEffectiveFirewalls) ----

function policyRule(priority: number, direction: 'INGRESS' | 'EGRESS', action: string, ranges: string[], layer4: Json[], description = ''): Json {
  const match = direction === 'INGRESS' ? { srcIpRanges: ranges, layer4Configs: layer4 } : { destIpRanges: ranges, layer4Configs: layer4 };
  return { kind: 'compute#firewallPolicyRule', description, priority, match, action, direction };
}

/** The four goto_next rules every hierarchical policy ends with (see the fw-policy sample). */
const POLICY_DEFAULTS = [
  policyRule(2147483644, 'EGRESS', 'goto_next', ['::/0'], [{ ipProtocol: 'all' }]),
  policyRule(2147483645, 'INGRESS', 'goto_next', ['::/0'], [{ ipProtocol: 'all' }]),
  policyRule(2147483646, 'EGRESS', 'goto_next', ['0.0.0.0/0'], [{ ipProtocol: 'all' }]),
  policyRule(2147483647, 'INGRESS', 'goto_next', ['0.0.0.0/0'], [{ ipProtocol: 'all' }]),
];

export function policiesOf(seed: number, host: HostPlan): Json[] {
  const policy = (key: string, shortName: string, rules: Json[]) => {
    const name = String(100_000_000_000 + (hash32(`${seed}#policy#${key}`) % 900_000_000_000));
    return { name, type: 'HIERARCHY', shortName, displayName: shortName, rules: [...rules, ...POLICY_DEFAULTS] };
  };
  return [
    policy('org', 'org-baseline', [
      policyRule(1000, 'INGRESS', 'deny', ['198.51.100.0/24', '203.0.113.0/24'], [{ ipProtocol: 'all' }], 'Known bad sources'),
      policyRule(1100, 'EGRESS', 'deny', ['192.0.2.0/24'], [{ ipProtocol: 'all' }], 'Sinkhole'),
      policyRule(2000, 'INGRESS', 'allow', [IAP_RANGE], [{ ipProtocol: 'tcp', ports: ['22'] }], 'IAP TCP forwarding'),
    ]),
    policy(`folder-${host.h}`, `folder-${host.project}`, [
      policyRule(500, 'EGRESS', 'goto_next', ['10.0.0.0/8', '100.64.0.0/10'], [{ ipProtocol: 'all' }]),
      policyRule(600, 'INGRESS', 'allow', HEALTH_CHECK_RANGES, [{ ipProtocol: 'tcp', ports: ['80', '443'] }], 'Load balancer health checks'),
    ]),
  ];
}
