import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { gcloudRules } from '../rules/gcloud/index.js';
import { parseScriptFile } from '../src/deploy/index.js';
import { evaluate } from '../src/evaluate.js';
import { renderFix } from '../src/fix.js';
import { loadPaths } from '../src/load/index.js';
import type { Model } from '../src/model.js';
import type { Report, Rule, RuleContext } from '../src/rule.js';
import { tmpFiles } from './helpers/tmp.js';
import { readCase } from './helpers/fixture-case.js';

/** Runs one rule on the commands of the deploy script of one of its fixture cases (no snapshot: commands only). */
function run(rule: Rule, fixture: string): Report[] {
  const script = readCase(join(import.meta.dirname, '..', 'fixtures', 'rules', rule.meta.id, fixture)).files?.['deploy.sh'];
  if (script === undefined) throw new Error(`${rule.meta.id}/${fixture} has no deploy.sh`);
  const { commands } = parseScriptFile('deploy.sh', script, { project: 'myproject' });
  const reports: Report[] = [];
  const model = { commands, workloads: [] as Model['workloads'] } as Model;
  rule.check({ model, traces: [], report: (r) => reports.push(r), need: () => true, notEvaluated: () => {} } as unknown as RuleContext);
  return reports;
}

const expected: Record<string, { line: number; severity?: string }[]> = {
  'gcloud/vpc-egress-cleared': [{ line: 4 }, { line: 8 }],
  'gcloud/unknown-egress-value': [{ line: 3, severity: 'warning' }, { line: 5, severity: 'error' }],
  'gcloud/connector-flags-conflict': [{ line: 4 }],
};

describe.each(gcloudRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  test('reports the failing fixture at the offending flag', () => {
    const reports = run(rule, 'fail-script');
    expect(reports.map((r) => ({ line: r.source?.line, ...(r.severity ? { severity: r.severity } : {}) }))).toEqual(expected[id]);
    for (const r of reports) {
      expect(r.message).not.toContain(id);
      expect(r.message).toMatch(/"[^"]+"/);
      expect(r.fixes?.length).toBeGreaterThan(0);
    }
  });

  test('passes the passing fixture', () => {
    expect(run(rule, 'pass-script')).toEqual([]);
  });
});

test('messages quote the values, and the fix is the command to put in the script', () => {
  const [deprecated, invalid] = run(gcloudRules.find((r) => r.meta.id === 'gcloud/unknown-egress-value')!, 'fail-script');
  expect(deprecated!.resource).toBe('//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4');
  expect(deprecated!.message).toContain('--vpc-egress="all" is a deprecated alias of "all-traffic"');
  // The script's command with the value replaced; the project the input decides (myproject) written out.
  expect(deprecated!.fixes!.map(renderFix)).toEqual([
    'gcloud run jobs deploy my-agent-4 --region=europe-west2 --image=us-docker.pkg.dev/cloudrun/container/job:latest --vpc-connector=vpc-conn-europe --vpc-egress=all-traffic --project=myproject',
  ]);
  expect(invalid!.fixes!.map(renderFix)).toEqual([
    'gcloud run deploy web --region=europe-west2 --image=us-docker.pkg.dev/cloudrun/container/hello --vpc-connector=vpc-conn-europe --vpc-egress=all-traffic --project=myproject',
    'gcloud run deploy web --region=europe-west2 --image=us-docker.pkg.dev/cloudrun/container/hello --vpc-connector=vpc-conn-europe --vpc-egress=private-ranges-only --project=myproject',
  ]);
  const [conflict] = run(gcloudRules.find((r) => r.meta.id === 'gcloud/connector-flags-conflict')!, 'fail-script');
  expect(conflict!.fixes!.map(renderFix)).toEqual([
    'gcloud compute networks vpc-access connectors create vpc-conn-europe --region=europe-west2 --subnet=conn-subnet --project=myproject',
    'gcloud compute networks vpc-access connectors create vpc-conn-europe --region=europe-west2 --range=10.8.0.0/28 --project=myproject',
  ]);
});

