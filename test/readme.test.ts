// The README's rule table matches the catalogue (regenerate with `npm run docs`), and its two setup
// commands are the ones .ci/run runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { withRuleTable } from '../src/rule-table.js';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

it('the rule table is generated from the rules', () => {
  expect(readme).toBe(withRuleTable(readme));
});

it('README names npm ci && npm start, then npm test, and .ci/run runs the same install and test', () => {
  expect(readme).toMatch(/^npm ci && npm start\b/m);
  expect(readme).toMatch(/^npm test\b/m);
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  expect(ci).toMatch(/^npm ci\b/m);
  expect(ci).toMatch(/^npm test$/m);
});
