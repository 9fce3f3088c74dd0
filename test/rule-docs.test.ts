// Every rule in the catalogue has its doc beside its file, with the required sections in order,
// a title equal to its id, non-empty meta, and failing and passing fixtures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/evaluate.js';
import { loadPaths } from '../src/load/index.js';
import { tmpFiles } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const SECTIONS = ['## What it detects', '## Why it breaks', '## Facts and sources', '## How to fix', '## Examples'];

describe.each(RULES.map((r) => [r.meta.id, r]))('%s', (id, rule) => {
  it('has a rule file and a doc with exactly the required sections', () => {
    expect(existsSync(join(ROOT, 'rules', `${id}.ts`))).toBe(true);
    const doc = readFileSync(join(ROOT, 'rules', `${id}.md`), 'utf8');
    const headings = doc.split('\n').filter((l) => /^#{1,6} /.test(l));
    expect(headings).toEqual([`# ${id}`, ...SECTIONS]);
    for (const part of doc.split(/^## .*$/m)) expect(part.trim()).not.toBe('');
  });

  it('has non-empty meta', () => {
    const { severity, short, description, requires } = rule.meta;
    expect(['error', 'warning', 'note']).toContain(severity);
    expect(short.trim()).not.toBe('');
    expect(description.trim()).not.toBe('');
    // Empty for rules that need no collection (gcloud/* read deploy scripts; some read one reference).
    expect(Array.isArray(requires)).toBe(true);
  });

  it('has failing and passing fixtures', () => {
    const dir = join(ROOT, 'fixtures', 'rules', id);
    const cases = existsSync(dir) ? readdirSync(dir) : [];
    expect(cases.some((c) => c.startsWith('fail-'))).toBe(true);
    expect(cases.some((c) => c.startsWith('pass-'))).toBe(true);
  });
});

// Docs kept honest: the Examples section names the rule's fixture cases (whose goldens test/rules.test.ts
// checks), every case is named, and shell examples given inline produce (or not) the rule's finding.
describe.each(RULES.map((r) => [r.meta.id]))('%s examples', (id) => {
  const doc = readFileSync(join(ROOT, 'rules', `${id}.md`), 'utf8');
  const examples = doc.slice(doc.indexOf('## Examples'));
  const dir = join(ROOT, 'fixtures', 'rules', id);
  const cases = (existsSync(dir) ? readdirSync(dir) : []).filter((c) => /^(fail|pass|unknown)-/.test(c)).sort();

  it('names every fixture case, and only existing ones', () => {
    const named = [...new Set([...examples.matchAll(/`((?:fail|pass|unknown)-[\w.-]+)`/g)].map((m) => m[1]!))].sort();
    const shellExamples = /```sh/.test(examples);
    if (!shellExamples || named.length > 0) expect(named).toEqual(cases);
  });

  it('inline shell examples: the failing one reports, the passing one does not', async () => {
    const blocks = [...examples.matchAll(/(Failing|Passing)[^\n]*\n+```sh\n([\s\S]*?)```/g)];
    for (const [, kind, script] of blocks) {
      const file = join(tmpFiles({ 'deploy.sh': script! }), 'deploy.sh');
      const model = await loadPaths([file]);
      const own = evaluate(model).findings.filter((f) => f.ruleId === id);
      if (kind === 'Failing') expect(own.length, `failing example of ${id}`).toBeGreaterThan(0);
      else expect(own, `passing example of ${id}`).toEqual([]);
    }
  });
});
