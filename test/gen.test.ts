import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, generate, PRESETS, type Summary } from '../bench/gen.js';
import { buildPlan } from '../bench/gen/plan.js';
import { cidrOf, parseCidr, type Cidr } from '../src/ip.js';
import { resolveComputeRef, resolveConnectorRef } from '../src/names.js';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON } from './helpers/shared.js';

type Json = Record<string, any>;
const SAMPLES = join(SHARED, 'real-api-samples');
const SCALE = 60;
const SEED = 3;

async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const project of (await readdir(dir)).sort()) {
    for (const file of (await readdir(join(dir, project))).sort()) files.set(`${project}/${file}`, await readFile(join(dir, project, file)));
  }
  return files;
}

/** Everything generated, parsed, with each resource's project. */
function collect(files: Map<string, Buffer>) {
  const all: Record<string, { project: string; item: Json }[]> = {};
  const add = (collection: string, project: string, items: Json[] = []) => (all[collection] ??= []).push(...items.map((item) => ({ project, item })));
  for (const [path, bytes] of files) {
    const [project, file] = path.split('/') as [string, string];
    const doc = JSON.parse(bytes.toString()) as Json;
    const collection = file.replace(/\.json$/, '');
    if (collection.startsWith('effective-firewalls-')) add('effective', project, [doc]);
    else if (collection === 'subnetworks' || collection === 'routers') {
      for (const scope of Object.values(doc.items as Json)) add(collection, project, scope[collection]);
    } else if (['connectors', 'services', 'jobs'].includes(collection)) add(collection, project, doc[collection]);
    else add(collection, project, doc.items);
  }
  return all;
}

function cidrOrFail(text: string): Cidr {
  const c = parseCidr(text);
  expect(c, text).toBeDefined();
  expect(c!.family).toBe(4);
  return c!;
}

const overlaps = (a: Cidr, b: Cidr) => a.start <= b.end && b.start <= a.end;

