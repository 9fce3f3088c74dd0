// Broken variants of the bundled example for the engine and output tests: each the seed snapshot plus
// the few resources it changes (fixture-case.ts), defined here so that these tests do not depend on
// the rule fixtures (fixtures/rules), which change with their rules.
import { loadPaths } from '../../src/load/index.js';
import type { Model } from '../../src/model.js';
import { materialise, SEED_BASE, type FileChange, type FixtureCase } from './fixture-case.js';

const COMPUTE = 'https://www.googleapis.com/compute/v1/projects/myproject/';
const JOB = 'projects/myproject/locations/europe-west2/jobs/my-agent-4';
const CONNECTOR = 'projects/myproject/locations/europe-west2/connectors/vpc-conn-europe';
const NETWORK = `${COMPUTE}global/networks/my-vpc`;

/** The written-out variant, loaded as `egress-lint check` loads it. */
export async function loadVariant(c: FixtureCase): Promise<Model> {
  return loadPaths(materialise(c).paths);
}

const seed = (change: Record<string, FileChange>, rest: Omit<FixtureCase, 'base' | 'change'> = {}): FixtureCase => ({ base: SEED_BASE, change, ...rest });

/** The seed job's vpcAccess, merged (null deletes a field). */
const jobVpcAccess = (vpcAccess: Record<string, unknown>): FileChange => ({ merge: [{ name: JOB, template: { template: { vpcAccess } } }] });
const DIRECT_VPC = { networkInterfaces: [{ network: 'my-vpc', subnetwork: 'my-subnet' }], connector: null };

/** The seed's Cloud NAT with some fields changed (a router's nats are one list, replaced whole). */
const seedNat = (fields: Record<string, unknown>): FileChange => ({
  merge: [
    {
      name: 'nat-router-europe',
      nats: [
        {
          name: 'nat-europe',
          type: 'PUBLIC',
          endpointTypes: ['ENDPOINT_TYPE_VM'],
          sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
          natIpAllocateOption: 'AUTO_ONLY',
          enableDynamicPortAllocation: false,
          enableEndpointIndependentMapping: false,
          logConfig: { enable: false, filter: 'ALL' },
          ...fields,
        },
      ],
    },
  ],
});
const natListing = (subnet: string): FileChange =>
  seedNat({ sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [{ name: `${COMPUTE}regions/europe-west2/subnetworks/${subnet}`, sourceIpRangesToNat: ['ALL_IP_RANGES'] }] });

/** A firewall rule denying all egress of the connectors (network tag vpc-connector) at priority 900. */
export const DENY_ALL_CONNECTOR_EGRESS = seed({
  'firewalls.json': {
    add: [
      {
        kind: 'compute#firewall',
        name: 'deny-all-egress',
        network: NETWORK,
        selfLink: `${COMPUTE}global/firewalls/deny-all-egress`,
        targetTags: ['vpc-connector'],
        direction: 'EGRESS',
        priority: 900,
        destinationRanges: ['0.0.0.0/0'],
        denied: [{ IPProtocol: 'all' }],
      },
    ],
  },
});

/** The job on Direct VPC egress in my-subnet, and no Cloud Router at all. */
export const DIRECT_VPC_WITHOUT_NAT = seed({ 'jobs.json': jobVpcAccess(DIRECT_VPC), 'routers.json': { remove: ['nat-router-europe'] } });

/** The seed's Cloud Router and NAT in us-central1 instead of the job's europe-west2. */
export const NAT_IN_OTHER_REGION = seed({
  'routers.json': { merge: [{ name: 'nat-router-europe', region: `${COMPUTE}regions/us-central1`, selfLink: `${COMPUTE}regions/us-central1/routers/nat-router-europe` }] },
});

/** The job on Direct VPC in my-subnet; the NAT translates only other-subnet. */
export const NAT_LISTING_OTHER_SUBNETS = seed({ 'jobs.json': jobVpcAccess(DIRECT_VPC), 'routers.json': natListing('other-subnet') });

/** The job through the connector; the NAT lists my-subnet only, never the connector's range. */
export const NAT_NOT_LISTING_CONNECTOR_RANGE = seed({ 'routers.json': natListing('my-subnet') });

/** The default route to the internet deleted. */
export const DEFAULT_ROUTE_DELETED = seed({ 'routes.json': { remove: ['default-route-0d2b7bd7a4e7a1b1'] } });

/** private-ranges-only egress, and a NAT with a static address the job's public traffic never uses. */
export const PRIVATE_RANGES_ONLY_WITH_STATIC_NAT = seed({
  'jobs.json': jobVpcAccess({ egress: 'PRIVATE_RANGES_ONLY' }),
  'routers.json': seedNat({ natIpAllocateOption: 'MANUAL_ONLY', natIps: [`${COMPUTE}regions/europe-west2/addresses/nat-ip-1`] }),
});

/** The connector in state ERROR. */
export const CONNECTOR_IN_ERROR = seed({ 'connectors.json': { merge: [{ name: CONNECTOR, state: 'ERROR' }] } });

