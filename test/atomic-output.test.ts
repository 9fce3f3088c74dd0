// Nothing half-written: -o outputs go through writeFileAtomic (temp file beside the target, fsync,
// rename). An interrupted write leaves the previous file intact and no temporary file behind.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { writeFileAtomic } from '../src/atomic.js';
import { cli } from './helpers/cli.js';
import { tmpFiles } from './helpers/tmp.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const SRC = join(import.meta.dirname, '..', 'src');

/** src/atomic.ts and what it imports, transpiled to a directory a child process can import from. */
function transpiledAtomic(): string {
  const out = tmpFiles({ 'package.json': '{"type":"module"}', 'output/.keep': '' });
  for (const f of ['atomic', 'errors', 'output/escape'])
    writeFileSync(join(out, `${f}.js`), ts.transpileModule(readFileSync(join(SRC, `${f}.ts`), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
  return join(out, 'atomic.js');
}

describe('atomic output', () => {
  test('a formatter that throws: the previous report stays, no temporary file', async () => {
    const dir = tmpFiles({ 'report.json': 'previous' });
    const stringify = JSON.stringify;
    // Only the JSON report's own serialisation fails.
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation((value, ...rest) => {
      if ((value as { schemaVersion?: unknown })?.schemaVersion !== undefined && (value as { tool?: unknown }).tool === 'egress-lint') throw new Error('formatter failed');
      return stringify(value, ...rest);
    });
    await expect(cli(['check', SEED, '-f', 'text', '-o', `json=${join(dir, 'report.json')}`])).rejects.toThrow('formatter failed');
    spy.mockRestore();
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  test('a write that fails half-way: the previous file stays, the temporary file is removed', async () => {
    const dir = tmpFiles({ 'out.json': 'previous' });
    // A string whose encoding throws after the temporary file was opened.
    const poisoned = { toString: () => { throw new Error('disk full'); } } as unknown as string;
    await expect(writeFileAtomic(join(dir, 'out.json'), poisoned)).rejects.toThrow();
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  test('a process killed mid-write: the previous file is intact (old or new, never a prefix)', async () => {
    const dir = tmpFiles({ 'big.json': 'previous' });
    const target = join(dir, 'big.json');
    const big = 'x'.repeat(64 * 1024 * 1024);
    // A child writes 64 MiB through writeFileAtomic in a loop; it is killed at a random moment.
    const script = `import { writeFileAtomic } from ${JSON.stringify(transpiledAtomic())};
      process.stdout.write('ready\\n');
      for (;;) await writeFileAtomic(${JSON.stringify(target)}, 'x'.repeat(${big.length}));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise((resolve) => {
      child.stdout.once('data', () => resolve(true));
      child.once('exit', () => resolve(false));
    });
    expect(started, 'the child process started writing').toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const text = readFileSync(target, 'utf8');
    expect(text === 'previous' || text === big).toBe(true);
    // A SIGKILL leaves its temporary file (nothing can run on SIGKILL), but never under the target's name.
    for (const f of readdirSync(dir)) expect(f === 'big.json' || /^\.big\.json\.[0-9a-f]{12}\.tmp$/.test(f)).toBe(true);
  });
});
