// Organisation mode against the local emulator, through the real @google-cloud/asset and compute clients (no mocks).
import { describe, expect, test } from 'vitest';
import { collectOrganization, collectSnapshot, serializeBundle, LiveSetupError, type OrganizationOptions } from '../src/live/index.js';
import type { Bundle } from '../src/load/bundle.js';
import { buildModel } from '../src/load/index.js';
import type { Model } from '../src/model.js';
import { buildWorld, SECRET_VALUES } from './emulator/data/world.js';
import { emulatorPerTest } from './emulator/per-test.js';
import type { EmulatorOptions } from './emulator/server.js';

const startTestEmulator = emulatorPerTest();

async function organization(options: EmulatorOptions = {}, collect: Partial<OrganizationOptions> = {}) {
  const emu = await startTestEmulator(options);
  const bundle = await collectOrganization({ parent: 'organizations/123', env: emu.env, timeoutMs: 5000, ...collect });
  return { bundle, emu };
}

const model = (bundle: Bundle) => buildModel([{ file: 'org.json', value: bundle }]);
const ids = (m: Model) =>
  Object.fromEntries((['networks', 'subnetworks', 'firewalls', 'routes', 'routers', 'addresses', 'firewallPolicies', 'connectors', 'workloads'] as const).map((k) => [k, m[k].map((r) => r.id)]));
const PROJECTS = ['host-proj', 'svc-proj', 'svc2-proj'];
const ASSET_COLLECTIONS = ['networks', 'subnetworks', 'firewalls', 'routes', 'routers', 'addresses', 'firewallPolicies', 'connectors', 'services', 'jobs'];

