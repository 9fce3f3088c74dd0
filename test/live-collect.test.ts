// The live collector against the local REST emulator, through the real Google clients (no mocks).
import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { collectSnapshot, serializeBundle, writeBundleAtomically, type CollectOptions } from '../src/live/index.js';
import type { Bundle } from '../src/load/bundle.js';
import { buildWorld, SECRET_VALUES } from './emulator/data/world.js';
import { emulatorPerTest } from './emulator/per-test.js';
import type { Emulator, EmulatorOptions } from './emulator/server.js';

const startTestEmulator = emulatorPerTest();

async function snapshot(options: EmulatorOptions = {}, collect: Partial<CollectOptions> = {}) {
  const emu = await startTestEmulator(options);
  const started = Date.now();
  const bundle = await collectSnapshot({ projects: ['svc-proj'], follow: false, env: emu.env, timeoutMs: 5000, ...collect });
  return { bundle, emu, ms: Date.now() - started };
}

const requests = (e: Emulator, path: RegExp) => e.log.filter((r) => path.test(r.path));
const covered = (b: Bundle, collection: string, project: string, region?: string) =>
  b.coverage.some((c) => c.collection === collection && c.project === project && c.region === region);
const names = (b: Bundle) => b.resources.map((r) => (r as { name?: string; network?: string }).name ?? (r as { network: string }).network);

