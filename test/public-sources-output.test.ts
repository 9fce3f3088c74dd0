// Users see public sources only: no message, caveat, hop or fix that egress-lint prints for any rule
// case cites an internal document, its section numbers or a source file (test/public-sources.test.ts
// checks the docs and the rule catalogue).
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { loadPaths } from '../src/load/index.js';
import { formatJson } from '../src/output/json.js';
import { buildReport } from '../src/output/report.js';
import { formatTraceText } from '../src/output/trace-text.js';
import { materialise, readCase } from './helpers/fixture-case.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'rules');
const INTERNAL = /\bfacts?\s+§?\d|§\s*\d|\.\.\/shared|gcp-egress-facts|\bsrc\/[\w/-]+\.ts\b|UNVERIFIED \(/i;

/** fixtures/rules/GROUP/RULE/CASE (a rule may itself be named unknown-..., so the depth decides). */
function caseDirs(): string[] {
  const dirs = (d: string): string[] => readdirSync(d).map((n) => join(d, n)).filter((p) => statSync(p).isDirectory());
  return dirs(ROOT).flatMap(dirs).flatMap(dirs).filter((d) => /^(fail|pass|unknown)-/.test(basename(d))).sort();
}

describe('what egress-lint prints for the rule cases', () => {
  it('cites no internal document', async () => {
    const dirs = caseDirs();
    expect(dirs.length).toBeGreaterThan(50);
    const offending: string[] = [];
    for (const dir of dirs) {
      const model = await loadPaths(materialise(readCase(dir)).paths);
      const result = evaluate(model);
      const texts = [formatJson(buildReport(model, result, undefined, dir)), ...result.traces.map(formatTraceText)];
      for (const text of texts) for (const line of text.split('\n')) if (INTERNAL.test(line)) offending.push(`${dir.slice(ROOT.length + 1)}: ${line.trim()}`);
    }
    expect([...new Set(offending)].join('\n')).toBe('');
  });

  it('would see an internal reference', () => {
    expect(INTERNAL.test('is UNVERIFIED (facts 5.3)')).toBe(true);
    expect(INTERNAL.test('see ../shared/gcp-egress-facts.md §10')).toBe(true);
    expect(INTERNAL.test('gcloud compute routers nats update nat-europe --router=nat-router-europe')).toBe(false);
  });
});