describe('collectOrganization against the emulator', () => {
  test('only GETs, one paged listing per asset type, effective firewalls per network, coverage for every project seen', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const { bundle, emu } = await organization().finally(() => process.off('warning', onWarning));
    expect(warnings.filter((w) => /Autopaginate/i.test(w))).toEqual([]);
    expect(emu.log.every((r) => r.method === 'GET' && !r.authorization)).toBe(true);
    const listings = emu.log.filter((r) => r.api === 'asset');
    expect(listings.every((r) => r.path === '/v1/organizations/123/assets' && r.query.contentType === '1')).toBe(true);
    // maxPageSize 2: 4 networks → 2 pages, 7 subnetworks → 4 pages; every page after the first carries its token.
    const pagesOf = (type: string) => listings.filter((r) => r.query.assetTypes === type).map((r) => r.query.pageToken);
    expect(pagesOf('compute.googleapis.com/Network')).toEqual([undefined, 'PAGE-2']);
    expect(pagesOf('compute.googleapis.com/Subnetwork')).toEqual([undefined, 'PAGE-2', 'PAGE-4', 'PAGE-6']);
    expect(new Set(listings.map((r) => r.query.assetTypes)).size).toBe(12);
    expect(emu.log.filter((r) => r.api === 'compute').map((r) => r.path).sort()).toEqual([
      '/compute/v1/projects/host-proj/global/networks/shared-vpc/getEffectiveFirewalls',
      '/compute/v1/projects/svc-proj/global/networks/batch-vpc/getEffectiveFirewalls',
      '/compute/v1/projects/svc-proj/global/networks/default/getEffectiveFirewalls',
      '/compute/v1/projects/svc-proj/global/networks/my-vpc/getEffectiveFirewalls',
    ]);
    expect(emu.log.filter((r) => r.api === 'run' || r.api === 'vpcaccess')).toEqual([]);
    expect(bundle.failures).toEqual([]);
    expect(bundle.projects).toEqual([
      { projectId: 'host-proj', projectNumber: '333333333333' },
      { projectId: 'svc-proj', projectNumber: '111111111111' },
      { projectId: 'svc2-proj', projectNumber: '222222222222' },
    ]);
    // svc2-proj has only a Run service, yet the listing proves it has no networks, connectors...
    for (const project of PROJECTS) {
      for (const collection of [...ASSET_COLLECTIONS, ...(project === 'svc2-proj' ? [] : ['effectiveFirewalls'])]) {
        expect(bundle.coverage).toContainEqual({ collection, project });
      }
    }
  });

  test('the snapshot gives the same model as the per-project live collector', async () => {
    const { bundle, emu } = await organization();
    const live = await collectSnapshot({ projects: PROJECTS, follow: false, env: emu.env, timeoutMs: 5000 });
    const [fromAssets, fromLive] = [model(bundle), model(live)];
    expect(ids(fromAssets)).toEqual(ids(fromLive));
    expect(fromAssets.workloads.map(({ source: _, ...w }) => w)).toEqual(fromLive.workloads.map(({ source: _, ...w }) => w));
    expect(fromAssets.firewallPolicies.find((p) => p.kind === 'HIERARCHY')?.networks).toHaveLength(4);
    const net = bundle.resources.find((r) => (r as { name?: string }).name === 'my-vpc');
    expect(net).toEqual(buildWorld()['svc-proj']!.networks![0]); // kind restored, the rest as the API sent it
  });

  test('Cloud Run data in the v1 (Knative) shape gives the same workloads', async () => {
    const v2 = model((await organization()).bundle);
    const { bundle } = await organization({ runAssetShape: 'v1' });
    const v1 = model(bundle);
    const essentials = (m: Model) => m.workloads.map((w) => ({ id: w.id, connector: w.connector, egress: w.egress, nis: w.networkInterfaces, sa: w.serviceAccount }));
    expect(v1.workloads.every((w) => w.apiVersion === 'v1')).toBe(true);
    expect(essentials(v1)).toEqual(essentials(v2));
    expect(v1.workloads).toHaveLength(6);
  });

  test.each(['v1', 'v2'] as const)('secrets are redacted from Run %s data', async (runAssetShape) => {
    const { bundle } = await organization({ runAssetShape });
    const text = serializeBundle(bundle);
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    expect(text).not.toContain('secretKeyRef');
    const svc = bundle.resources.find((r) => JSON.stringify(r).includes('/services/api') || (r as any).metadata?.name === 'api') as any;
    const containers = runAssetShape === 'v1' ? svc.spec.template.spec.containers : svc.template.containers;
    expect(containers[0].env).toEqual([{ name: 'LOG_LEVEL' }, { name: 'DB_PASSWORD' }, { name: 'GITHUB_TOKEN' }]);
  });

  test('403 on the listing: a failure per asset type with the permission and the fix, no coverage claimed', async () => {
    const { bundle } = await organization({ faults: [{ api: 'asset', path: /assets$/, status: 403, reason: 'IAM_PERMISSION_DENIED' }] }, { parent: 'folders/456' });
    expect(bundle.failures).toHaveLength(12);
    expect(bundle.failures).toContainEqual({
      collection: 'networks',
      project: 'folders/456',
      reason: expect.stringMatching(/^PERMISSION_DENIED \(IAM_PERMISSION_DENIED\): cloudasset\.assets\.listResource on folders\/456 \(listing compute\.googleapis\.com\/Network\)/),
      fix: 'gcloud resource-manager folders add-iam-policy-binding 456 --member=user:YOUR_EMAIL --role=roles/cloudasset.viewer',
    });
    expect(bundle.coverage).toEqual([]);
    expect(bundle.resources).toEqual([]);
  });

  test('transient errors are retried; a failed getEffectiveFirewalls costs only its project', async () => {
    const { bundle, emu } = await organization({
      faults: [
        { api: 'asset', path: /assets$/, status: 503, times: 2 },
        { api: 'compute', path: /host-proj\/.*getEffectiveFirewalls$/, status: 403, reason: 'IAM_PERMISSION_DENIED' },
      ],
    });
    expect(emu.log.filter((r) => r.api === 'asset' && r.status === 503)).toHaveLength(2);
    expect(bundle.failures).toEqual([
      expect.objectContaining({ collection: 'effectiveFirewalls', project: 'host-proj', reason: expect.stringMatching(/compute\.networks\.getEffectiveFirewalls/) }),
    ]);
    expect(bundle.coverage).toContainEqual({ collection: 'effectiveFirewalls', project: 'svc-proj' });
    expect(bundle.coverage).not.toContainEqual({ collection: 'effectiveFirewalls', project: 'host-proj' });
    expect(bundle.coverage).toContainEqual({ collection: 'networks', project: 'host-proj' });
  });

  test('a parent that is not organizations/N or folders/N is a setup error', async () => {
    await expect(collectOrganization({ parent: 'projects/p', env: {} })).rejects.toBeInstanceOf(LiveSetupError);
  });
});
