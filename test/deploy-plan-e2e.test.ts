// The facts §10 setup as a Terraform plan, alone and laid over the example snapshot, and its broken
// variants: findings at the .tf line of the resource block (with --tf-dir) or at the plan.json line,
// in text, JSON and SARIF.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './helpers/cli.js';

const DIR = 'fixtures/deploy/terraform';
const PLAN = `${DIR}/plan.json`;
const EXAMPLE = 'fixtures/examples/seed-connector-nat/';
const JOB = '//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4';
const CONNECTOR = '//vpcaccess.googleapis.com/projects/myproject/locations/europe-west2/connectors/vpc-conn-europe';

type Obj = Record<string, any>;
interface Where {
  ruleId: string;
  resource: string;
  file: string;
  line: number;
}

/** Runs check in text, JSON and SARIF; the exit code must not depend on the format. */
async function check(argv: string[]) {
  const text = await cli(['check', ...argv, '--no-color']);
  const json = await cli(['check', ...argv, '-f', 'json']);
  const sarif = await cli(['check', ...argv, '-f', 'sarif']);
  expect(json.code).toBe(text.code);
  expect(sarif.code).toBe(text.code);
  return { code: text.code, text: text.stdout, stderr: text.stderr, json: JSON.parse(json.stdout) as Obj, sarif: JSON.parse(sarif.stdout) as Obj };
}

/** The finding is at file:line in all three formats. */
function expectAt(r: Awaited<ReturnType<typeof check>>, w: Where): void {
  expect(r.json.findings).toContainEqual(expect.objectContaining({ ruleId: w.ruleId, resource: w.resource, location: { file: w.file, line: w.line } }));
  const result = (r.sarif.runs[0].results as Obj[]).find((x) => x.ruleId === w.ruleId);
  expect(result?.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: w.file }, region: { startLine: w.line } });
  expect(r.text).toMatch(new RegExp(`${w.file}:${w.line}: \\w+: .*\\[${w.ruleId}\\]`));
}

function expectNone(r: Awaited<ReturnType<typeof check>>, ruleId?: string): void {
  const ids = (r.json.findings as Obj[]).map((f) => f.ruleId);
  if (ruleId) expect(ids).not.toContain(ruleId);
  else expect(ids).toEqual([]);
  expect((r.sarif.runs[0].results as Obj[]).filter((x) => !ruleId || x.ruleId === ruleId)).toEqual([]);
}

const tmp = mkdtempSync(join(tmpdir(), 'egress-lint-plan-'));
const base = (): Obj => JSON.parse(readFileSync(PLAN, 'utf8')) as Obj;
/** Writes an edited copy of the plan, indented so each resource starts on a line of its own. */
function variant(name: string, edit: (plan: Obj) => void): string {
  const plan = base();
  edit(plan);
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return file;
}
/** The file as findings name it: relative to the working directory. */
const shown = (file: string): string => relative(process.cwd(), file);
const planned = (plan: Obj, address: string): Obj =>
  [...plan.planned_values.root_module.resources, ...plan.planned_values.root_module.child_modules[0].resources].find((r: Obj) => r.address === address);
const change = (plan: Obj, address: string): Obj => plan.resource_changes.find((c: Obj) => c.address === address);
const netModule = (plan: Obj): Obj => plan.configuration.root_module.module_calls.net.module;
const configured = (plan: Obj, address: string): Obj =>
  address.startsWith('module.net.')
    ? netModule(plan).resources.find((r: Obj) => `module.net.${r.address}` === address)
    : plan.configuration.root_module.resources.find((r: Obj) => r.address === address);
/** 1-based line of the planned resource's object in a plan file written by variant(). */
const lineOf = (file: string, address: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(`"address": "${address}"`));