describe('collectSnapshot against the emulator', () => {
  test('only GETs, every page followed, no per-resource requests, no Authorization header, no warnings', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const { bundle, emu } = await snapshot().finally(() => process.off('warning', onWarning));
    expect(warnings.filter((w) => /Autopaginate/i.test(w))).toEqual([]);
    expect(emu.log.every((r) => r.method === 'GET')).toBe(true);
    expect(emu.log.some((r) => r.authorization)).toBe(false);
    // maxPageSize 2: 3 networks, 3 firewalls, 3 routes, 5 subnets, 3 services in europe-west1 need several pages.
    expect(requests(emu, /\/global\/networks$/).map((r) => r.query.pageToken)).toEqual([undefined, 'PAGE-2']);
    expect(requests(emu, /\/aggregated\/subnetworks$/).map((r) => r.query.pageToken)).toEqual([undefined, 'PAGE-2', 'PAGE-4']);
    expect(requests(emu, /europe-west1\/services$/)).toHaveLength(2);
    expect(bundle.resources.filter((r) => (r as { kind?: string }).kind === 'compute#subnetwork')).toHaveLength(5);
    expect(names(bundle).filter((n) => n?.includes('/services/'))).toHaveLength(4);
    // No N+1: one getEffectiveFirewalls per network, one list per location, nothing per service or connector.
    expect(requests(emu, /getEffectiveFirewalls$/)).toHaveLength(3);
    expect(requests(emu, /\/connectors$/)).toHaveLength(3);
    expect(requests(emu, /\/(services|jobs|connectors)\/[^/]+$/)).toHaveLength(0);
    // compute 15 (2+2+2+1 global lists, 3+1+1 aggregated pages, 3 effective firewalls), vpcaccess 2+3, run 2+4+3.
    expect(emu.log).toHaveLength(29);
    expect(bundle.failures).toEqual([]);
    expect(bundle.projects).toEqual([{ projectId: 'svc-proj', projectNumber: '111111111111' }]);
    for (const c of ['networks', 'subnetworks', 'firewalls', 'routes', 'routers', 'addresses', 'firewallPolicies', 'effectiveFirewalls']) {
      expect(covered(bundle, c, 'svc-proj')).toBe(true);
    }
    for (const region of ['europe-west1', 'europe-west2', 'us-central1']) {
      for (const c of ['connectors', 'services', 'jobs']) expect(covered(bundle, c, 'svc-proj', region)).toBe(true);
    }
  });

  test('resources are the REST JSON the API sent', async () => {
    const { bundle } = await snapshot();
    const world = buildWorld()['svc-proj']!;
    const net = bundle.resources.find((r) => (r as { name?: string }).name === 'my-vpc');
    expect(net).toEqual(world.networks![0]);
    const conn = bundle.resources.find((r) => (r as { name?: string }).name?.endsWith('/vpc-conn-europe'));
    expect(conn).toEqual(world.connectors![0]);
    const job = bundle.resources.find((r) => (r as { name?: string }).name?.endsWith('/jobs/my-agent-4')) as Record<string, any>;
    expect(job.createTime).toBe('2024-06-01T08:00:00.000Z');
    expect(job.template.template.timeout).toBe('600s');
    expect(job.template.template.vpcAccess).toEqual({ connector: 'projects/svc-proj/locations/europe-west2/connectors/vpc-conn-europe', egress: 'ALL_TRAFFIC' });
    expect(Object.keys(job).some((k) => k.startsWith('_'))).toBe(false);
    const eff = bundle.resources.find((r) => (r as { kind?: string }).kind === 'egress-lint#effectiveFirewalls') as Record<string, any>;
    expect(eff.firewallPolicys[0].shortName).toBe('org-baseline');
  });

  test('secrets are redacted: env names kept, values, secret refs and args dropped', async () => {
    const { bundle } = await snapshot();
    const text = serializeBundle(bundle);
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    expect(text).not.toContain('secretKeyRef');
    const svc = bundle.resources.find((r) => (r as { name?: string }).name?.endsWith('/services/api')) as Record<string, any>;
    expect(svc.template.containers[0].env).toEqual([{ name: 'LOG_LEVEL' }, { name: 'DB_PASSWORD' }, { name: 'GITHUB_TOKEN' }]);
  });

  test('Shared VPC: the host project is collected once, for every service project that uses it', async () => {
    const { bundle, emu } = await snapshot({}, { projects: ['svc-proj', 'svc2-proj'], follow: true });
    expect(requests(emu, /projects\/host-proj\/global\/networks$/)).toHaveLength(1);
    expect(requests(emu, /projects\/host-proj\/locations\/europe-west1\/connectors$/)).toHaveLength(1);
    expect(requests(emu, /host-proj\/locations$/)).toHaveLength(0); // connectors only where referenced
    expect(requests(emu, /host-proj\/locations\/[^/]+\/(services|jobs)$/)).toHaveLength(0); // networking only
    expect(bundle.projects.map((p) => p.projectId)).toEqual(['host-proj', 'svc-proj', 'svc2-proj']);
    expect(covered(bundle, 'subnetworks', 'host-proj')).toBe(true);
    expect(covered(bundle, 'connectors', 'host-proj', 'europe-west1')).toBe(true);
    expect(names(bundle)).toContain('projects/host-proj/locations/europe-west1/connectors/shared-conn');
    expect(names(bundle)).toContain('run-subnet');
  });

  test('follow:false does not touch the host project', async () => {
    const messages: string[] = [];
    const { bundle, emu } = await snapshot({}, { onProgress: (m) => messages.push(m) });
    expect(emu.log.filter((r) => r.path.includes('host-proj'))).toHaveLength(0);
    expect(bundle.projects.map((p) => p.projectId)).toEqual(['svc-proj']);
    expect(messages.join('\n')).toMatch(/not following Shared VPC host project\(s\) host-proj/);
  });

  test('403 on one collection and a disabled API: recorded with reason and fix, the rest collected', async () => {
    const { bundle, emu } = await snapshot({
      faults: [
        { api: 'compute', path: /\/global\/firewalls$/, status: 403, reason: 'IAM_PERMISSION_DENIED' },
        { api: 'vpcaccess', path: /\/locations$/, status: 403, reason: 'SERVICE_DISABLED' },
      ],
    });
    expect(bundle.failures).toEqual([
      {
        collection: 'firewalls',
        project: 'svc-proj',
        reason: expect.stringMatching(/^PERMISSION_DENIED \(IAM_PERMISSION_DENIED\): compute\.firewalls\.list on project svc-proj/),
        fix: 'gcloud projects add-iam-policy-binding svc-proj --member=user:YOUR_EMAIL --role=roles/compute.networkViewer',
      },
      {
        collection: 'connectors',
        project: 'svc-proj',
        reason: 'SERVICE_DISABLED: vpcaccess.googleapis.com is not enabled in project svc-proj',
        fix: 'gcloud services enable vpcaccess.googleapis.com --project svc-proj',
      },
    ]);
    expect(requests(emu, /\/global\/firewalls$/)).toHaveLength(1); // a 403 is not retried
    expect(covered(bundle, 'firewalls', 'svc-proj')).toBe(false);
    expect(covered(bundle, 'routes', 'svc-proj')).toBe(true);
    expect(covered(bundle, 'services', 'svc-proj', 'europe-west1')).toBe(true);
  });

  test('aggregated lists with unreachable regions: coverage per region read, a failure per region not', async () => {
    const { bundle } = await snapshot({ unreachables: ['regions/us-central1'] });
    expect(covered(bundle, 'subnetworks', 'svc-proj')).toBe(false);
    expect(covered(bundle, 'subnetworks', 'svc-proj', 'europe-west2')).toBe(true);
    expect(bundle.failures).toContainEqual({
      collection: 'subnetworks',
      project: 'svc-proj',
      region: 'us-central1',
      reason: 'UNAVAILABLE: regions/us-central1 was unreachable when listing subnetworks',
    });
    expect(names(bundle)).not.toContain('uc1');
  });

  test('503 then success: retried and collected', async () => {
    const { bundle, emu } = await snapshot({ faults: [{ path: /\/aggregated\/routers$/, status: 503, times: 2 }] });
    expect(requests(emu, /\/aggregated\/routers$/).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(covered(bundle, 'routers', 'svc-proj')).toBe(true);
    expect(names(bundle)).toContain('nat-router');
  });

  test('429 with Retry-After: waits as told, then collects', async () => {
    const { bundle, emu } = await snapshot({ faults: [{ path: /\/global\/routes$/, status: 429, retryAfterS: 1, times: 1 }] });
    const [first, second] = requests(emu, /\/global\/routes$/);
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(200);
    expect(second!.start - first!.end!).toBeGreaterThanOrEqual(950);
    expect(covered(bundle, 'routes', 'svc-proj')).toBe(true);
  });

  test('a hanging endpoint is bounded by the timeout and recorded as a failure', async () => {
    const timeoutMs = 400;
    const { bundle, emu, ms } = await snapshot({ faults: [{ api: 'run', path: /europe-west2\/jobs$/, hang: true }] }, { timeoutMs });
    const hung = requests(emu, /europe-west2\/jobs$/);
    expect(hung.length).toBeGreaterThanOrEqual(1);
    expect(hung.length).toBeLessThanOrEqual(4);
    expect(hung.at(-1)!.start - hung[0]!.start).toBeLessThan(2 * timeoutMs);
    expect(ms).toBeLessThan(2 * timeoutMs + 4000); // + client start-up
    expect(bundle.failures).toEqual([
      { collection: 'jobs', project: 'svc-proj', region: 'europe-west2', reason: expect.stringMatching(/^DEADLINE_EXCEEDED/) },
    ]);
    expect(covered(bundle, 'jobs', 'svc-proj', 'europe-west1')).toBe(true);
  });

  test('snapshots are deterministic and written atomically', async () => {
    const { bundle, emu } = await snapshot({}, { follow: true });
    const again = await collectSnapshot({ projects: ['svc-proj'], follow: true, env: emu.env, concurrency: 3 });
    expect(serializeBundle(again)).toBe(serializeBundle(bundle));

    const dir = await mkdtemp(join(tmpdir(), 'egress-lint-live-'));
    const path = join(dir, 'snap.json');
    await writeBundleAtomically(path, bundle);
    const first = await readFile(path, 'utf8');
    await writeBundleAtomically(path, again);
    expect(await readFile(path, 'utf8')).toBe(first);
    expect(first).toBe(serializeBundle(bundle));
    expect(first.startsWith('{\n  "kind": "egress-lint#snapshot",\n  "schemaVersion": 1,')).toBe(true);

    // A failure before the rename leaves the old file untouched and no temp file behind.
    const circular = { ...bundle, resources: [] as unknown[] };
    circular.resources.push(circular);
    await expect(writeBundleAtomically(path, circular)).rejects.toThrow();
    const target = join(dir, 'taken');
    await mkdir(join(target, 'child'), { recursive: true });
    await writeFile(join(target, 'child', 'keep'), 'x');
    await expect(writeBundleAtomically(target, bundle)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe(first);
    expect((await readdir(dir)).sort()).toEqual(['snap.json', 'taken']);
  });

  test('--region restricts the per-location fan-out and skips the locations lists', async () => {
    const { bundle, emu } = await snapshot({}, { regions: ['europe-west2'] });
    expect(requests(emu, /\/locations$/)).toHaveLength(0);
    expect(requests(emu, /\/locations\/(?!europe-west2)[^/]+\//)).toHaveLength(0);
    expect(covered(bundle, 'jobs', 'svc-proj', 'europe-west2')).toBe(true);
    expect(covered(bundle, 'services', 'svc-proj', 'europe-west1')).toBe(false);
  });
});
