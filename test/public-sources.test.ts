// Users see public sources only. Rule docs, `egress-lint explain RULE`, the rules' meta texts (in `rules`,
// SARIF and the README's rule table) and the README cite public URLs, never the developers' internal facts
// sheet (its section numbers, its "§", its file name or directory) nor egress-lint's own source files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { cli } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'cli.js');
const EXAMPLE = join(ROOT, 'fixtures', 'examples', 'seed-connector-nat');

/** References to the internal facts sheet and its layout; wrong in any user-facing text. */
const INTERNAL: [string, RegExp][] = [
  ['a facts-sheet section ("facts 5.3", "Facts sheet 1.2", "facts §10")', /\bfacts?\s+(?:sheet\s+)?§?\s*\d/i],
  ['a section sign with a number ("§10")', /§\s*\d/],
  ['the internal shared directory', /\.\.\/shared\b/],
  ['the facts sheet by name', /gcp-egress-facts/i],
  ["one of egress-lint's source files", /\bsrc\/[\w/-]+\.ts\b/],
];

/** Further patterns for rule docs and rule metadata, which name neither source files nor the sheet's keys. */
const DOC_ONLY: [string, RegExp][] = [
  ['a TypeScript file name ("trace.ts")', /\b[\w-]+\.ts\b/],
  ['a facts-sheet URL key ("U2:", "(U5)")', /\bU(?:10|[1-9])\b/],
  ['a facts-sheet SDK file key ("S-nat")', /\bS-(?:run|vpca|nat|v2)\b/],
  ['a facts-sheet status marker ("**SRC**", "**2ND**")', /\*\*(?:DOC|DOC-COPY|SRC|2ND)\*\*/],
];

/** Every internal reference in text, as "what: the line it is on". */
function internalReferences(text: string, patterns: [string, RegExp][]): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    for (const [what, re] of patterns) if (re.test(line)) found.push(`${what}: ${line.trim()}`);
  }
  return found;
}

const ALL = [...INTERNAL, ...DOC_ONLY];

describe('the patterns', () => {
  it('catch the internal references that docs used to carry', () => {
    for (const bad of [
      'facts 2.1, 2.2 (**2ND**: the rule table comes from third-party copies)',
      'Facts sheet 1.2 (**SRC** gcloud SDK)',
      'Facts §10: the broken variant',
      'UNVERIFIED (facts 5.3)',
      '(facts 4.10, 6.4)',
      'see ../shared/gcp-egress-facts.md',
      'The check is an interval sweep per network (`src/overlap.ts`)',
      'the engine (`trace.ts`) adds a caveat',
      '- U2: https://docs.cloud.google.com/appengine/docs/standard/connecting-vpc',
      '- S-nat: gcloud SDK `command_lib/compute/routers/nats/flags.py`',
    ]) {
      expect(internalReferences(bad, ALL), bad).not.toEqual([]);
    }
  });

  it('leave legitimate text alone', () => {
    for (const good of [
      '## Facts and sources',
      'The facts behind this rule are documented by Google.',
      'Cloud NAT (https://cloud.google.com/nat/docs/overview) translates 10.8.0.0/28 on tcp:443.',
      'gcloud 578.0.0 source: https://github.com/google-cloud-sdk-unofficial/google-cloud-sdk/blob/4643fc9c/lib/googlecloudsdk/command_lib/run/flags.py',
      'A Cloud NAT with `--min-ports-per-vm` 64, DPA off; an RFC 6598 range 100.64.0.0/10.',
      'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-githubs-ip-addresses',
      'Google does not document this (unverified), so the rule reports a warning.',
      'facts.network and t.facts.region',
    ]) {
      expect(internalReferences(good, ALL), good).toEqual([]);
    }
  });
});

describe.each(RULES.map((r) => [r.meta.id, r]))('%s', (id, rule) => {
  const doc = readFileSync(join(ROOT, 'rules', `${id}.md`), 'utf8');

  it('its doc cites no internal document and no source file', () => {
    expect(internalReferences(doc, ALL)).toEqual([]);
  });

  it('its doc cites at least one public https URL in "Facts and sources"', () => {
    const facts = doc.slice(doc.indexOf('## Facts and sources'), doc.indexOf('## How to fix'));
    expect(facts).toMatch(/https:\/\/[\w.-]+\.[a-z]{2,}\/\S*/);
  });

  it('its meta.short and meta.description cite no internal document', () => {
    expect(internalReferences(rule.meta.short, ALL)).toEqual([]);
    expect(internalReferences(rule.meta.description, ALL)).toEqual([]);
  });

  it('`egress-lint explain` prints public sources only (the doc itself)', async () => {
    const r = await cli(['explain', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(doc);
    expect(internalReferences(r.stdout, ALL)).toEqual([]);
  });
});

describe('user-facing texts beyond the rule docs', () => {
  it('the README cites no internal document', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    // The README's Development section names egress-lint's own files (`model.ts`, `scripts/bundle.ts`)
    // for contributors; only the bare-file-name pattern is left out for it.
    expect(internalReferences(readme, INTERNAL)).toEqual([]);
    expect(internalReferences(readme, DOC_ONLY.slice(1))).toEqual([]);
  });

  it('`egress-lint rules` lists no internal reference', async () => {
    const r = await cli(['rules']);
    expect(r.code).toBe(0);
    expect(internalReferences(r.stdout, ALL)).toEqual([]);
  });

  it("SARIF's rule catalogue (docs and descriptions) cites no internal document", async () => {
    const r = await cli(['check', EXAMPLE, '-f', 'sarif']);
    const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules as unknown[];
    expect(rules.length).toBe(RULES.length);
    expect(internalReferences(JSON.stringify(rules, null, 1).replaceAll('\\n', '\n'), ALL)).toEqual([]);
  });

  // The package's bin, as users run it (built by `npm run build`; test/bundle.test.ts checks it exists).
  it.runIf(existsSync(BIN))('the built CLI: `explain RULE` prints the doc for every rule', () => {
    for (const { meta } of RULES) {
      const out = execFileSync(process.execPath, [BIN, 'explain', meta.id], { encoding: 'utf8' });
      expect(out, meta.id).toBe(readFileSync(join(ROOT, 'rules', `${meta.id}.md`), 'utf8'));
      expect(internalReferences(out, ALL), meta.id).toEqual([]);
    }
  });
});
