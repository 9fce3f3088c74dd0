// scan and snapshot through the CLI against the local REST emulator (real Google clients, loopback only):
// a snapshot checked offline gives the same findings as the live scan.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld } from './emulator/data/world.js';
import { startEmulator, type Emulator } from './emulator/server.js';
import { cli } from './helpers/cli.js';
import { tmpFiles } from './helpers/tmp.js';

process.env.METADATA_SERVER_DETECTION = 'none';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('scan and snapshot', () => {
  it('snapshot then check offline gives the same report as scan', async () => {
    emu = await startEmulator(buildWorld());
    const dir = tmpFiles({});
    const snap = join(dir, 'snap.json');
    const taken = await cli(['snapshot', '--project', 'svc-proj', '-o', snap, '--quiet'], emu.env);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['snap.json']);
    const scanned = await cli(['scan', '--project', 'svc-proj', '-f', 'json', '--no-config'], emu.env);
    const checked = await cli(['check', snap, '-f', 'json', '--no-config']);
    const strip = (out: string) =>
      JSON.parse(out).findings.map((f: { ruleId: string; resource: string; message: string; destination?: string }) => [f.ruleId, f.resource, f.destination, f.message]);
    expect(strip(checked.stdout)).toEqual(strip(scanned.stdout));
    expect(JSON.parse(checked.stdout).summary).toEqual(JSON.parse(scanned.stdout).summary);
    expect(scanned.code).toBe(checked.code);
    // The snapshot is a bundle the loader recognises, with coverage.
    const bundle = JSON.parse(readFileSync(snap, 'utf8'));
    expect(bundle).toMatchObject({ kind: 'egress-lint#snapshot', schemaVersion: 1 });
    expect(bundle.coverage.length).toBeGreaterThan(0);
  });

  it('a 403 on one API completes the scan with exit 3 and says what to fix', async () => {
    emu = await startEmulator(buildWorld(), { faults: [{ api: 'vpcaccess', path: /connectors/, status: 403, reason: 'IAM_PERMISSION_DENIED' }] });
    const r = await cli(['scan', '--project', 'svc-proj', '-f', 'json', '--no-config', '--fail-on', 'none'], emu.env);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.coverage.failures.length).toBeGreaterThan(0);
    expect(out.coverage.failures[0].collection).toBe('connectors');
    expect(out.coverage.failures[0].fix).toMatch(/gcloud /);
  });

  it('names what to collect', async () => {
    const r = await cli(['scan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name what to collect: --project P/);
  });
});
