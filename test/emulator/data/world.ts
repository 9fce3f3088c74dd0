// Fixture data for the emulator: raw REST JSON (camelCase, int64 as strings, enums as names), as the APIs return it.
// svc-proj and svc2-proj are Shared VPC service projects of host-proj; svc-proj also has its own VPC and connector.
export interface ProjectData {
  networks?: object[];
  subnetworks?: object[];
  firewalls?: object[];
  routes?: object[];
  routers?: object[];
  addresses?: object[];
  firewallPolicies?: object[];
  /** By network name. */
  effectiveFirewalls?: Record<string, object>;
  vpcaccessLocations?: string[];
  connectors?: object[];
  runLocations?: string[];
  services?: object[];
  jobs?: object[];
}
export type World = Record<string, ProjectData>;

const C = 'https://www.googleapis.com/compute/v1/projects';
export const REGIONS = ['europe-west1', 'europe-west2', 'us-central1'];
export const SECRET_VALUES = ['s3cr3t-db-password', 'ghp_examplegithubtoken'];
/** Project numbers, as Cloud Asset Inventory reports them in `ancestors`. */
export const PROJECT_NUMBERS: Record<string, string> = { 'svc-proj': '111111111111', 'svc2-proj': '222222222222', 'host-proj': '333333333333' };

function network(project: string, name: string, id: string, extra: object = {}) {
  return {
    kind: 'compute#network',
    id,
    creationTimestamp: '2024-03-01T09:00:00.000-07:00',
    name,
    selfLink: `${C}/${project}/global/networks/${name}`,
    autoCreateSubnetworks: false,
    routingConfig: { routingMode: 'REGIONAL' },
    networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
    mtu: 1460,
    ...extra,
  };
}

function subnetwork(project: string, region: string, name: string, net: string, range: string, extra: object = {}) {
  return {
    kind: 'compute#subnetwork',
    id: String(7000000000000000000n + BigInt(range.split('.')[2] ?? 0)),
    name,
    network: `${C}/${project}/global/networks/${net}`,
    ipCidrRange: range,
    region: `${C}/${project}/regions/${region}`,
    privateIpGoogleAccess: true,
    purpose: 'PRIVATE',
    stackType: 'IPV4_ONLY',
    selfLink: `${C}/${project}/regions/${region}/subnetworks/${name}`,
    ...extra,
  };
}

function firewall(project: string, name: string, net: string, extra: object) {
  return {
    kind: 'compute#firewall',
    name,
    network: `${C}/${project}/global/networks/${net}`,
    priority: 1000,
    disabled: false,
    selfLink: `${C}/${project}/global/firewalls/${name}`,
    ...extra,
  };
}

function defaultRoute(project: string, net: string) {
  return {
    kind: 'compute#route',
    name: `default-route-${net}`,
    network: `${C}/${project}/global/networks/${net}`,
    destRange: '0.0.0.0/0',
    priority: 1000,
    nextHopGateway: `${C}/${project}/global/gateways/default-internet-gateway`,
    routeType: 'STATIC',
    selfLink: `${C}/${project}/global/routes/default-route-${net}`,
  };
}

function router(project: string, region: string, name: string, net: string, nats: object[]) {
  return {
    kind: 'compute#router',
    name,
    region: `${C}/${project}/regions/${region}`,
    network: `${C}/${project}/global/networks/${net}`,
    nats,
    selfLink: `${C}/${project}/regions/${region}/routers/${name}`,
  };
}

function connector(project: string, region: string, name: string, extra: object) {
  return { name: `projects/${project}/locations/${region}/connectors/${name}`, state: 'READY', machineType: 'e2-micro', minInstances: 2, maxInstances: 3, ...extra };
}

function container(env: object[]) {
  return {
    image: 'europe-docker.pkg.dev/svc-proj/apps/agent:1.4.2',
    command: ['/bin/agent'],
    args: [`--token=${SECRET_VALUES[1]}`],
    env,
    resources: { limits: { cpu: '1', memory: '512Mi' }, cpuIdle: true },
  };
}

const SECRET_ENV = [
  { name: 'LOG_LEVEL', value: 'debug' },
  { name: 'DB_PASSWORD', value: SECRET_VALUES[0] },
  { name: 'GITHUB_TOKEN', valueSource: { secretKeyRef: { secret: 'projects/svc-proj/secrets/github-token', version: 'latest' } } },
];