describe('the §10 setup as a Terraform plan', () => {
  test('alone: unknown until apply values resolved from the configuration; nothing wrong, the rest not evaluated (exit 3)', async () => {
    const r = await check(['--plan', PLAN, '--tf-dir', DIR]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expectNone(r);
    expect(r.json.notEvaluated.length).toBeGreaterThan(0);
    expect(r.json.coverage.failures).toEqual([]);
  });

  test('laid over the example snapshot: the path works; the one note points at the connector block in main.tf', async () => {
    const r = await check([EXAMPLE, '--plan', PLAN, '--tf-dir', DIR]);
    expect(r.code).toBe(0);
    expect((r.json.findings as Obj[]).map((f) => f.ruleId)).toEqual(['nat/port-capacity']);
    expectAt(r, { ruleId: 'nat/port-capacity', resource: CONNECTOR, file: `${DIR}/main.tf`, line: 10 });
  });

  test('without --tf-dir the note points at the plan.json line of the connector', async () => {
    const r = await check([EXAMPLE, '--plan', PLAN]);
    expectAt(r, { ruleId: 'nat/port-capacity', resource: CONNECTOR, file: PLAN, line: 48 });
  });
});

describe('broken variants of the plan', () => {
  test('connector and Direct VPC interfaces both set → run/vpc-mode-conflict at the job block', async () => {
    const file = variant('conflict', (plan) => {
      const vpc = planned(plan, 'google_cloud_run_v2_job.agent').values.template[0].template[0].vpc_access[0];
      vpc.network_interfaces = [{ network: 'my-vpc', subnetwork: 'my-subnet', tags: [] }];
    });
    const withTf = await check([EXAMPLE, '--plan', file, '--tf-dir', DIR]);
    expect(withTf.code).toBe(1);
    expectAt(withTf, { ruleId: 'run/vpc-mode-conflict', resource: JOB, file: `${DIR}/main.tf`, line: 17 });
    const alone = await check(['--plan', file]);
    expectAt(alone, { ruleId: 'run/vpc-mode-conflict', resource: JOB, file: shown(file), line: lineOf(file, 'google_cloud_run_v2_job.agent') });
  });

  test('all-traffic Direct VPC job in a region without Cloud NAT → nat/missing at the job block', async () => {
    const region = 'us-central1';
    const file = variant('direct-vpc-no-nat', (plan) => {
      const job = planned(plan, 'google_cloud_run_v2_job.agent');
      job.values.location = region;
      job.values.template[0].template[0].vpc_access = [{ egress: 'ALL_TRAFFIC', network_interfaces: [{ network: 'my-vpc', subnetwork: 'my-subnet', tags: [] }] }];
      change(plan, 'google_cloud_run_v2_job.agent').change.after_unknown.template[0].template[0].vpc_access = [{ network_interfaces: [{ tags: [] }] }];
      planned(plan, 'module.net.google_compute_subnetwork.subnet').values.region = region;
    });
    const job = `//run.googleapis.com/projects/myproject/locations/${region}/jobs/my-agent-4`;
    const r = await check([EXAMPLE, '--plan', file, '--tf-dir', DIR]);
    expect(r.code).toBe(1);
    expectAt(r, { ruleId: 'nat/missing', resource: job, file: `${DIR}/main.tf`, line: 17 });
    expect(r.text).toContain(`no Cloud NAT exists in "${region}"`);
  });

  test('a connector range that is not a /28 → connector/range-invalid at the connector block', async () => {
    const file = variant('range-24', (plan) => {
      planned(plan, 'google_vpc_access_connector.conn').values.ip_cidr_range = '10.8.0.0/24';
    });
    const r = await check(['--plan', file, '--tf-dir', DIR]);
    expect(r.code).toBe(1);
    expectAt(r, { ruleId: 'connector/range-invalid', resource: CONNECTOR, file: `${DIR}/main.tf`, line: 10 });
    const alone = await check(['--plan', file]);
    expectAt(alone, { ruleId: 'connector/range-invalid', resource: CONNECTOR, file: shown(file), line: lineOf(file, 'google_vpc_access_connector.conn') });
  });

  test('deleting the NAT of the example snapshot → nat/missing for my-agent-4', async () => {
    const file = variant('delete-nat', (plan) => {
      plan.planned_values.root_module = { resources: [] };
      plan.resource_changes = [
        {
          address: 'google_compute_router_nat.nat',
          mode: 'managed',
          type: 'google_compute_router_nat',
          name: 'nat',
          change: { actions: ['delete'], before: { name: 'nat-europe', router: 'nat-router-europe', region: 'europe-west2', project: 'myproject' }, after: null, after_unknown: {} },
        },
      ];
      plan.configuration = { root_module: {} };
    });
    const r = await check([EXAMPLE, '--plan', file]);
    expect(r.code).toBe(1);
    expectAt(r, { ruleId: 'nat/missing', resource: JOB, file: 'fixtures/examples/seed-connector-nat/jobs.json', line: 3 });
  });
});

describe('values still unknown until apply', () => {
  test("a connector range from another resource's attribute: not evaluated, no finding, exit 3", async () => {
    const file = variant('unknown-range', (plan) => {
      delete planned(plan, 'google_vpc_access_connector.conn').values.ip_cidr_range;
      change(plan, 'google_vpc_access_connector.conn').change.after_unknown.ip_cidr_range = true;
      configured(plan, 'google_vpc_access_connector.conn').expressions.ip_cidr_range = { references: ['module.net.connector_range', 'module.net'] };
      netModule(plan).outputs.connector_range = { expression: { references: ['google_compute_subnetwork.subnet.ip_cidr_range', 'google_compute_subnetwork.subnet'] } };
    });
    for (const argv of [['--plan', file], [EXAMPLE, '--plan', file]]) {
      const r = await check(argv);
      expect(r.code).toBe(3);
      expectNone(r);
      expect(r.json.notEvaluated).toContainEqual(expect.objectContaining({ ruleId: 'connector/range-invalid', resource: CONNECTOR, reason: '"ipCidrRange" not known until deploy' }));
    }
  });

  test('a router whose network stays unknown: left out, its routers unknown, never nat/missing (exit 3)', async () => {
    const file = variant('unknown-router-network', (plan) => {
      delete configured(plan, 'module.net.google_compute_router.router').expressions.network;
    });
    const alone = await check(['--plan', file, '--tf-dir', DIR]);
    expect(alone.stderr).toBe('');
    expect(alone.code).toBe(3);
    expectNone(alone);
    const failure = { collection: 'routers', project: 'myproject', region: 'europe-west2', reason: expect.stringContaining('module.net.google_compute_router.router') };
    expect(alone.json.coverage.failures).toEqual([failure]);
    expect(alone.text).toContain(`module.net.google_compute_router.router (${DIR}/modules/net/main.tf:13) is left out: its "network" is not known until deploy`);

    // Over the snapshot without its NAT, the one NAT left is on the router whose network is unknown: not evaluated, not nat/missing.
    const withoutNat = variant('unknown-router-network-delete-nat', (plan) => {
      delete configured(plan, 'module.net.google_compute_router.router').expressions.network;
      plan.resource_changes.push({
        address: 'google_compute_router_nat.old',
        mode: 'managed',
        type: 'google_compute_router_nat',
        name: 'old',
        change: { actions: ['delete'], before: { name: 'nat-europe', router: 'nat-router-europe', region: 'europe-west2', project: 'myproject' }, after: null, after_unknown: {} },
      });
    });
    const over = await check([EXAMPLE, '--plan', withoutNat]);
    expect(over.code).toBe(3);
    expectNone(over, 'nat/missing');
    expect(over.json.notEvaluated).toContainEqual(expect.objectContaining({ ruleId: 'nat/missing', resource: JOB }));
  });
});
