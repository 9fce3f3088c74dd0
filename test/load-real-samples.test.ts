// The loader reads what the Google APIs really return (recorded responses in ../shared/real-api-samples).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../src/load/index.js';
import { firewallIdOf } from '../src/load/normalise.js';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON } from './helpers/shared.js';

const SAMPLES = join(SHARED, 'real-api-samples');
const C = '//compute.googleapis.com/projects';

describe.skipIf(!HAS_SHARED)(`real API samples${SHARED_SKIP_REASON}`, () => {
  it('loads every sample file, one by one and all together', async () => {
    const dirs = readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(dirs.length).toBeGreaterThanOrEqual(4);
    for (const d of dirs)
      for (const f of readdirSync(join(SAMPLES, d.name)).filter((f) => f.endsWith('.json'))) await loadPaths([join(SAMPLES, d.name, f)]);
    const all = await loadPaths([SAMPLES]);
    expect(all.networks.map((n) => n.id)).toEqual([
      `${C}/gcpdiag-fw-policy-aaaa/global/networks/default`,
      `${C}/gcpdiag-gke1-aaaa/global/networks/default`,
      `${C}/gcpdiag-nat1-aaaa/global/networks/nat-vpc-network`,
    ]);
  });

  it('gke1: aggregated subnetworks, routes with the default internet route, regional routers, coverage', async () => {
    const m = await loadPaths([join(SAMPLES, 'gke1')]);
    expect(m.networks[0]!.autoCreateSubnetworks).toBe(true);
    const asia = m.subnetworks.find((s) => s.id === `${C}/gcpdiag-gke1-aaaa/regions/asia-east1/subnetworks/default`)!;
    expect(asia.range.text).toBe('10.140.0.0/20');
    expect(asia.network).toBe(`${C}/gcpdiag-gke1-aaaa/global/networks/default`);
    const internet = m.routes.filter((r) => r.destRange.text === '0.0.0.0/0');
    expect(internet.map((r) => r.nextHop.kind)).toContain('internet-gateway');
    expect(m.routes.filter((r) => r.nextHop.kind === 'network').length).toBeGreaterThan(30);
    expect(m.coverage.has('routes', 'gcpdiag-gke1-aaaa')).toBe(true);
    expect(m.coverage.has('routers', 'gcpdiag-gke1-aaaa', 'europe-west4')).toBe(true);
    // Routers were listed for one region only: other regions stay unknown, not empty.
    expect(m.coverage.has('routers', 'gcpdiag-gke1-aaaa', 'us-central1')).toBe(false);
    expect(m.coverage.has('firewalls', 'gcpdiag-gke1-aaaa')).toBe(false);
  });

  it('nat1: routers embed NATs with manual IPs and subnet coverage', async () => {
    const m = await loadPaths([join(SAMPLES, 'nat1')]);
    const router = m.routers.find((r) => r.region === 'europe-west4')!;
    expect(router.network).toBe(`${C}/gcpdiag-nat1-aaaa/global/networks/nat-vpc-network`);
    expect(router.nats[0]).toMatchObject({
      name: 'public-nat-gateway',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      natIpAllocateOption: 'MANUAL_ONLY',
      natIps: [`${C}/gcpdiag-nat1-aaaa/regions/europe-west4/addresses/public-nat-ip-1`],
      minPortsPerVm: 32000,
    });
  });

  it('fw-policy: getEffectiveFirewalls gives VPC rules and hierarchical policies in order', async () => {
    const m = await loadPaths([join(SAMPLES, 'fw-policy')]);
    const net = `${C}/gcpdiag-fw-policy-aaaa/global/networks/default`;
    expect(m.firewalls.length).toBeGreaterThan(5);
    expect(m.firewalls.every((f) => f.network === net)).toBe(true);
    const deny = m.firewalls.find((f) => f.name === 'fw-test-950')!;
    expect(deny).toMatchObject({ action: 'deny', direction: 'INGRESS', priority: 950 });
    expect(deny.matches).toEqual([{ protocol: 'tcp', ports: [{ from: 1006, to: 1006 }] }]);
    const hier = m.firewallPolicies.filter((p) => p.kind === 'HIERARCHY').sort((a, b) => a.order - b.order);
    expect(hier.map((p) => p.name)).toEqual(['parent-folder-policy', 'sub-folder-policy', 'test-sorting-same-ip-policy']);
    expect(hier.every((p) => p.networks.includes(net))).toBe(true);
    expect(m.coverage.hasNetwork('effectiveFirewalls', net)).toBe(true);
    const gotoNext = hier[0]!.rules.find((r) => r.action === 'goto_next')!;
    expect(gotoNext.destRanges[0]!.family).toBe(6);
    // The ids the loader tells from the response's raw rules (to skip copies a firewalls list holds) are the model's.
    const response = JSON.parse(readFileSync(join(SAMPLES, 'fw-policy', 'compute-effective-firewalls-default.json'), 'utf8'));
    expect(response.firewalls.map(firewallIdOf).sort()).toEqual(m.firewalls.map((f) => f.id));
  });

  it('cloudrun1: a Run v2 service without VPC access', async () => {
    const m = await loadPaths([join(SAMPLES, 'cloudrun1')]);
    expect(m.workloads).toHaveLength(1);
    expect(m.workloads[0]).toMatchObject({
      id: '//run.googleapis.com/projects/gcpdiag-cloudrun1-aaaa/locations/us-central1/services/cloudrun1',
      kind: 'service',
      region: 'us-central1',
      connector: undefined,
      egress: undefined,
      networkInterfaces: [],
    });
    expect(m.coverage.has('services', 'gcpdiag-cloudrun1-aaaa')).toBe(true);
  });
});
