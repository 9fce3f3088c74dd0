// The bundled CLI that package.json "bin" runs (dist/bin, built by scripts/bundle.ts from tsc's output
// dist/src): the same bytes and exit codes as tsc's output, the same lazy loading, and a live scan.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld } from './emulator/data/world.js';
import { startEmulator, type Emulator } from './emulator/server.js';
import { tmpFiles } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'fixtures', 'examples', 'seed-connector-nat');
const BIN = join(ROOT, 'dist', 'bin', 'cli.js');
const TSC = join(ROOT, 'dist', 'src', 'cli.js');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

const node = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A file for `node --require` that writes, on exit, which of these packages the process loaded (all CommonJS, so in require.cache). */
const PROBE = join(
  tmpFiles({
    'probe.cjs': [
      'const heavy = /[\\\\/](@google-cloud|google-gax|cliui|string-width)[\\\\/]/;',
      'process.on("exit", () => {',
      '  const loaded = new Set(Object.keys(require.cache).map((f) => heavy.exec(f)?.[1]).filter(Boolean));',
      '  require("node:fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify([...loaded].sort()));',
      '});',
    ].join('\n'),
  }),
  'probe.cjs',
);
const probeArgs = (args: string[]) => {
  const out = join(tmpFiles({}), 'loaded.json');
  return { argv: ['--require', PROBE, BIN, ...args], env: { PROBE_OUT: out }, loaded: () => JSON.parse(readFileSync(out, 'utf8')) as string[] };
};

describe('the bundled bin', () => {
  it('is the package bin, an executable script', () => {
    expect(join(ROOT, PACKAGE.bin['egress-lint']!)).toBe(BIN);
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  const config = join(tmpFiles({ '.egress-lint.yaml': 'failOn: note\nrules:\n  nat/port-capacity: warning\n' }), '.egress-lint.yaml');
  it.each([
    [['check', EXAMPLE]],
    [['check', EXAMPLE, '-f', 'json']],
    [['check', EXAMPLE, '-f', 'sarif']],
    [['check', EXAMPLE, '-c', config]],
    [['--help']],
    [['check', '--help']],
    [['--version']],
    [['explain', 'nat/port-capacity']],
  ])('%j gives the same stdout, stderr and exit code as tsc output', (args) => {
    const bundled = node([BIN, ...args]);
    expect(bundled.stdout.length).toBeGreaterThan(0);
    expect(bundled).toEqual(node([TSC, ...args]));
  });

  // Start-up cost: as with tsc's output (test/cli.test.ts), a check loads neither the Google client
  // libraries nor yargs' help renderer; --help and scan show that the probe sees them when they load.
  it('loads neither the Google client libraries nor the help renderer for a check', () => {
    const check = probeArgs(['check', EXAMPLE]);
    expect(node(check.argv, check.env).status).toBe(0);
    expect(check.loaded()).toEqual([]);
    const help = probeArgs(['--help']);
    expect(node(help.argv, help.env).status).toBe(0);
    expect(help.loaded()).toEqual(['cliui', 'string-width']);
  });

  describe('against the local REST emulator', () => {
    let emu: Emulator | undefined;
    afterEach(async () => {
      await emu?.close();
      emu = undefined;
    });
    // Asynchronous: the emulator answers from this process.
    const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, { env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number; stdout: string; stderr: string };
        if (typeof e.code !== 'number') throw err;
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };

    it('scans as tsc output does, loading the Google clients from node_modules', async () => {
      emu = await startEmulator(buildWorld());
      const env = { ...emu.env, METADATA_SERVER_DETECTION: 'none' };
      const args = ['scan', '--project', 'svc-proj', '-f', 'json', '--no-config', '--quiet'];
      const scan = probeArgs(args);
      const bundled = await run(scan.argv, { ...env, ...scan.env });
      expect(bundled.stderr).toBe('');
      expect(JSON.parse(bundled.stdout).findings.length).toBeGreaterThan(0);
      expect(bundled).toEqual(await run([TSC, ...args], env));
      expect(scan.loaded()).toEqual(expect.arrayContaining(['@google-cloud', 'google-gax']));
    });

    it('writes a snapshot that names the package version', async () => {
      emu = await startEmulator(buildWorld());
      const snap = join(tmpFiles({}), 'snap.json');
      const r = await run([BIN, 'snapshot', '--project', 'svc-proj', '-o', snap, '--quiet'], { ...emu.env, METADATA_SERVER_DETECTION: 'none' });
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(JSON.parse(readFileSync(snap, 'utf8')).tool).toEqual({ name: 'egress-lint', version: PACKAGE.version });
    });
  });
});