function service(project: string, number: string, region: string, name: string, vpcAccess: object | undefined) {
  return {
    name: `projects/${project}/locations/${region}/services/${name}`,
    uid: `0f9c1a2b-${name}`,
    generation: '3',
    createTime: '2024-05-01T10:00:00.123456Z',
    updateTime: '2024-05-02T11:30:00Z',
    creator: 'deployer@svc-proj.iam.gserviceaccount.com',
    lastModifier: 'deployer@svc-proj.iam.gserviceaccount.com',
    ingress: 'INGRESS_TRAFFIC_ALL',
    launchStage: 'GA',
    template: {
      ...(vpcAccess ? { vpcAccess } : {}),
      timeout: '300s',
      serviceAccount: `runner@${project}.iam.gserviceaccount.com`,
      containers: [container(SECRET_ENV)],
      maxInstanceRequestConcurrency: 80,
    },
    traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
    observedGeneration: '3',
    latestReadyRevision: `projects/${project}/locations/${region}/revisions/${name}-00003-abc`,
    uri: `https://${name}-${number}.${region}.run.app`,
    urls: [`https://${name}-${number}.${region}.run.app`],
    etag: '"CKfBvbEGEJjW7c8C/cHJvamVjdHM"',
  };
}

function job(project: string, region: string, name: string, vpcAccess: object) {
  return {
    name: `projects/${project}/locations/${region}/jobs/${name}`,
    uid: `5e6f7a8b-${name}`,
    generation: '1',
    createTime: '2024-06-01T08:00:00Z',
    updateTime: '2024-06-01T08:00:00Z',
    launchStage: 'GA',
    template: {
      taskCount: 1,
      template: {
        containers: [container(SECRET_ENV)],
        maxRetries: 3,
        timeout: '600s',
        serviceAccount: `mgmt@${project}.iam.gserviceaccount.com`,
        vpcAccess,
      },
    },
    observedGeneration: '1',
    executionCount: 4,
    etag: '"CJjW7c8C"',
  };
}

const effective = (project: string, net: string) => ({
  firewalls: [firewall(project, `${net}-allow-internal`, net, { direction: 'INGRESS', sourceRanges: ['10.0.0.0/8'], allowed: [{ IPProtocol: 'all' }] })],
  firewallPolicys: [
    {
      name: '123456789012',
      shortName: 'org-baseline',
      type: 'HIERARCHY',
      rules: [
        { priority: 1000, direction: 'EGRESS', action: 'goto_next', match: { destIpRanges: ['0.0.0.0/0'], layer4Configs: [{ ipProtocol: 'all' }] } },
      ],
    },
  ],
});

