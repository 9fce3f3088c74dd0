import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { gcloudRules } from '../rules/gcloud/index.js';
import { parseScriptFile } from '../src/deploy/index.js';
import type { Model } from '../src/model.js';
import type { Report, Rule } from '../src/rule.js';
import { readCase } from './helpers/fixture-case.js';

/** Runs one rule on the commands of the deploy script of one of its fixture cases. */
function run(rule: Rule, fixture: string): Report[] {
  const script = readCase(join(import.meta.dirname, '..', 'fixtures', 'rules', rule.meta.id, fixture)).files?.['deploy.sh'];
  if (script === undefined) throw new Error(`${rule.meta.id}/${fixture} has no deploy.sh`);
  const { commands } = parseScriptFile('deploy.sh', script, { project: 'myproject' });
  const reports: Report[] = [];
  rule.check({ model: { commands } as Model, traces: [], report: (r) => reports.push(r), need: () => true, notEvaluated: () => {} });
  return reports;
}

const expected: Record<string, { line: number; severity?: string }[]> = {
  'gcloud/vpc-mode-conflict': [{ line: 5 }, { line: 8 }],
  'gcloud/egress-without-vpc': [{ line: 3 }, { line: 5 }],
  'gcloud/unknown-egress-value': [{ line: 3, severity: 'warning' }, { line: 5, severity: 'error' }],
  'gcloud/connector-flags-conflict': [{ line: 4 }],
  'gcloud/connector-range-not-28': [{ line: 5 }],
  'gcloud/direct-vpc-subnet-too-small': [{ line: 5 }],
};

describe.each(gcloudRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  test('reports the failing fixture at the offending flag', () => {
    const reports = run(rule, 'fail-script');
    expect(reports.map((r) => ({ line: r.source?.line, ...(r.severity ? { severity: r.severity } : {}) }))).toEqual(expected[id]);
    for (const r of reports) {
      expect(r.message).not.toContain(id);
      expect(r.message).toMatch(/"[^"]+"/);
    }
  });

  test('passes the passing fixture', () => {
    expect(run(rule, 'pass-script')).toEqual([]);
  });
});

test('messages quote the values and say how to fix', () => {
  const [conflict] = run(gcloudRules.find((r) => r.meta.id === 'gcloud/vpc-mode-conflict')!, 'fail-script');
  expect(conflict!.resource).toBe('//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4');
  expect(conflict!.message).toContain('--vpc-connector="vpc-conn-europe" and --network="my-vpc"');
  const [range] = run(gcloudRules.find((r) => r.meta.id === 'gcloud/connector-range-not-28')!, 'fail-script');
  expect(range!.message).toBe('--range="10.8.0.0/24" is a /24; a connector range must be exactly /28. Use an unused /28, e.g. --range=10.8.0.0/28');
});
