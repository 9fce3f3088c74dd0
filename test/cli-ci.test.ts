// The CI-facing command line: trace, deploy-script what-if, config, waivers, baseline, formats, init.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { materialise } from './helpers/fixture-case.js';
import { tmpFiles } from './helpers/tmp.js';
import { DIRECT_VPC_WITHOUT_NAT, VPC_MODE_CONFLICT_SCRIPT } from './helpers/variants.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'fixtures', 'examples', 'seed-connector-nat');
const WHATIF = join(ROOT, 'fixtures', 'deploy', 'whatif');
// A gcloud script setting both --vpc-connector and --network, checked from its own directory so that
// locations read deploy.sh:LINE.
const CONFLICT_DIR = tmpFiles({ 'deploy.sh': VPC_MODE_CONFLICT_SCRIPT });
const CONFLICT = join(CONFLICT_DIR, 'deploy.sh');
const IN_CONFLICT_DIR = { cwd: CONFLICT_DIR };
const JOB = '//run.googleapis.com/projects/myproject/locations/europe-west1/jobs/my-agent-4';

describe('trace', () => {
  it('draws the §10 working path hop by hop, REACHABLE through the NAT', async () => {
    const r = await cli(['trace', EXAMPLE, '--from', 'my-agent-4']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 6)).toEqual([
      'Cloud Run job my-agent-4 (europe-west2)',
      '  ➜ connector vpc-conn-europe 10.8.0.0/28',
      '  ➜ firewall: implied allow egress',
      '  ➜ route default-route-0d2b7bd7a4e7a1b1 0.0.0.0/0 → default-internet-gateway (priority 1000)',
      '  ➜ Cloud NAT nat-router-europe/nat-europe (auto-allocated)',
      '  ➜ 140.82.112.3:443/tcp  REACHABLE',
    ]);
  });
  it('gives the trace as JSON', async () => {
    const r = await cli(['trace', EXAMPLE, '--from', 'my-agent-4', '--to', '140.82.112.3:22/tcp', '-f', 'json']);
    const [t] = JSON.parse(r.stdout);
    expect(t.verdict).toBe('REACHABLE');
    expect(t.steps.map((s: { step: string }) => s.step)).toEqual([
      'START_FROM_CLOUD_RUN_JOB',
      'ARRIVE_AT_VPC_CONNECTOR',
      'APPLY_EGRESS_FIREWALL_RULE',
      'APPLY_ROUTE',
      'NAT',
      'DELIVER',
    ]);
  });
  it('exits 1 for an unreachable destination and 2 for an unknown workload', async () => {
    expect((await cli(['trace', WHATIF, '--from', JOB])).code).toBe(2);
    expect((await cli(['trace', join(WHATIF, 'snapshot'), join(WHATIF, 'deploy.sh'), '--from', JOB])).code).toBe(1);
    const r = await cli(['trace', EXAMPLE, '--from', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Cloud Run job, service or worker pool named "nope"/);
  });
});

describe('deploy scripts laid over a snapshot (what if this runs?)', () => {
  it('moving the job to Direct VPC all-traffic in a region without NAT is nat/missing at the script line', async () => {
    const r = await cli(['check', join(WHATIF, 'snapshot'), join(WHATIF, 'deploy.sh'), '-f', 'json']);
    expect(r.code).toBe(1);
    const missing = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'nat/missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ resource: JOB, location: { file: 'fixtures/deploy/whatif/deploy.sh', line: 5 }, destination: 'internet' });
    expect(missing[0].trace).toMatchObject({ verdict: 'UNREACHABLE', cause: 'NO_EXTERNAL_ADDRESS' });
  });
  it('a connector known only when the script runs ($VAR) is never guessed: not evaluated, exit 3', async () => {
    const script = tmpFiles({
      'deploy.sh': 'gcloud run jobs deploy my-agent-4 --project=myproject --region=europe-west2 --vpc-connector=$CONNECTOR --vpc-egress=all-traffic\n',
    });
    const r = await cli(['check', EXAMPLE, join(script, 'deploy.sh'), '-f', 'json', '--no-config']);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toEqual([]);
    expect(out.notEvaluated.map((n: { ruleId: string }) => n.ruleId)).toEqual(expect.arrayContaining(['nat/missing', 'connector/unused', 'run/egress-without-vpc']));
    expect(out.notEvaluated.find((n: { ruleId: string }) => n.ruleId === 'nat/missing').reason).toMatch(/not known until deploy: connector/);
    expect(r.code).toBe(3);
  });
  it('the snapshot alone has no error', async () => {
    expect((await cli(['check', join(WHATIF, 'snapshot')])).code).toBe(0);
  });
  it('a gcloud command with both --vpc-connector and --network is reported once, at its line, in text, JSON and SARIF', async () => {
    const text = await cli(['check', CONFLICT, '--no-color'], {}, false, IN_CONFLICT_DIR);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ *deploy\.sh:5: error: .*\[run\/vpc-mode-conflict\]/m);
    const json = JSON.parse((await cli(['check', CONFLICT, '-f', 'json'], {}, false, IN_CONFLICT_DIR)).stdout);
    // One finding per command: the conflict is the workload's (run/*), not the command's too.
    const conflicts = json.findings.filter((f: { ruleId: string }) => /vpc-mode-conflict$/.test(f.ruleId));
    expect(conflicts.map((f: { ruleId: string }) => f.ruleId)).toEqual(['run/vpc-mode-conflict', 'run/vpc-mode-conflict']);
    expect(conflicts.map((f: { location: { line: number } }) => f.location.line)).toEqual([5, 8]);
    const sarif = JSON.parse((await cli(['check', CONFLICT, '-f', 'sarif'], {}, false, IN_CONFLICT_DIR)).stdout);
    const results = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'run/vpc-mode-conflict');
    expect(results.map((r: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => r.locations[0]!.physicalLocation.region.startLine)).toEqual([5, 8]);
  });
});

