// The command line end to end: exit codes, formats, colour, determinism, atomic outputs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tmpFiles } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'fixtures', 'examples', 'seed-connector-nat');
const BIN = join(ROOT, 'dist', 'bin', 'cli.js'); // the package bin, bundled from dist/src (test/bundle.test.ts)

describe('check', () => {
  it('passes the bundled example with exit 0 and a summary', async () => {
    const r = await cli(['check', EXAMPLE]);
    expect(r.code).toBe(0);
    // The one note is nat/port-capacity's figure (64 ports × 10 connector instances).
    expect(r.stdout).toMatch(/0 errors, 0 warnings, 1 note \(1 workload, \d+ resources checked\)/);
    expect(r.stdout).toContain('64 × 10 = 640 concurrent connections');
    expect(r.stderr).toBe('');
  });

  it('gives byte-identical JSON and SARIF whatever the order of the input files', async () => {
    const files = readdirSync(EXAMPLE).map((f) => join(EXAMPLE, f));
    for (const format of ['json', 'sarif']) {
      const a = await cli(['check', ...files, '-f', format]);
      const b = await cli(['check', ...[...files].reverse(), '-f', format]);
      expect(a.stdout.length).toBeGreaterThan(100);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it('writes extra formats atomically with -o and leaves no temporary files', async () => {
    const out = tmpFiles({});
    const r = await cli(['check', EXAMPLE, '-o', `json=${join(out, 'r.json')}`, '-o', `sarif=${join(out, 'r.sarif')}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).tool).toBe('egress-lint');
    expect(JSON.parse(readFileSync(join(out, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(out).sort()).toEqual(['r.json', 'r.sarif']);
  });

  it('colours only a terminal, and NO_COLOR / --no-color win', async () => {
    const ansi = /\u001b\[/;
    expect((await cli(['check', EXAMPLE], {}, true)).stdout).toMatch(ansi);
    expect((await cli(['check', EXAMPLE], {}, false)).stdout).not.toMatch(ansi);
    expect((await cli(['check', EXAMPLE], { NO_COLOR: '1' }, true)).stdout).not.toMatch(ansi);
    expect((await cli(['check', EXAMPLE, '--no-color'], {}, true)).stdout).not.toMatch(ansi);
    expect((await cli(['check', EXAMPLE], { FORCE_COLOR: '1' }, false)).stdout).toMatch(ansi);
  });
});

describe('user errors exit 2 with a one-line message and no stack trace', () => {
  it.each([
    [['check', '/no/such/dir'], /^egress-lint: \/no\/such\/dir: no such file or directory\n$/],
    [['check'], /name something to check/],
    [['check', EXAMPLE, '--format', 'xml'], /Invalid values/],
    [['check', EXAMPLE, '-o', 'bogus'], /-o expects FORMAT=PATH/],
    [['nonsense'], /Unknown argument: nonsense/],
    [['explain', 'no/such-rule'], /unknown rule "no\/such-rule"/],
  ])('%j', async (argv, message) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad input file names file, line, JSON path and expectation, and nothing is written', async () => {
    const dir = tmpFiles({ 'connectors.json': '{\n  "connectors": [\n    {"name": "projects/p/locations/r/connectors/c", "ipCidrRange": "10.8.0.0/99"}\n  ]\n}\n' });
    const out = join(dir, 'out.sarif');
    const r = await cli(['check', dir, '-o', `sarif=${out}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `egress-lint: ${join(dir, 'connectors.json')}:3: $.connectors[0].ipCidrRange: expected an IP range in CIDR notation such as "10.8.0.0/28"\n`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('the built binary', () => {
  it('runs as a process: exit code, stdout, and stderr without a stack trace', () => {
    expect(existsSync(BIN)).toBe(true);
    const ok = spawnSync(process.execPath, [BIN, 'check', EXAMPLE, '-f', 'json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).summary.errors).toBe(0);
    const bad = spawnSync(process.execPath, [BIN, 'check', '/no/such/dir'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('egress-lint: /no/such/dir: no such file or directory\n');
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  // src/yargs.ts builds yargs from files yargs does not export: only the exact version tested may be installed.
  it('pins yargs to one exact version', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.yargs).toMatch(/^\d+\.\d+\.\d+$/);
  });

  // src/yargs.ts loads yargs' help renderer (cliui, string-width) only when help is printed.
  it('prints help laid out in columns, for the program and for a command', () => {
    const help = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/^egress-lint <command> \[options\]\n/);
    expect(help).toMatch(/\n {2}egress-lint check \[inputs\.\.\] {2}Check snapshots /);
    // Options are described in one column and typed flush right at the wrap width (100 without a terminal).
    expect(help).toMatch(/\n {2}--version {2}Show version number +\[boolean\]\n/);
    expect(help.split('\n').find((l) => l.includes('Show version number'))).toHaveLength(100);
    const check = execFileSync(process.execPath, [BIN, 'check', '--help'], { encoding: 'utf8' });
    expect(check).toMatch(/^egress-lint check \[inputs\.\.\]\n/);
    expect(check).toMatch(/\nPositionals:\n {2}inputs {2}JSON files or directories/);
  });

  // Start-up cost: the Google clients load for scan and snapshot only (run.ts imports src/live lazily),
  // and yargs' help renderer for --help only (src/yargs.ts). Both are CommonJS, so they show in require.cache;
  // importing src/live afterwards shows that they would.
  it('loads neither the Google client libraries nor the help renderer for a check', () => {
    const script = [
      "import { createRequire } from 'node:module';",
      "const [run, live, input] = process.argv.slice(1);",
      "const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: process.cwd(), stdoutIsTTY: false, stderrIsTTY: false, now: new Date() };",
      "const code = await (await import(run)).run(['check', input, '-f', 'json'], io);",
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => /[\\\\/](@google-cloud|google-gax|cliui|string-width)[\\\\/]/.test(f)).length;",
      "const during = loaded();",
      "await import(live);",
      "console.log(JSON.stringify({ code, during, withLive: loaded() }));",
    ].join('\n');
    const url = (path: string) => pathToFileURL(join(ROOT, 'dist', 'src', path)).href;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, url('run.js'), url('live/index.js'), EXAMPLE], { encoding: 'utf8' });
    const { code, during, withLive } = JSON.parse(out) as { code: number; during: number; withLive: number };
    expect(code).toBe(0);
    expect(during).toBe(0);
    expect(withLive).toBeGreaterThan(0);
  });
});
