// Golden tests for every rule: fixtures/rules/<group>/<name>/<fail|pass|unknown>-<case>/ holds a case
// (case.json: a base snapshot and the resources it changes, and files such as deploy scripts beside it;
// fixtures/rules/README.md), written out as real files and loaded exactly as `egress-lint check FILES...`
// would, and expected.txt, the rule's own findings and "not evaluated" records in compact form.
// fail-* cases must produce a finding of the rule, pass-* cases none, and unknown-* cases (a collection
// the rule needs is missing) "not evaluated" and no finding. A pass-* case is also a world that works:
// checked with every rule, it has no finding at error severity and exits 0.
// UPDATE_GOLDEN=1 rewrites expected.txt files (review the diff before committing).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/evaluate.js';
import { EXIT } from '../src/exit-codes.js';
import { loadPaths } from '../src/load/index.js';
import { formatCompact } from '../src/output/compact.js';
import { buildReport } from '../src/output/report.js';
import { fingerprint } from '../src/output/fingerprint.js';
import { cli } from './helpers/cli.js';
import { materialise, readCase, type FixtureCase } from './helpers/fixture-case.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'rules');

function caseDirs(ruleId: string): string[] {
  const dir = join(ROOT, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => /^(fail|pass|unknown)-/.test(d) && statSync(join(dir, d)).isDirectory())
    .sort()
    .map((d) => join(dir, d));
}

/** A deploy input with a value known only when it runs ($VAR): checks that depend on it are "not evaluated". */
const leavesValuesToRunTime = (c: FixtureCase) => Object.entries(c.files ?? {}).some(([f, text]) => !f.endsWith('.json') && /\$\{?\w/.test(text));

describe.each(RULES.map((r) => [r.meta.id]))('%s', (ruleId) => {
  const cases = caseDirs(ruleId);
  it('has at least one failing and one passing fixture', () => {
    expect(cases.some((c) => basename(c).startsWith('fail-'))).toBe(true);
    expect(cases.some((c) => basename(c).startsWith('pass-'))).toBe(true);
  });
  it.each(cases.map((c) => [c.slice(ROOT.length + ruleId.length + 2), c]))('%s', async (_name, dir) => {
    // Every file of the case, so deploy scripts are read too (a directory yields only its *.json).
    const input = materialise(readCase(dir));
    const model = await loadPaths(input.paths);
    const result = evaluate(model);
    const own = {
      findings: result.findings.filter((f) => f.ruleId === ruleId),
      notEvaluated: result.notEvaluated.filter((n) => n.ruleId === ruleId),
    };
    const actual = formatCompact(buildReport(model, own, undefined, input.dir));
    const expectedFile = join(dir, 'expected.txt');
    if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, actual);
    const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8') : '';
    expect(actual).toBe(expected);
    // A finding's identity (SARIF fingerprint, baseline key) is unique.
    const keys = own.findings.map(fingerprint);
    expect(new Set(keys).size).toBe(keys.length);
    const kind = basename(dir).split('-')[0];
    if (kind === 'fail') expect(own.findings.length).toBeGreaterThan(0);
    else expect(own.findings).toEqual([]);
    if (kind === 'unknown') expect(own.notEvaluated.length).toBeGreaterThan(0);
  });

  const passing = cases.filter((c) => basename(c).startsWith('pass-'));
  it.each(passing.map((c) => [basename(c), c]))('%s checked with every rule: no error, exit 0', async (_name, dir) => {
    const c = readCase(dir);
    const input = materialise(c);
    const r = await cli(['check', ...input.paths, '-f', 'json', '--no-config'], {}, false, { cwd: input.dir });
    const report = JSON.parse(r.stdout);
    const where = (f: { ruleId: string; location?: { file: string; line?: number } }) => `${f.location?.file}:${f.location?.line} ${f.ruleId}`;
    expect(report.findings.filter((f: { severity: string }) => f.severity === 'error').map(where)).toEqual([]);
    // Exit 3 only where a deploy script leaves a value to run time, as the gcloud rules' pass cases do on purpose.
    if (leavesValuesToRunTime(c)) expect(r.code).toBe(EXIT.INCOMPLETE);
    else {
      expect(report.notEvaluated.map((n: { ruleId: string; reason: string }) => `${n.ruleId}: ${n.reason}`)).toEqual([]);
      expect(r.code).toBe(EXIT.OK);
    }
  });
});
