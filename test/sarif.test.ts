// SARIF output validated against the OASIS SARIF 2.1.0 schema (../shared) and the subset GitHub
// code scanning enforces (linter-conventions.md §2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { cli } from './helpers/cli.js';
import { materialise } from './helpers/fixture-case.js';
import { tmpFiles } from './helpers/tmp.js';
import { CONNECTOR_INSIDE_SUBNET, VPC_MODE_CONFLICT_SCRIPT } from './helpers/variants.js';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON } from './helpers/shared.js';

const ROOT = join(import.meta.dirname, '..');
const WHATIF = join(ROOT, 'fixtures', 'deploy', 'whatif');
const SCRIPT_DIR = tmpFiles({ 'deploy.sh': VPC_MODE_CONFLICT_SCRIPT });
const OVERLAP_DIR = materialise(CONNECTOR_INSIDE_SUBNET).dir;
/** Name, inputs, and the directory checked from: the repository, or a written-out input's own directory. */
const INPUTS: [string, string[], string][] = [
  ['the bundled example', [join(ROOT, 'fixtures', 'examples', 'seed-connector-nat')], ROOT],
  ['a what-if deploy with errors and warnings', [join(WHATIF, 'snapshot'), join(WHATIF, 'deploy.sh')], ROOT],
  ['a gcloud script alone', [join(SCRIPT_DIR, 'deploy.sh')], SCRIPT_DIR],
  ['a connector overlap', [OVERLAP_DIR], OVERLAP_DIR],
];

async function sarifOf(inputs: string[], cwd: string): Promise<Log> {
  return JSON.parse((await cli(['check', ...inputs, '-f', 'sarif', '--no-config'], {}, false, { cwd })).stdout) as Log;
}

describe.skipIf(!HAS_SHARED)(`SARIF validates against the OASIS 2.1.0 schema${SHARED_SKIP_REASON}`, () => {
  it.each(INPUTS)('%s', async (_name, inputs, cwd) => {
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SHARED, 'sarif-schema-2.1.0.json'), 'utf8')));
    const log = await sarifOf(inputs, cwd);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});

describe('SARIF meets what GitHub code scanning enforces', () => {
  it.each(INPUTS)('%s', async (_name, inputs, cwd) => {
    const log = await sarifOf(inputs, cwd);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const r of rules) {
      for (const text of [r.shortDescription?.text, r.fullDescription?.text]) {
        expect(text?.trim()).toBeTruthy();
        expect(text!.length).toBeLessThanOrEqual(1024);
      }
      expect(r.help?.text.trim()).toBeTruthy();
      expect(r.help?.markdown?.trim()).toBeTruthy();
      expect(r.name!.length).toBeLessThanOrEqual(255);
      expect(r.helpUri).toMatch(/^https:\/\/.+\/rules\/.+\.md$/);
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration?.level);
      expect((r.properties?.tags as string[]).length).toBeLessThanOrEqual(20);
      const sev = r.properties?.['security-severity'];
      if (sev !== undefined) expect(typeof sev).toBe('string');
    }
    for (const result of run.results!) {
      expect(result.message.text?.trim()).toBeTruthy();
      expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
      const loc = result.locations![0]!;
      expect(loc.physicalLocation!.artifactLocation!.uri).toMatch(/^[^/]/); // repository-relative
      expect(loc.physicalLocation!.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.logicalLocations![0]!.fullyQualifiedName).toMatch(/^\/\//);
      expect(result.partialFingerprints!.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/);
      expect(result.locations!.length).toBeLessThanOrEqual(10);
    }
  });

  it('has results where the input has findings, with fingerprints independent of line numbers', async () => {
    const log = await sarifOf(INPUTS[1]![1], ROOT);
    const results = log.runs[0]!.results!;
    expect(results.map((r) => r.ruleId)).toContain('nat/missing');
    const fingerprints = results.map((r) => r.partialFingerprints!.primaryLocationLineHash);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
