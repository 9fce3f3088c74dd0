// The Google API clients of the live collector: loaded lazily (the compute package costs ~1 s to import),
// built once per endpoint configuration and shared. Compute classes are deep-imported: the package index loads
// every v1 and v1beta client (the package has no exports map, so the path is pinned to @google-cloud/compute 7.x).
import type { AuthClient } from 'google-auth-library';
import type { FirewallsClient } from '@google-cloud/compute/build/src/v1/firewalls_client.js';
import type { GlobalAddressesClient } from '@google-cloud/compute/build/src/v1/global_addresses_client.js';
import type { NetworkFirewallPoliciesClient } from '@google-cloud/compute/build/src/v1/network_firewall_policies_client.js';
import type { NetworksClient } from '@google-cloud/compute/build/src/v1/networks_client.js';
import type { RoutersClient } from '@google-cloud/compute/build/src/v1/routers_client.js';
import type { RoutesClient } from '@google-cloud/compute/build/src/v1/routes_client.js';
import type { SubnetworksClient } from '@google-cloud/compute/build/src/v1/subnetworks_client.js';
import type { VpcAccessServiceClient } from '@google-cloud/vpc-access';
import type { JobsClient, ServicesClient } from '@google-cloud/run';
import type { AssetServiceClient } from '@google-cloud/asset';

export interface Clients {
  networks: NetworksClient;
  subnetworks: SubnetworksClient;
  firewalls: FirewallsClient;
  routes: RoutesClient;
  routers: RoutersClient;
  globalAddresses: GlobalAddressesClient;
  firewallPolicies: NetworkFirewallPoliciesClient;
  vpcAccess: VpcAccessServiceClient;
  services: ServicesClient;
  jobs: JobsClient;
}

/** A user-facing error (bad endpoint, no credentials): the CLI prints its message, not a stack trace. */
export class LiveSetupError extends Error {
  override name = 'LiveSetupError';
}

export const ENDPOINT_VARS = {
  compute: 'EGRESS_LINT_ENDPOINT_COMPUTE',
  vpcaccess: 'EGRESS_LINT_ENDPOINT_VPCACCESS',
  run: 'EGRESS_LINT_ENDPOINT_RUN',
  asset: 'EGRESS_LINT_ENDPOINT_ASSET',
} as const;
type Api = keyof typeof ENDPOINT_VARS;

interface Endpoint {
  apiEndpoint: string;
  port: number;
  protocol: 'http' | 'https';
  /** Plain http to a loopback address: an emulator, which gets no credentials. */
  emulator: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function parseEndpoint(variable: string, value: string): Endpoint {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LiveSetupError(`${variable}=${value} is not a URL (expected e.g. http://127.0.0.1:8080 or https://compute.example.com)`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '')) {
    throw new LiveSetupError(`${variable}=${value}: give only scheme, host and port (http:// or https://)`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const emulator = protocol === 'http' && LOOPBACK.test(url.hostname);
  if (protocol === 'http' && !emulator) {
    throw new LiveSetupError(`${variable}=${value}: plain http is only allowed to a loopback address (credentials would be sent in clear)`);
  }
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { apiEndpoint: url.hostname, port, protocol, emulator };
}

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

/** Application Default Credentials, resolved once, with a failure turned into a LiveSetupError. */
let adc: Promise<AuthClient> | undefined;
function applicationDefaultCredentials(): Promise<AuthClient> {
  adc ??= (async () => {
    const { GoogleAuth } = await import('google-auth-library');
    try {
      return await new GoogleAuth({ scopes: SCOPES }).getClient();
    } catch (err) {
      adc = undefined;
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new LiveSetupError(
        `Could not load Google Cloud credentials (${reason}). ` +
          'Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file.',
      );
    }
  })();
  return adc;
}

async function clientOptions(api: Api, env: NodeJS.ProcessEnv) {
  const value = env[ENDPOINT_VARS[api]];
  const endpoint = value ? parseEndpoint(ENDPOINT_VARS[api], value) : undefined;
  let authClient: AuthClient;
  if (endpoint?.emulator) {
    const { PassThroughClient } = await import('google-auth-library');
    authClient = new PassThroughClient();
  } else {
    authClient = await applicationDefaultCredentials();
  }
  const target = endpoint ? { apiEndpoint: endpoint.apiEndpoint, port: endpoint.port, protocol: endpoint.protocol } : {};
  return { ...target, fallback: true, authClient };
}

const cache = new Map<string, Promise<Clients>>();

/** The shared clients for the endpoints configured in env (EGRESS_LINT_ENDPOINT_*; Google's endpoints when unset). */
export function getClients(env: NodeJS.ProcessEnv): Promise<Clients> {
  const key = Object.values(ENDPOINT_VARS).map((v) => env[v] ?? '').join('|');
  let clients = cache.get(key);
  if (!clients) {
    clients = createClients(env);
    cache.set(key, clients);
    clients.catch(() => cache.delete(key));
  }
  return clients;
}

async function createClients(env: NodeJS.ProcessEnv): Promise<Clients> {
  const [compute, vpcaccess, run] = await Promise.all([
    clientOptions('compute', env),
    clientOptions('vpcaccess', env),
    clientOptions('run', env),
  ]);
  const [networks, subnetworks, firewalls, routes, routers, globalAddresses, firewallPolicies, vpcAccessModule, runModule] =
    await Promise.all([
      import('@google-cloud/compute/build/src/v1/networks_client.js'),
      import('@google-cloud/compute/build/src/v1/subnetworks_client.js'),
      import('@google-cloud/compute/build/src/v1/firewalls_client.js'),
      import('@google-cloud/compute/build/src/v1/routes_client.js'),
      import('@google-cloud/compute/build/src/v1/routers_client.js'),
      import('@google-cloud/compute/build/src/v1/global_addresses_client.js'),
      import('@google-cloud/compute/build/src/v1/network_firewall_policies_client.js'),
      import('@google-cloud/vpc-access'),
      import('@google-cloud/run'),
    ]);
  return {
    networks: new networks.NetworksClient(compute),
    subnetworks: new subnetworks.SubnetworksClient(compute),
    firewalls: new firewalls.FirewallsClient(compute),
    routes: new routes.RoutesClient(compute),
    routers: new routers.RoutersClient(compute),
    globalAddresses: new globalAddresses.GlobalAddressesClient(compute),
    firewallPolicies: new firewallPolicies.NetworkFirewallPoliciesClient(compute),
    vpcAccess: new vpcAccessModule.VpcAccessServiceClient(vpcaccess),
    services: new runModule.ServicesClient(run),
    jobs: new runModule.JobsClient(run),
  };
}

/** The Cloud Asset Inventory client: loaded only by organisation mode (scan/snapshot --organization|--folder). */
export async function getAssetClient(env: NodeJS.ProcessEnv): Promise<AssetServiceClient> {
  const [options, { AssetServiceClient }] = await Promise.all([clientOptions('asset', env), import('@google-cloud/asset')]);
  return new AssetServiceClient(options);
}