describe('snapshot generator', () => {
  let dir: string;
  let summary: Summary;
  let files: Map<string, Buffer>;
  let res: ReturnType<typeof collect>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'egress-gen-'));
    summary = await generate({ outDir: join(dir, 'a'), scale: SCALE, seed: SEED });
    files = await readTree(join(dir, 'a'));
    res = collect(files);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is deterministic: the same scale and seed give byte-identical files, another seed does not', async () => {
    await generate({ outDir: join(dir, 'b'), scale: SCALE, seed: SEED });
    const again = await readTree(join(dir, 'b'));
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, bytes] of files) expect(again.get(path)!.equals(bytes), path).toBe(true);
    await generate({ outDir: join(dir, 'c'), scale: SCALE, seed: SEED + 1 });
    const other = await readTree(join(dir, 'c'));
    expect(other.get('host-001/subnetworks.json')!.equals(files.get('host-001/subnetworks.json')!)).toBe(false);
  });

  it('writes what counts() predicts, and the files hold that many resources', () => {
    const { scale, seed, files: fileCount, bytes, ...got } = summary;
    expect({ scale, seed }).toEqual({ scale: SCALE, seed: SEED });
    expect(got).toEqual(counts(SCALE));
    expect(fileCount).toBe(files.size);
    expect(bytes).toBe([...files.values()].reduce((n, b) => n + b.length, 0));
    for (const c of ['networks', 'subnetworks', 'firewalls', 'routes', 'routers', 'addresses', 'connectors', 'services', 'jobs'] as const) {
      expect(res[c]!.length, c).toBe(got[c]);
    }
    expect(Object.values(got.broken).every((n) => n > 0)).toBe(true);
  });

  it('the largest preset meets the issue-7 minima', () => {
    const xl = counts(PRESETS['org-xl']);
    expect(xl.firewalls).toBeGreaterThanOrEqual(100_000);
    expect(xl.subnetworks).toBeGreaterThanOrEqual(50_000);
    expect(xl.services + xl.jobs).toBeGreaterThanOrEqual(20_000);
    expect(xl.connectors).toBeGreaterThanOrEqual(5_000);
    // Its address plan fits the pools (planning allocates every range; nothing is written).
    expect(() => buildPlan(PRESETS['org-xl'], 1)).not.toThrow();
  });

  it('the seed preset is the §10 worked example', async () => {
    const seedSummary = await generate({ outDir: join(dir, 'seed'), preset: 'seed' });
    expect(seedSummary.projects).toBe(1);
    const seedRes = collect(await readTree(join(dir, 'seed')));
    const [job] = seedRes.jobs!.map((j) => j.item);
    expect(job!.name).toBe('projects/myproject/locations/europe-west2/jobs/my-agent-4');
    expect(job!.template.template.vpcAccess).toEqual({ connector: 'projects/myproject/locations/europe-west2/connectors/vpc-conn-europe', egress: 'ALL_TRAFFIC' });
    const [conn] = seedRes.connectors!.map((c) => c.item);
    expect(conn!.network).toBe('my-vpc');
    expect(cidrOrFail(conn!.ipCidrRange).prefix).toBe(28);
    const [router] = seedRes.routers!.map((r) => r.item);
    expect(router!.region).toMatch(/\/regions\/europe-west2$/);
    expect(router!.nats[0].sourceSubnetworkIpRangesToNat).toBe('ALL_SUBNETWORKS_ALL_IP_RANGES');
  });

  it('allocates valid, non-overlapping subnet ranges; connector /28s overlap only where deliberately broken', () => {
    const ranges: { cidr: Cidr; subnet: string }[] = [];
    const subnets = new Map<string, Cidr>();
    for (const { item: s } of res.subnetworks!) {
      const primary = cidrOrFail(s.ipCidrRange);
      expect(primary.text, 'a network address (no host bits set)').toBe(cidrOf(primary.start, primary.prefix).text);
      expect(s.ipCidrRange.startsWith('10.')).toBe(true);
      subnets.set(s.selfLink, primary);
      ranges.push({ cidr: primary, subnet: s.selfLink });
      for (const r of s.secondaryIpRanges ?? []) {
        const secondary = cidrOrFail(r.ipCidrRange);
        expect(overlaps(secondary, cidrOrFail('100.64.0.0/10'))).toBe(true);
        ranges.push({ cidr: secondary, subnet: s.selfLink });
      }
    }
    const sorted = [...ranges].sort((a, b) => a.cidr.start - b.cidr.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.cidr.start > sorted[i - 1]!.cidr.end, sorted[i]!.cidr.text).toBe(true);

    const connectorRanges: Cidr[] = [];
    let overlapping = 0;
    for (const { item: c } of res.connectors!) {
      const own = c.subnet ? resolveComputeRef(c.subnet.name, 'subnetworks', { project: c.subnet.projectId, region: c.name.split('/')[3] }) : undefined;
      const range = c.ipCidrRange ? cidrOrFail(c.ipCidrRange) : subnets.get(`https://www.googleapis.com/compute/v1/${own!.slice('//compute.googleapis.com/'.length)}`)!;
      expect(range.prefix).toBe(28);
      for (const other of connectorRanges) expect(overlaps(range, other)).toBe(false);
      connectorRanges.push(range);
      if (ranges.some((r) => overlaps(r.cidr, range) && !(own && r.subnet.endsWith(own.slice(own.indexOf('/projects/')))))) overlapping++;
    }
    expect(overlapping).toBe(counts(SCALE).broken.overlappingConnector);
  });

  it('every network, subnetwork and connector a workload or connector references exists', () => {
    const toFull = (selfLink: string) => `//compute.googleapis.com/${selfLink.split('/compute/v1/')[1]}`;
    const networks = new Set(res.networks!.map(({ item }) => toFull(item.selfLink)));
    const subnets = new Map(res.subnetworks!.map(({ item }) => [toFull(item.selfLink), item]));
    const connectors = new Map(res.connectors!.map(({ item }) => [`//vpcaccess.googleapis.com/${item.name}`, item]));
    for (const { project, item: c } of res.connectors!) {
      const region = c.name.split('/')[3];
      if (c.subnet) expect(subnets.has(resolveComputeRef(c.subnet.name, 'subnetworks', { project: c.subnet.projectId, region })!)).toBe(true);
      else expect(networks.has(resolveComputeRef(c.network, 'networks', { project })!)).toBe(true);
    }
    const workloads = [...res.services!.map(({ item }) => item.template.vpcAccess), ...res.jobs!.map(({ item }) => item.template.template.vpcAccess)];
    const names = [...res.services!, ...res.jobs!].map(({ item }) => item.name as string);
    expect(workloads).toHaveLength(counts(SCALE).services + counts(SCALE).jobs);
    workloads.forEach((access: Json, i) => {
      const [, project, , region] = names[i]!.split('/') as [string, string, string, string];
      expect(Object.keys(access).sort()).toEqual(access.connector ? ['connector', 'egress'] : ['egress', 'networkInterfaces']);
      if (access.connector) {
        const connector = resolveConnectorRef(access.connector, { project, region })!;
        expect(connectors.has(connector), connector).toBe(true);
        expect(connector.split('/')[6]).toBe(region);
      } else {
        const [nic] = access.networkInterfaces;
        expect(networks.has(resolveComputeRef(nic.network, 'networks', { project })!)).toBe(true);
        const subnet = subnets.get(resolveComputeRef(nic.subnetwork, 'subnetworks', { project, region })!);
        expect(subnet).toBeDefined();
        expect(subnet!.region.endsWith(`/regions/${region}`)).toBe(true);
      }
    });
    for (const { item: r } of res.routers!) {
      for (const s of r.nats[0].subnetworks ?? []) expect(subnets.has(toFull(s.name))).toBe(true);
    }
  });

  it.skipIf(!HAS_SHARED)(`matches the shapes of the real API samples${SHARED_SKIP_REASON}`, async () => {
    const sample = async (path: string) => JSON.parse(await readFile(join(SAMPLES, path), 'utf8')) as Json;
    const keysOf = (items: Json[]) => new Set(items.flatMap((i) => Object.keys(i)));
    const expectKeys = (items: Json[], allowed: Set<string>, what: string) => {
      for (const k of keysOf(items)) expect(allowed.has(k), `${what}.${k}`).toBe(true);
    };
    const realSubnets = Object.values((await sample('gke1/compute-subnetworks-aggregated.json')).items as Json).flatMap((s) => s.subnetworks ?? []);
    const effective = await sample('fw-policy/compute-effective-firewalls-default.json');
    const realRouters = [...(await sample('nat1/compute-routers-europe-west4.json')).items, ...(await sample('gke1/compute-routers-europe-west4.json')).items];
    const realService = (await sample('cloudrun1/cloudrun_services.json')).services[0];
    const plus = (base: Set<string>, ...extra: string[]) => new Set([...base, ...extra]);

    const items = (c: string) => res[c]!.map((r) => r.item);
    expectKeys(items('subnetworks'), keysOf(realSubnets), 'subnetwork');
    expectKeys(items('firewalls'), plus(keysOf(effective.firewalls), 'destinationRanges'), 'firewall');
    expectKeys(items('routes'), plus(keysOf((await sample('gke1/compute-network-routes.json')).items), 'tags', 'nextHopInstance', 'nextHopIlb'), 'route');
    expectKeys(items('routers'), plus(keysOf(realRouters), 'bgp'), 'router');
    expectKeys(items('routers').flatMap((r) => r.nats), plus(keysOf(realRouters.flatMap((r) => r.nats)), 'subnetworks'), 'nat');
    expectKeys(items('networks'), plus(keysOf([await sample('fw-policy/compute-network-default.json')]), 'peerings'), 'network');
    expectKeys(items('services'), keysOf([realService]), 'service');
    expectKeys(items('effective'), new Set(Object.keys(effective)), 'effective');
    expectKeys(items('effective').flatMap((e) => e.firewallPolicys), keysOf(effective.firewallPolicys), 'firewallPolicy');
    expectKeys(items('effective').flatMap((e) => e.firewallPolicys.flatMap((p: Json) => p.rules)), keysOf(effective.firewallPolicys.flatMap((p: Json) => p.rules)), 'policyRule');
    for (const c of ['subnetwork', 'firewall', 'route', 'router', 'network', 'address']) {
      for (const item of items(`${c === 'address' ? 'addresse' : c}s`)) expect(item.kind).toBe(`compute#${c}`);
    }
    expect(items('addresses').every((a) => a.purpose === 'VPC_PEERING' && a.addressType === 'INTERNAL')).toBe(true);
    for (const path of files.keys()) {
      const top = JSON.parse(files.get(path)!.toString()) as Json;
      if (path.endsWith('/firewalls.json')) expect(top.kind).toBe('compute#firewallList');
      if (path.endsWith('/subnetworks.json')) expect(top.kind).toBe('compute#subnetworkAggregatedList');
      if (path.startsWith('svc-') && path.endsWith('/firewalls.json')) expect('items' in top).toBe(false);
    }
  });

  it('never writes a container env value', () => {
    const containers = [...res.services!.flatMap(({ item }) => item.template.containers), ...res.jobs!.flatMap(({ item }) => item.template.template.containers)];
    for (const env of containers.flatMap((c: Json) => c.env ?? [])) expect(env).not.toHaveProperty('value');
  });
});