export function buildWorld(): World {
  const svcNets = ['my-vpc', 'default', 'batch-vpc'];
  return {
    'svc-proj': {
      networks: svcNets.map((n, i) => network('svc-proj', n, `500000000000000000${i}`, n === 'my-vpc'
        ? { peerings: [{ name: 'servicenetworking-googleapis-com', network: `${C}/sn-tenant/global/networks/servicenetworking`, state: 'ACTIVE', exportCustomRoutes: false, importCustomRoutes: false, exchangeSubnetRoutes: true }] }
        : {})),
      subnetworks: [
        subnetwork('svc-proj', 'europe-west2', 'my-subnet', 'my-vpc', '10.10.0.0/24', { secondaryIpRanges: [{ rangeName: 'pods', ipCidrRange: '10.20.0.0/20' }] }),
        subnetwork('svc-proj', 'europe-west1', 'ew1', 'my-vpc', '10.11.0.0/24'),
        subnetwork('svc-proj', 'us-central1', 'uc1', 'my-vpc', '10.12.0.0/24'),
        subnetwork('svc-proj', 'europe-west2', 'default', 'default', '10.154.0.0/20'),
        subnetwork('svc-proj', 'us-central1', 'batch', 'batch-vpc', '10.13.0.0/24'),
      ],
      firewalls: [
        firewall('svc-proj', 'deny-all-egress', 'my-vpc', { direction: 'EGRESS', priority: 65000, destinationRanges: ['0.0.0.0/0'], denied: [{ IPProtocol: 'all' }] }),
        firewall('svc-proj', 'allow-github', 'my-vpc', { direction: 'EGRESS', priority: 900, destinationRanges: ['140.82.112.0/20'], allowed: [{ IPProtocol: 'tcp', ports: ['443'] }], targetTags: ['vpc-connector'] }),
        firewall('svc-proj', 'default-allow-internal', 'default', { direction: 'INGRESS', priority: 65534, sourceRanges: ['10.128.0.0/9'], allowed: [{ IPProtocol: 'tcp', ports: ['0-65535'] }, { IPProtocol: 'icmp' }] }),
      ],
      routes: svcNets.map((n) => defaultRoute('svc-proj', n)),
      routers: [
        router('svc-proj', 'europe-west2', 'nat-router', 'my-vpc', [
          { name: 'nat-ew2', type: 'PUBLIC', natIpAllocateOption: 'MANUAL_ONLY', natIps: [`${C}/svc-proj/regions/europe-west2/addresses/nat-ip-1`], sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES', endpointTypes: ['ENDPOINT_TYPE_VM'], minPortsPerVm: 64 },
        ]),
        router('svc-proj', 'us-central1', 'bgp-only', 'batch-vpc', []),
      ],
      addresses: [
        { kind: 'compute#address', name: 'google-managed-services-my-vpc', address: '10.200.0.0', prefixLength: 16, addressType: 'INTERNAL', purpose: 'VPC_PEERING', network: `${C}/svc-proj/global/networks/my-vpc`, status: 'RESERVED', selfLink: `${C}/svc-proj/global/addresses/google-managed-services-my-vpc` },
        { kind: 'compute#address', name: 'lb-ip', address: '34.120.0.10', addressType: 'EXTERNAL', status: 'IN_USE', selfLink: `${C}/svc-proj/global/addresses/lb-ip` },
      ],
      firewallPolicies: [
        { kind: 'compute#firewallPolicy', name: 'global-policy', rules: [{ priority: 100, direction: 'EGRESS', action: 'deny', match: { destFqdns: ['example.com'] } }], associations: [{ name: 'a1', attachmentTarget: `${C}/svc-proj/global/networks/my-vpc` }], selfLink: `${C}/svc-proj/global/firewallPolicies/global-policy` },
        { kind: 'compute#firewallPolicy', name: 'ew2-policy', region: `${C}/svc-proj/regions/europe-west2`, rules: [], selfLink: `${C}/svc-proj/regions/europe-west2/firewallPolicies/ew2-policy` },
      ],
      effectiveFirewalls: Object.fromEntries(svcNets.map((n) => [n, effective('svc-proj', n)])),
      vpcaccessLocations: REGIONS,
      connectors: [
        connector('svc-proj', 'europe-west2', 'vpc-conn-europe', { network: 'my-vpc', ipCidrRange: '10.8.0.0/28', connectedProjects: ['svc-proj'] }),
      ],
      runLocations: REGIONS,
      services: [
        service('svc-proj', '111111111111', 'europe-west1', 'api', { connector: 'projects/host-proj/locations/europe-west1/connectors/shared-conn', egress: 'ALL_TRAFFIC' }),
        service('svc-proj', '111111111111', 'europe-west1', 'worker', undefined),
        service('svc-proj', '111111111111', 'europe-west1', 'admin', { connector: 'projects/host-proj/locations/europe-west1/connectors/shared-conn', egress: 'PRIVATE_RANGES_ONLY' }),
        service('svc-proj', '111111111111', 'europe-west2', 'web', {
          egress: 'ALL_TRAFFIC',
          networkInterfaces: [{ network: 'projects/host-proj/global/networks/shared-vpc', subnetwork: 'projects/host-proj/regions/europe-west2/subnetworks/run-subnet', tags: ['run-web'] }],
        }),
      ],
      jobs: [
        job('svc-proj', 'europe-west2', 'my-agent-4', { connector: 'projects/svc-proj/locations/europe-west2/connectors/vpc-conn-europe', egress: 'ALL_TRAFFIC' }),
      ],
    },
    'svc2-proj': {
      vpcaccessLocations: ['europe-west1'],
      runLocations: ['europe-west1'],
      services: [
        service('svc2-proj', '222222222222', 'europe-west1', 'billing', { connector: 'projects/host-proj/locations/europe-west1/connectors/shared-conn', egress: 'ALL_TRAFFIC' }),
      ],
    },
    'host-proj': {
      networks: [network('host-proj', 'shared-vpc', '6000000000000000001')],
      subnetworks: [
        subnetwork('host-proj', 'europe-west2', 'run-subnet', 'shared-vpc', '10.30.0.0/26'),
        subnetwork('host-proj', 'europe-west1', 'conn-subnet', 'shared-vpc', '10.31.0.0/28'),
      ],
      firewalls: [
        firewall('host-proj', 'allow-egress-443', 'shared-vpc', { direction: 'EGRESS', destinationRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['443'] }] }),
      ],
      routes: [defaultRoute('host-proj', 'shared-vpc')],
      routers: [
        router('host-proj', 'europe-west1', 'nat-ew1', 'shared-vpc', [
          { name: 'nat', natIpAllocateOption: 'AUTO_ONLY', sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [{ name: `${C}/host-proj/regions/europe-west1/subnetworks/conn-subnet`, sourceIpRangesToNat: ['ALL_IP_RANGES'] }] },
        ]),
      ],
      addresses: [],
      firewallPolicies: [],
      effectiveFirewalls: { 'shared-vpc': effective('host-proj', 'shared-vpc') },
      vpcaccessLocations: ['europe-west1'],
      connectors: [
        connector('host-proj', 'europe-west1', 'shared-conn', { subnet: { name: 'conn-subnet', projectId: 'host-proj' }, connectedProjects: ['svc-proj', 'svc2-proj'] }),
      ],
      runLocations: [],
    },
  };
}