describe('configuration, waivers and baseline', () => {
  const failCase = materialise(DIRECT_VPC_WITHOUT_NAT).dir;

  it('waivers with a reason suppress findings (counted, left out of SARIF); unused and expired ones are reported', async () => {
    const cfg = tmpFiles({
      '.egress-lint.yaml': [
        'waivers:',
        '  - rule: nat/missing',
        '    resource: "//run.googleapis.com/projects/*/locations/*/jobs/**"',
        '    reason: accepted until the NAT lands',
        '    expires: 2027-01-31',
        '  - rule: route/nat-bypassed',
        '    resource: "//nothing/**"',
        '    reason: nothing matches this',
        '  - rule: firewall/egress-denied',
        '    resource: "**"',
        '    reason: old',
        '    expires: 2020-01-01',
        '',
      ].join('\n'),
    });
    const before = JSON.parse((await cli(['check', failCase, '-f', 'json', '--no-config'])).stdout);
    const nat = before.findings.filter((f: { ruleId: string }) => f.ruleId === 'nat/missing').length;
    expect(nat).toBeGreaterThan(0);
    const after = JSON.parse((await cli(['check', failCase, '-f', 'json', '--config', join(cfg, '.egress-lint.yaml')])).stdout);
    expect(after.findings.filter((f: { ruleId: string }) => f.ruleId === 'nat/missing')).toEqual([]);
    expect(after.summary.waived).toBe(nat);
    expect(after.waiverProblems).toEqual([
      'waiver for route/nat-bypassed on "//nothing/**" matches no finding; remove it',
      'waiver for firewall/egress-denied on "**" expired on 2020-01-01; it no longer applies (reason was: old)',
    ]);
    const sarif = JSON.parse((await cli(['check', failCase, '-f', 'sarif', '--config', join(cfg, '.egress-lint.yaml')])).stdout);
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'nat/missing')).toBe(false);
  });

  it('finds the config from EGRESS_LINT_CONFIG and from the working directory upward', async () => {
    const cfg = tmpFiles({ '.git/HEAD': 'ref: refs/heads/main\n', '.egress-lint.yaml': 'rules:\n  nat/port-capacity: "off"\n', 'sub/dir/x': '' });
    const viaCwd = await cli(['check', EXAMPLE, '-f', 'json'], {}, false, { cwd: join(cfg, 'sub', 'dir') });
    expect(JSON.parse(viaCwd.stdout).summary.notes).toBe(0);
    const viaEnv = await cli(['check', EXAMPLE, '-f', 'json'], { EGRESS_LINT_CONFIG: join(cfg, '.egress-lint.yaml') });
    expect(JSON.parse(viaEnv.stdout).summary.notes).toBe(0);
    const skipped = await cli(['check', EXAMPLE, '-f', 'json', '--no-config'], { EGRESS_LINT_CONFIG: join(cfg, '.egress-lint.yaml') });
    expect(JSON.parse(skipped.stdout).summary.notes).toBe(1);
  });

  it.each([
    ['waivers:\n  - rule: nat/missing\n    resource: "**"\n', /\.egress-lint\.yaml:2:5: waivers\.0: missing "reason" \(every waiver needs a reason\)/],
    ['rules:\n  nat/nope: error\n', /\.egress-lint\.yaml:2:3: unknown rule "nat\/nope"/],
    ['failOn: sometimes\n', /\.egress-lint\.yaml:1:9: failOn: expected one of error, warning, note, none/],
    ['bogus: 1\n', /\.egress-lint\.yaml:1:1: unknown key "bogus"/],
    ['rules: [\n', /\.egress-lint\.yaml:\d+:\d+: invalid YAML/],
  ])('a bad config exits 2 with file:line:column — %j', async (yaml, message) => {
    const cfg = tmpFiles({ '.egress-lint.yaml': yaml });
    const r = await cli(['check', EXAMPLE, '--config', join(cfg, '.egress-lint.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a baseline keeps accepted findings quiet and lets new ones through, whatever the line numbers', async () => {
    const dir = tmpFiles({});
    const base = join(dir, 'baseline.json');
    const first = await cli(['check', failCase, '--write-baseline', base, '--no-config']);
    expect(first.code).toBe(1);
    const second = await cli(['check', failCase, '--baseline', base, '-f', 'json', '--no-config']);
    const out = JSON.parse(second.stdout);
    expect(out.findings).toEqual([]);
    expect(out.summary.baselined).toBeGreaterThan(0);
    expect(second.code).toBe(0);
    expect(JSON.parse(readFileSync(base, 'utf8')).findings[0]).toHaveProperty('fingerprint');
  });

  it('--fail-on sets the threshold; none never fails', async () => {
    expect((await cli(['check', EXAMPLE, '--fail-on', 'note', '--no-config'])).code).toBe(1);
    expect((await cli(['check', EXAMPLE, '--fail-on', 'warning', '--no-config'])).code).toBe(0);
    expect((await cli(['check', EXAMPLE, '--fail-on', 'none', '--no-config'])).code).toBe(0);
    // A script alone leaves path rules without the collections they need: nothing fails, but it is incomplete.
    expect((await cli(['check', CONFLICT, '--fail-on', 'none', '--no-config'])).code).toBe(3);
  });
});

describe('formats for pull requests and workflow annotations', () => {
  it('markdown: a summary table, the findings and the failing paths', async () => {
    const r = await cli(['check', join(WHATIF, 'snapshot'), join(WHATIF, 'deploy.sh'), '-f', 'markdown', '--no-config']);
    expect(r.stdout).toMatch(/^### egress-lint: 1 error\(s\), 2 warning\(s\), 1 note\(s\)/);
    expect(r.stdout).toContain('| error | `nat/missing` | Cloud Run job my-agent-4 (myproject, europe-west1) |');
    expect(r.stdout).toContain('#### Failing paths');
    expect(r.stdout).toContain('✗');
  });
  it('markdown embeds the failing path as a Mermaid flowchart; trace draws one with --format mermaid', async () => {
    const md = await cli(['check', join(WHATIF, 'snapshot'), join(WHATIF, 'deploy.sh'), '-f', 'markdown', '--no-config']);
    expect(md.stdout).toMatch(/```mermaid\nflowchart LR\n/);
    const trace = await cli(['trace', EXAMPLE, '--from', 'my-agent-4', '-f', 'mermaid']);
    expect(trace.stdout).toMatch(/^flowchart LR\n/);
    expect(trace.stdout).toContain('vpc-conn-europe');
  });
  it('-o html=FILE writes the self-contained report from the same evaluation', async () => {
    const dir = tmpFiles({});
    const r = await cli(['check', EXAMPLE, '-o', `html=${join(dir, 'report.html')}`, '--no-config']);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });
  it('github: workflow commands with file and line', async () => {
    const r = await cli(['check', CONFLICT, '-f', 'github', '--no-config'], {}, false, IN_CONFLICT_DIR);
    expect(r.stdout).toMatch(/^::error file=deploy\.sh,line=5,title=egress-lint run\/vpc-mode-conflict::/m);
  });
});

describe('rules, explain, init', () => {
  it('lists the catalogue and explains a rule', async () => {
    const list = await cli(['rules']);
    expect(list.stdout).toMatch(/^run\/vpc-mode-conflict\s+error\s+/m);
    expect(list.stdout).toMatch(/^nat\/missing\s+error\s+/m);
    expect((await cli(['explain', 'nat/missing'])).stdout).toMatch(/^# nat\/missing\n/);
  });
  it('init writes a starter config that loads, and refuses to overwrite', async () => {
    const dir = tmpFiles({});
    expect((await cli(['init'], {}, false, { cwd: dir })).code).toBe(0);
    expect((await cli(['check', EXAMPLE, '--config', join(dir, '.egress-lint.yaml')])).code).toBe(0);
    expect((await cli(['init'], {}, false, { cwd: dir })).code).toBe(2);
  });
});