/** The job sets both the connector and a Direct VPC network interface. */
export const CONNECTOR_AND_DIRECT_VPC = seed({ 'jobs.json': jobVpcAccess({ networkInterfaces: [{ network: 'my-vpc', subnetwork: 'my-subnet' }] }) });

/** A default route to a proxy VM, above the internet gateway's, for every instance. */
export const PROXY_DEFAULT_ROUTE = seed({
  'routes.json': {
    add: [
      {
        kind: 'compute#route',
        name: 'to-proxy',
        network: NETWORK,
        destRange: '0.0.0.0/0',
        priority: 900,
        nextHopInstance: `${COMPUTE}zones/europe-west2-a/instances/proxy-vm`,
        routeType: 'STATIC',
        selfLink: `${COMPUTE}global/routes/to-proxy`,
      },
    ],
  },
});

/** Cloud Routers not collected: the NAT is unknown. */
export const ROUTERS_NOT_COLLECTED: FixtureCase = { base: SEED_BASE, drop: ['routers.json'] };

/** A second connector on the seed connector's range. */
export const SECOND_CONNECTOR_SAME_RANGE = seed({
  'connectors.json': {
    add: [
      {
        name: 'projects/myproject/locations/europe-west2/connectors/vpc-conn-two',
        network: 'my-vpc',
        ipCidrRange: '10.8.0.0/28',
        state: 'READY',
        minThroughput: 200,
        maxThroughput: 1000,
        minInstances: 2,
        maxInstances: 10,
        machineType: 'e2-micro',
        connectedProjects: ['myproject'],
      },
    ],
  },
});

/** The connector's range moved inside my-subnet (10.154.0.0/20). */
export const CONNECTOR_INSIDE_SUBNET = seed({ 'connectors.json': { merge: [{ name: CONNECTOR, ipCidrRange: '10.154.0.16/28' }] } });

/** A private services access range (10.8.0.0/16) over the connector's range. */
export const PSA_RANGE_OVER_CONNECTOR = seed({
  'addresses.json': {
    add: [
      {
        kind: 'compute#address',
        id: '9100000000000000001',
        name: 'google-managed-services-my-vpc',
        address: '10.8.0.0',
        prefixLength: 16,
        addressType: 'INTERNAL',
        purpose: 'VPC_PEERING',
        status: 'RESERVED',
        network: NETWORK,
        selfLink: `${COMPUTE}global/addresses/google-managed-services-my-vpc`,
      },
    ],
  },
});

/** The job on Direct VPC in my-subnet shrunk to a /27. */
export const DIRECT_VPC_IN_SLASH_27 = seed({
  'jobs.json': jobVpcAccess(DIRECT_VPC),
  'subnetworks.json': { merge: [{ name: 'my-subnet', ipCidrRange: '10.154.0.0/27' }] },
});

/** The job as the Cloud Run Admin API v1 returns it (Knative), its annotations setting both a connector and a Direct VPC interface. */
const RUN_V1_JOB = {
  apiVersion: 'run.googleapis.com/v1',
  kind: 'Job',
  metadata: {
    name: 'my-agent-4',
    namespace: '123456789012',
    labels: { 'cloud.googleapis.com/location': 'europe-west2' },
    annotations: { 'run.googleapis.com/launch-stage': 'GA' },
  },
  spec: {
    template: {
      metadata: {
        annotations: {
          'run.googleapis.com/vpc-access-connector': 'vpc-conn-europe',
          'run.googleapis.com/vpc-access-egress': 'all-traffic',
          'run.googleapis.com/network-interfaces': '[{"network":"my-vpc","subnetwork":"my-subnet","tags":["agents"]}]',
        },
      },
      spec: {
        taskCount: 1,
        template: {
          spec: {
            maxRetries: 3,
            timeoutSeconds: '600',
            serviceAccountName: 'mgmt@myproject.iam.gserviceaccount.com',
            containers: [{ image: 'europe-west2-docker.pkg.dev/myproject/agents/my-agent:latest' }],
          },
        },
      },
    },
  },
};
/** The seed with its jobs list replaced by the v1 job above. */
export const RUN_V1_JOB_CONNECTOR_AND_DIRECT_VPC: FixtureCase = { base: SEED_BASE, files: { 'jobs.json': `${JSON.stringify([RUN_V1_JOB], null, 2)}\n` } };

/** A gcloud deploy script setting both --vpc-connector and --network (line 5) and, for a service, --vpc-connector and --subnet (line 8). */
export const VPC_MODE_CONFLICT_SCRIPT = [
  '#!/bin/sh',
  'gcloud run jobs deploy my-agent-4 \\',
  '  --region=europe-west2 \\',
  '  --vpc-connector=vpc-conn-europe \\',
  '  --network=my-vpc \\',
  '  --subnet=my-subnet \\',
  '  --vpc-egress=all-traffic',
  'gcloud beta run deploy web --region europe-west2 --vpc-connector vpc-conn-europe --subnet my-subnet',
  '',
].join('\n');
