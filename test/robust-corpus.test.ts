// Hand-written malformed inputs and outputs: each ends in exit 2 with a one-line message naming the file
// (never a stack trace), and nothing is written, or half-written, on the way.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { InputError } from '../src/errors.js';
import { loadPaths } from '../src/load/index.js';
import { cli } from './helpers/cli.js';
import { tmpFiles } from './helpers/tmp.js';

// A chmod 000 file is readable by root, and CI runs as root (it installs Chromium with apt-get), so an
// unreadable file is simulated: readFileSync refuses the paths in UNREADABLE as the kernel would (EACCES).
const { UNREADABLE } = vi.hoisted(() => ({ UNREADABLE: new Set<string>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], options?: Parameters<typeof fs.readFileSync>[1]) => {
    if (UNREADABLE.has(String(path))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES', syscall: 'open', path });
    return fs.readFileSync(path, options);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync };
});

const SEED = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const FIREWALLS = readFileSync(join(SEED, 'firewalls.json'), 'utf8');

/** A copy of the seed example with one file replaced. */
function seedWith(name: string, content: string | Buffer): string {
  const dir = tmpFiles({});
  cpSync(SEED, dir, { recursive: true });
  writeFileSync(join(dir, name), content);
  return dir;
}

async function expectInputError(argv: string[], file: string, message: RegExp): Promise<string> {
  const r = await cli(argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^egress-lint: [^\n]*\n$/);
  expect(r.stderr.startsWith(`egress-lint: ${file}`)).toBe(true);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr;
}

describe('malformed input files', () => {
  test('invalid JSON: file, line and column', async () => {
    const dir = seedWith('firewalls.json', '{\n  "items": [\n    }\n');
    const err = await expectInputError(['check', dir], join(dir, 'firewalls.json'), /invalid JSON/);
    expect(err).toContain(`${join(dir, 'firewalls.json')}:3:`);
  });

  test('invalid JSON whose parser message would quote the input: still one line, the input not echoed', async () => {
    const dir = seedWith('firewalls.json', '{"a": }\n\n\n"secret-token-123"');
    const err = await expectInputError(['check', dir], join(dir, 'firewalls.json'), /invalid JSON/);
    expect(err).not.toContain('secret-token-123');
    expect(err).toContain('firewalls.json:1:7: invalid JSON');
  });

  test('truncated file', async () => {
    const dir = seedWith('firewalls.json', FIREWALLS.slice(0, FIREWALLS.length / 2));
    await expectInputError(['check', dir], join(dir, 'firewalls.json'), /invalid JSON/);
  });

  test('a UTF-8 byte order mark is accepted: the same report as without it', async () => {
    const plain = await cli(['check', SEED, '-f', 'json']);
    const dir = seedWith('firewalls.json', '\uFEFF' + FIREWALLS);
    const bom = await cli(['check', dir, '-f', 'json']);
    expect(bom.code).toBe(plain.code);
    expect(JSON.parse(bom.stdout).summary).toEqual(JSON.parse(plain.stdout).summary);
  });

  test('non-UTF-8 bytes', async () => {
    const dir = seedWith('firewalls.json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
    await expectInputError(['check', dir], join(dir, 'firewalls.json'), /not valid UTF-8/);
  });

  test('empty file, and a file of whitespace', async () => {
    for (const content of ['', ' \n\t\n']) {
      const dir = seedWith('routes.json', content);
      await expectInputError(['check', dir], join(dir, 'routes.json'), /the file is empty/);
    }
  });

  test('JSON that is not an API response: null, a number, a string', async () => {
    for (const content of ['null', '42', '"x"']) {
      const dir = seedWith('routes.json', content);
      await expectInputError(['check', dir], join(dir, 'routes.json'), /expected a JSON object or array/);
    }
  });

  test('200,000 nested arrays: an input error, not a stack overflow', async () => {
    const dir = seedWith('routes.json', '['.repeat(200_000) + ']'.repeat(200_000));
    await expectInputError(['check', dir], join(dir, 'routes.json'), /\$\[0\]: expected a resource object/);
  });
});

describe('paths', () => {
  test('empty directory', async () => {
    const dir = tmpFiles({});
    await expectInputError(['check', dir], dir, /no \*\.json files/);
  });

  test('missing path', async () => {
    const missing = join(tmpFiles({}), 'nope');
    await expectInputError(['check', missing], missing, /no such file or directory/);
  });

  test('unreadable file', async () => {
    const dir = seedWith('routes.json', '{}');
    UNREADABLE.add(join(dir, 'routes.json'));
    await expectInputError(['check', dir], join(dir, 'routes.json'), /permission denied/);
  });

  test('a directory given where a Terraform plan file is needed', async () => {
    const dir = tmpFiles({});
    const err = await loadPaths({ paths: [SEED], plans: [dir] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toBe(`${dir}: is a directory`);
  });
});

describe('output paths', () => {
  test('-o json=DIR: exit 2 naming it; the directory and its contents untouched, no temporary file', async () => {
    const base = tmpFiles({ 'out/keep.txt': 'keep' });
    const out = join(base, 'out');
    await expectInputError(['check', SEED, '-o', `json=${out}`], out, /cannot write/);
    expect(readdirSync(base)).toEqual(['out']);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  test('-o into a missing directory: exit 2 naming it, nothing created', async () => {
    const base = tmpFiles({});
    const out = join(base, 'missing', 'report.sarif');
    await expectInputError(['check', SEED, '-o', `sarif=${out}`], out, /cannot write/);
    expect(existsSync(join(base, 'missing'))).toBe(false);
  });

  test('a failed -o: exit 2 and no report on stdout', async () => {
    const base = tmpFiles({});
    mkdirSync(join(base, 'dir'));
    const r = await cli(['check', SEED, '-o', `json=${join(base, 'ok.json')}`, '-o', `sarif=${join(base, 'dir')}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
