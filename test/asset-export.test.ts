// Cloud Asset Inventory exports: a synthetic organisation (gen.ts) converted to an export loads into the same model
// as the generator's directory; coverage follows --asset-types-partial; bad lines are reported with their number.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeAssetExport } from '../bench/asset-export.js';
import { generate } from '../bench/gen.js';
import { InputError } from '../src/errors.js';
import { loadAssetExport } from '../src/load/asset-export.js';
import { buildModel, listInputFiles, loadPaths, snapshotSources } from '../src/load/index.js';
import type { Model } from '../src/model.js';

let dir: string;
let genDir: string;
let exportFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egress-lint-asset-export-'));
  genDir = join(dir, 'gen');
  exportFile = join(dir, 'export.ndjson');
  await generate({ outDir: genDir, scale: 25, seed: 5 });
  await writeAssetExport(genDir, exportFile);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const ids = (m: Model) => ({
  networks: m.networks.map((r) => r.id),
  subnetworks: m.subnetworks.map((r) => r.id),
  firewalls: m.firewalls.map((r) => r.id),
  routes: m.routes.map((r) => r.id),
  routers: m.routers.map((r) => r.id),
  addresses: m.addresses.map((r) => r.id),
  connectors: m.connectors.map((r) => r.id),
  workloads: m.workloads.map((r) => r.id),
});

/** The generator's directory without its getEffectiveFirewalls responses, which an export cannot hold. */
async function directoryModel(): Promise<Model> {
  const paths: string[] = [];
  for (const project of await readdir(genDir)) {
    for (const file of await readdir(join(genDir, project))) if (!file.startsWith('effective-')) paths.push(join(genDir, project, file));
  }
  return buildModel(snapshotSources(await listInputFiles(paths)));
}

describe('loadAssetExport', () => {
  test('an export of the synthetic organisation gives the same model as its directory', async () => {
    const [fromDir, fromExport] = await Promise.all([directoryModel(), loadPaths({ paths: [], assetExports: [exportFile], assetTypesPartial: false })]);
    expect(fromDir.workloads.length).toBeGreaterThan(100);
    expect(ids(fromExport)).toEqual(ids(fromDir));
    expect(fromExport.workloads).toEqual(fromDir.workloads.map((w) => ({ ...w, source: expect.anything() })));
    expect(fromExport.subnetworks.map(({ source: _, ...s }) => s)).toEqual(fromDir.subnetworks.map(({ source: _, ...s }) => s));
    // Complete for every collection the export holds, for every project in it; the directory has no firewall policy lists.
    const covered = (m: Model) => m.coverage.entries().filter((e) => e.collection !== 'firewallPolicies');
    expect(covered(fromExport)).toEqual(covered(fromDir));
    expect(fromExport.coverage.entries().some((e) => e.collection === 'effectiveFirewalls')).toBe(false);
  });

  test('--asset-types-partial: no coverage is claimed', async () => {
    const model = await loadPaths({ paths: [], assetExports: [exportFile], assetTypesPartial: true });
    expect(model.coverage.entries()).toEqual([]);
    expect(model.networks.length).toBeGreaterThan(0);
  });

  test('hierarchical policies, other asset types and non-PSA addresses are skipped; assets without data are ignored', async () => {
    const file = join(dir, 'mixed.ndjson');
    const lines = [
      { name: '//compute.googleapis.com/locations/global/firewallPolicies/123', assetType: 'compute.googleapis.com/FirewallPolicy', resource: { data: { name: '123', parent: 'organizations/1' } } },
      { name: '//compute.googleapis.com/projects/p/global/addresses/lb', assetType: 'compute.googleapis.com/GlobalAddress', resource: { data: { name: 'lb', address: '34.1.2.3' } } },
      { name: '//storage.googleapis.com/bucket', assetType: 'storage.googleapis.com/Bucket', resource: { data: { name: 'bucket' } } },
      { name: '//compute.googleapis.com/projects/p/global/networks/n', assetType: 'compute.googleapis.com/Network', ancestors: ['projects/42', 'organizations/1'] },
      { name: '//compute.googleapis.com/projects/p/regions/r1/subnetworks/s', assetType: 'compute.googleapis.com/Subnetwork', ancestors: ['projects/42'], resource: { data: { name: 's', network: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/n', ipCidrRange: '10.0.0.0/24' } } },
    ];
    await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n\n`);
    const doc = await loadAssetExport(file, { partial: false });
    const bundle = doc.value as { resources: Record<string, unknown>[]; projects: unknown[] };
    expect(bundle.resources).toEqual([
      {
        kind: 'compute#subnetwork',
        selfLink: 'https://www.googleapis.com/compute/v1/projects/p/regions/r1/subnetworks/s',
        region: 'https://www.googleapis.com/compute/v1/projects/p/regions/r1',
        name: 's',
        network: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/n',
        ipCidrRange: '10.0.0.0/24',
      },
    ]);
    expect(bundle.projects).toEqual([{ projectId: 'p', projectNumber: '42' }]);
    expect(doc.lines).toEqual([5]);
  });

  test('errors name the file, the line and what was expected', async () => {
    const file = join(dir, 'bad.ndjson');
    const good = JSON.stringify({ name: '//compute.googleapis.com/projects/p/global/networks/n', assetType: 'compute.googleapis.com/Network', resource: { data: { name: 'n' } } });
    const fail = async (text: string) => {
      await writeFile(file, text);
      return (await loadPaths({ paths: [], assetExports: [file], assetTypesPartial: false }).catch((e: unknown) => e)) as InputError;
    };
    let err = await fail(`${good}\n{"name": "x",\n`);
    expect(err).toBeInstanceOf(InputError);
    expect(err.line).toBe(2);
    expect(err.format()).toMatch(/^.*bad\.ndjson:2: invalid JSON .*expected one asset per line/);
    err = await fail(`${good}\n[1, 2]\n`);
    expect(err.format()).toMatch(/bad\.ndjson:2: not an asset; expected one asset per line/);
    err = await fail('');
    expect(err.format()).toMatch(/bad\.ndjson: the file is empty/);
    const badCidr = JSON.stringify({ name: '//compute.googleapis.com/projects/p/regions/r/subnetworks/s', assetType: 'compute.googleapis.com/Subnetwork', resource: { data: { name: 's', network: 'projects/p/global/networks/n', ipCidrRange: 'not-a-cidr' } } });
    err = await fail(`${good}\n${badCidr}\n`);
    expect(err.line).toBe(2);
    expect(err.format()).toMatch(/bad\.ndjson:2: \$\.resource\.data\.ipCidrRange: /);
    err = (await loadPaths({ paths: [], assetExports: [join(dir, 'missing.ndjson')] }).catch((e: unknown) => e)) as InputError;
    expect(err.format()).toMatch(/missing\.ndjson: no such file or directory/);
  });
});
