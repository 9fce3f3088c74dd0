import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { InputError, parseTerraformPlan } from '../src/deploy/index.js';

const dir = 'fixtures/deploy/terraform';
const file = `${dir}/plan.json`;
const text = readFileSync(file, 'utf8');
const API = 'https://www.googleapis.com/compute/v1/projects/myproject';

describe('a Terraform plan of the seed setup', () => {
  const input = parseTerraformPlan(file, text, {});
  const byAddress = (address: string) => input.resources.find((r) => r.address === address)!;

  test('the job: its connector, unknown until apply, resolved from the configuration', () => {
    const job = byAddress('google_cloud_run_v2_job.agent');
    expect(job.raw).toEqual({
      name: 'projects/myproject/locations/europe-west2/jobs/my-agent-4',
      template: {
        taskCount: 1,
        parallelism: 0,
        template: { vpcAccess: { connector: 'projects/myproject/locations/europe-west2/connectors/vpc-conn-europe', egress: 'ALL_TRAFFIC' }, serviceAccount: 'mgmt@myproject.iam.gserviceaccount.com', maxRetries: 3, timeout: '600s' },
      },
    });
    expect(job.unknownFields).toEqual([]);
    expect(job.resource).toBe('//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4');
    expect(job.source).toEqual({ file, pointer: '/planned_values/root_module/resources/0', line: 7 });
  });

  test('connector, subnet and router (network resolved through the configuration), NAT laid into its router', () => {
    expect(byAddress('google_vpc_access_connector.conn').raw).toEqual({
      name: 'projects/myproject/locations/europe-west2/connectors/vpc-conn-europe',
      network: 'my-vpc',
      ipCidrRange: '10.8.0.0/28',
      minInstances: 2,
      maxInstances: 10,
      machineType: 'e2-micro',
      state: 'READY',
    });
    const subnet = byAddress('module.net.google_compute_subnetwork.subnet');
    expect(subnet.raw).toEqual({
      kind: 'compute#subnetwork',
      name: 'my-subnet',
      selfLink: `${API}/regions/europe-west2/subnetworks/my-subnet`,
      region: `${API}/regions/europe-west2`,
      network: `${API}/global/networks/my-vpc`,
      ipCidrRange: '10.10.0.0/24',
      purpose: 'PRIVATE',
    });
    expect(subnet.unknownFields).toEqual(['privateIpGoogleAccess']);
    const router = byAddress('module.net.google_compute_router.router');
    expect(router.patch).toBeUndefined();
    expect(router.raw.nats).toEqual([
      { name: 'nat-europe', type: 'PUBLIC', sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES', natIpAllocateOption: 'AUTO_ONLY', enableDynamicPortAllocation: false },
    ]);
    expect(router.raw.network).toBe(`${API}/global/networks/my-vpc`);
    expect(router.unknownFields).toEqual(['minPortsPerVm']);
    expect(input.resources.some((r) => r.address === 'module.net.google_compute_router_nat.nat')).toBe(false);
  });

  test('deletions', () => {
    expect(input.deletions).toEqual([
      { resource: '//compute.googleapis.com/projects/myproject/global/firewalls/allow-all-egress', source: { file, pointer: '/resource_changes/2', line: expect.any(Number) } },
    ]);
  });

  test('with tfDir, sources are the resource blocks in .tf files', () => {
    const mapped = parseTerraformPlan(file, text, { tfDir: dir });
    const at = (address: string) => mapped.resources.find((r) => r.address === address)!.source;
    expect(at('google_cloud_run_v2_job.agent')).toEqual({ file: `${dir}/main.tf`, pointer: '', line: 17 });
    expect(at('module.net.google_compute_subnetwork.subnet')).toEqual({ file: `${dir}/modules/net/main.tf`, pointer: '', line: 6 });
  });
});

describe('a NAT whose router is not in the plan', () => {
  test('is a patch of the router', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'google_compute_router_nat.nat',
              mode: 'managed',
              type: 'google_compute_router_nat',
              name: 'nat',
              values: { name: 'nat-1', router: 'r1', region: 'europe-west2', project: 'p', source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS', subnetwork: [{ name: 'projects/p/regions/europe-west2/subnetworks/s1', source_ip_ranges_to_nat: ['PRIMARY_IP_RANGE'], secondary_ip_range_names: [] }] },
            },
          ],
        },
      },
      resource_changes: [],
    };
    const [nat] = parseTerraformPlan('p.json', JSON.stringify(plan), {}).resources;
    expect(nat).toMatchObject({ resource: '//compute.googleapis.com/projects/p/regions/europe-west2/routers/r1', patch: true, patchFields: ['nats[name=nat-1]'] });
    expect(nat!.raw.nats).toEqual([
      {
        name: 'nat-1',
        sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
        subnetworks: [{ name: 'https://www.googleapis.com/compute/v1/projects/p/regions/europe-west2/subnetworks/s1', sourceIpRangesToNat: ['PRIMARY_IP_RANGE'] }],
      },
    ]);
  });
});

describe('input errors', () => {
  test('not JSON', () => {
    expect(() => parseTerraformPlan('bad.json', '{"format_version": ', {})).toThrow(InputError);
  });
  test('JSON that is not a plan', () => {
    expect(() => parseTerraformPlan('state.json', '{"kind":"compute#network"}', {})).toThrow(/not a Terraform plan/);
  });
});
