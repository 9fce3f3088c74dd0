// Retired rule ids keep working: in `rules:` severities and waivers of .egress-lint.yaml, in baseline
// files and in `egress-lint explain`, each means the rule that reports those findings now
// (src/rule-aliases.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { loadConfig, ruleSeverities } from '../src/config.js';
import { fingerprint } from '../src/output/fingerprint.js';
import { canonicalRuleId, RULE_ALIASES } from '../src/rule-aliases.js';
import type { Finding } from '../src/rule.js';
import { readBaseline, suppress } from '../src/suppress.js';
import { cli } from './helpers/cli.js';
import { tmpFiles } from './helpers/tmp.js';

const KNOWN = new Set(RULES.map((r) => r.meta.id));
const JOB = '//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4';
// The script of fixtures/rules/run/vpc-mode-conflict/fail-deploy-script: both a connector and Direct VPC flags.
const CONFLICT = 'gcloud run jobs deploy my-agent-4 --project=myproject --region=europe-west2 --image=us-docker.pkg.dev/cloudrun/container/job:latest --vpc-connector=vpc-conn-europe --network=my-vpc --subnet=my-subnet\n';

const finding = (ruleId: string, resource = JOB): Finding => ({ ruleId, severity: 'error', resource, message: 'm' });

describe('the alias table', () => {
  it('maps each retired id to a rule of the catalogue, and retired ids are no rule of it', () => {
    for (const [old, current] of Object.entries(RULE_ALIASES)) {
      expect(KNOWN.has(current), current).toBe(true);
      expect(KNOWN.has(old), old).toBe(false);
    }
    expect(canonicalRuleId('gcloud/vpc-mode-conflict')).toBe('run/vpc-mode-conflict');
    expect(canonicalRuleId('gcloud/direct-vpc-subnet-too-small')).toBe('direct-vpc/subnet-capacity');
    expect(canonicalRuleId('nat/missing')).toBe('nat/missing');
    expect(canonicalRuleId('constructor')).toBe('constructor');
  });
});

describe('.egress-lint.yaml', () => {
  it('accepts a retired id in rules: and applies its severity to the rule that replaced it; the current id wins', async () => {
    const dir = tmpFiles({
      '.egress-lint.yaml': ['rules:', '  gcloud/vpc-mode-conflict: "off"', '  gcloud/egress-without-vpc: note', '  run/egress-without-vpc: error', ''].join('\n'),
    });
    const config = await loadConfig(join(dir, '.egress-lint.yaml'), KNOWN);
    expect(config.rules).toEqual({ 'run/vpc-mode-conflict': 'off', 'run/egress-without-vpc': 'error' });
    expect(ruleSeverities({ 'run/egress-without-vpc': 'note', 'gcloud/egress-without-vpc': 'off' })).toEqual({ 'run/egress-without-vpc': 'note' });
  });

  it('still refuses an id that never was a rule', async () => {
    const dir = tmpFiles({ '.egress-lint.yaml': 'rules:\n  gcloud/no-such-rule: "off"\n' });
    await expect(loadConfig(join(dir, '.egress-lint.yaml'), KNOWN)).rejects.toThrow(/unknown rule "gcloud\/no-such-rule"/);
  });

  it('a retired id turned off in the config silences the finding of the rule that replaced it (end to end)', async () => {
    const dir = tmpFiles({ 'deploy.sh': CONFLICT, '.egress-lint.yaml': 'rules:\n  gcloud/vpc-mode-conflict: "off"\n' });
    const before = JSON.parse((await cli(['check', join(dir, 'deploy.sh'), '-f', 'json', '--no-config'])).stdout);
    expect(before.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('run/vpc-mode-conflict');
    const after = JSON.parse((await cli(['check', join(dir, 'deploy.sh'), '-f', 'json', '--config', join(dir, '.egress-lint.yaml')])).stdout);
    expect(after.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('run/vpc-mode-conflict');
  });
});

describe('waivers', () => {
  it('a waiver written for a retired id waives the findings of the rule that replaced it, and is not reported unused', () => {
    const waiver = { rule: 'gcloud/vpc-mode-conflict', resource: '//run.googleapis.com/projects/*/locations/*/jobs/*', reason: 'accepted' };
    const out = suppress([finding('run/vpc-mode-conflict'), finding('run/egress-without-vpc')], [waiver], new Set(), '2026-11-21');
    expect(out.kept.map((f) => f.ruleId)).toEqual(['run/egress-without-vpc']);
    expect(out.waived).toBe(1);
    expect(out.waiverProblems).toEqual([]);
  });

  it('end to end: a config waiver with the retired id', async () => {
    const dir = tmpFiles({
      'deploy.sh': CONFLICT,
      '.egress-lint.yaml': `waivers:\n  - rule: gcloud/vpc-mode-conflict\n    resource: "${JOB}"\n    reason: moving to Direct VPC next sprint\n`,
    });
    const r = JSON.parse((await cli(['check', join(dir, 'deploy.sh'), '-f', 'json', '--config', join(dir, '.egress-lint.yaml')])).stdout);
    expect(r.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('run/vpc-mode-conflict');
    expect(r.summary.waived).toBe(1);
  });
});

describe('baselines', () => {
  it('an entry of a retired rule (with its discriminator) matches the finding of the rule that replaced it', async () => {
    const old = { ruleId: 'gcloud/vpc-mode-conflict', resource: JOB, discriminator: 'gcloud run jobs deploy' };
    const dir = tmpFiles({ 'baseline.json': JSON.stringify({ tool: 'egress-lint', version: '0', schemaVersion: 1, findings: [{ fingerprint: fingerprint(old), ...old }] }) });
    const baseline = await readBaseline(join(dir, 'baseline.json'));
    const out = suppress([finding('run/vpc-mode-conflict'), finding('run/vpc-mode-conflict', JOB.replace('my-agent-4', 'other'))], [], baseline, '2026-11-21');
    expect(out.baselined).toBe(1);
    expect(out.kept.map((f) => f.resource)).toEqual([JOB.replace('my-agent-4', 'other')]);
  });

  it('end to end: a baseline written before the merge keeps the script\'s finding out', async () => {
    const dir = tmpFiles({ 'deploy.sh': CONFLICT });
    const entries = [{ ruleId: 'gcloud/vpc-mode-conflict', resource: JOB, discriminator: 'gcloud run jobs deploy' }];
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify({ tool: 'egress-lint', version: '0', schemaVersion: 1, findings: entries.map((e) => ({ fingerprint: fingerprint(e), ...e })) }));
    const r = JSON.parse((await cli(['check', join(dir, 'deploy.sh'), '-f', 'json', '--no-config', '--baseline', join(dir, 'baseline.json')])).stdout);
    expect(r.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('run/vpc-mode-conflict');
    expect(r.summary.baselined).toBe(1);
  });
});

describe('egress-lint explain', () => {
  it('explains a retired id with the doc of the rule that replaced it, and says so on stderr', async () => {
    const r = await cli(['explain', 'gcloud/connector-range-not-28']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await cli(['explain', 'connector/range-invalid'])).stdout);
    expect(r.stderr).toBe('egress-lint: gcloud/connector-range-not-28 is reported as connector/range-invalid now\n');
  });

  it('an id that never was a rule is still a usage error', async () => {
    expect((await cli(['explain', 'gcloud/no-such-rule'])).code).toBe(2);
  });
});
