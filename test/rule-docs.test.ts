// Every rule in the catalogue has its doc beside its file, with the required sections in order,
// a title equal to its id, non-empty meta, and failing and passing fixtures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';

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