// Each mistake of a deploy script is reported once, by the rule that explains it best: the rule on the resource the
// command leaves behind, unless only the command shows it. Laid over the bundled example, so that the path rules
// (direct-vpc/subnet-capacity) evaluate too.
describe('one finding per mistake in a deploy script laid over a snapshot', () => {
  const EXAMPLE = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
  const cases: [string, string, string][] = [
    ['--vpc-connector with --network', 'gcloud run jobs deploy j1 --project=myproject --region=europe-west2 --vpc-connector=vpc-conn-europe --network=my-vpc --subnet=my-subnet', 'run/vpc-mode-conflict'],
    ['--vpc-egress without a VPC', 'gcloud run jobs deploy j2 --project=myproject --region=europe-west2 --vpc-egress=all-traffic', 'run/egress-without-vpc'],
    ['a connector of another region that does not exist either', 'gcloud run jobs deploy j8 --project=myproject --region=europe-west2 --image=x --vpc-connector=projects/myproject/locations/europe-west1/connectors/nope', 'run/connector-region-mismatch'],
    ['an egress value gcloud refuses', 'gcloud run jobs deploy j3 --project=myproject --region=europe-west2 --vpc-connector=vpc-conn-europe --vpc-egress=everything', 'gcloud/unknown-egress-value'],
    ['the deprecated egress alias', 'gcloud run jobs deploy j4 --project=myproject --region=europe-west2 --vpc-connector=vpc-conn-europe --vpc-egress=all', 'gcloud/unknown-egress-value'],
    ['a connector range that is not a /28', 'gcloud compute networks vpc-access connectors create c5 --project=myproject --region=europe-west2 --network=my-vpc --range=10.20.0.0/24', 'connector/range-invalid'],
    ['--subnet with --range', 'gcloud compute networks vpc-access connectors create c6 --project=myproject --region=europe-west2 --subnet=my-subnet --range=10.20.0.0/28', 'gcloud/connector-flags-conflict'],
    [
      'a Direct VPC subnet smaller than /26',
      'gcloud compute networks subnets create small --project=myproject --network=my-vpc --region=europe-west2 --range=10.30.0.0/27\n' +
        'gcloud run jobs deploy j7 --project=myproject --region=europe-west2 --network=my-vpc --subnet=small --vpc-egress=all-traffic',
      'direct-vpc/subnet-capacity',
    ],
    ['--vpc-egress with --clear-vpc-connector', 'gcloud run jobs update my-agent-4 --project=myproject --region=europe-west2 --clear-vpc-connector --network=my-vpc --subnet=my-subnet --vpc-egress=all-traffic', 'gcloud/vpc-egress-cleared'],
    ['the deprecated alias with --clear-network', 'gcloud run jobs update my-agent-4 --project=myproject --region=europe-west2 --clear-network --vpc-egress=all', 'gcloud/vpc-egress-cleared'],
  ];
  // The rules that reported these mistakes twice before, and the other configuration rules: none may add a finding.
  // (connector/unused notes that nothing uses a connector the script creates: another matter.)
  const WATCHED = (id: string) => /^(run|connector|gcloud|direct-vpc)\//.test(id) && id !== 'connector/unused' && id !== 'connector/control-plane-blocked';

  test.each(cases)('%s', async (_what, script, ruleId) => {
    const file = join(tmpFiles({ 'deploy.sh': `#!/bin/sh\n${script}\n` }), 'deploy.sh');
    const findings = evaluate(await loadPaths([EXAMPLE, file])).findings.filter((f) => WATCHED(f.ruleId) && f.source?.file === file);
    expect(findings.map((f) => f.ruleId)).toEqual([ruleId]);
    // The configuration rules carry their fixes (the path rules' are the engine's).
    if (!ruleId.startsWith('direct-vpc/')) expect(findings[0]!.fixes?.length).toBeGreaterThan(0);
  });
});
