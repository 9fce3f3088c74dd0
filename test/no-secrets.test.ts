// No secrets out: Cloud Run resources (v2 job and service, v1 service and job) with env values, secret
// references and tokens in container args are checked in every format and snapshotted as the live
// collector does (redactRunResource, then serializeBundle); no secret value appears in any output.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUNDLE_KIND, BUNDLE_SCHEMA_VERSION } from '../src/load/bundle.js';
import { redactRunResource } from '../src/live/redact.js';
import { serializeBundle } from '../src/live/write.js';
import { cli } from './helpers/cli.js';
import { tmpFiles } from './helpers/tmp.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const LOCATION = 'projects/myproject/locations/europe-west2';

/** Every secret below contains this marker; env var names do not. */
const SECRET = 'S3CR3T';
const container = (tag: string) => ({
  image: 'europe-west2-docker.pkg.dev/myproject/agents/app:latest',
  args: ['--verbose', `--token=${SECRET}-${tag}-ARG`],
  command: ['/app'],
});
const v2Container = (tag: string) => ({
  ...container(tag),
  env: [
    { name: 'DB_PASSWORD', value: `${SECRET}-${tag}-VALUE` },
    { name: 'API_KEY', valueSource: { secretKeyRef: { secret: `${SECRET}-${tag}-REF`, version: 'latest' } } },
  ],
});
const v1Container = (tag: string) => ({
  ...container(tag),
  env: [
    { name: 'DB_PASSWORD', value: `${SECRET}-${tag}-VALUE` },
    { name: 'API_KEY', valueFrom: { secretKeyRef: { name: `${SECRET}-${tag}-REF`, key: 'latest' } } },
  ],
});
const v1Meta = (name: string) => ({ name, namespace: 'myproject', labels: { 'cloud.googleapis.com/location': 'europe-west2' } });
// "all-traffic" without a connector: each v1 resource has a finding (run/egress-without-vpc), so outputs are not empty.
const v1Annotations = { annotations: { 'run.googleapis.com/vpc-access-egress': 'all-traffic' } };

const RESOURCES = {
  'services.json': {
    services: [
      {
        name: `${LOCATION}/services/api`,
        template: { vpcAccess: { connector: `${LOCATION}/connectors/vpc-conn-europe`, egress: 'ALL_TRAFFIC' }, containers: [v2Container('V2SVC')] },
      },
    ],
  },
  'jobs.json': {
    jobs: [
      {
        name: `${LOCATION}/jobs/batch`,
        template: { template: { vpcAccess: { connector: `${LOCATION}/connectors/vpc-conn-europe`, egress: 'ALL_TRAFFIC' }, containers: [v2Container('V2JOB')] } },
      },
    ],
  },
  'run-v1-services.json': [
    { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: v1Meta('legacy'), spec: { template: { metadata: v1Annotations, spec: { containers: [v1Container('V1SVC')] } } } },
  ],
  'run-v1-jobs.json': [
    {
      apiVersion: 'run.googleapis.com/v1',
      kind: 'Job',
      metadata: v1Meta('legacy-job'),
      spec: { template: { metadata: v1Annotations, spec: { template: { spec: { containers: [v1Container('V1JOB')] } } } } },
    },
  ],
};

function inputDir(): string {
  const dir = tmpFiles({});
  cpSync(SEED, dir, { recursive: true });
  for (const [name, value] of Object.entries(RESOURCES)) writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  return dir;
}

async function everyFormat(inputs: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const format of ['text', 'json', 'sarif', 'compact']) {
    const r = await cli(['check', ...inputs, '-f', format]);
    expect(r.stderr).toBe('');
    out[format] = r.stdout;
  }
  return out;
}

describe('secret values never reach an output', () => {
  test('the input holds the secrets (so the test can fail)', () => {
    expect(JSON.stringify(RESOURCES).match(new RegExp(SECRET, 'g'))).toHaveLength(12);
  });

  test('check: text, json, sarif and compact', async () => {
    const outputs = await everyFormat([inputDir()]);
    expect(JSON.parse(outputs.json!).findings.map((f: { resource: string }) => f.resource)).toEqual(
      expect.arrayContaining([`//run.googleapis.com/${LOCATION}/services/legacy`, `//run.googleapis.com/${LOCATION}/jobs/legacy-job`]),
    );
    for (const [format, text] of Object.entries(outputs)) expect(text, format).not.toContain(SECRET);
  });

  test('snapshot (redactRunResource + serializeBundle, as the live collector), then checked in every format', async () => {
    const resources = Object.values(RESOURCES).flatMap((v) => (Array.isArray(v) ? v : Object.values(v).flat()));
    const bundle = serializeBundle({
      kind: BUNDLE_KIND,
      schemaVersion: BUNDLE_SCHEMA_VERSION,
      tool: { name: 'egress-lint', version: 'test' },
      coverage: [],
      failures: [],
      projects: [{ projectId: 'myproject' }],
      resources: resources.map((r) => redactRunResource(structuredClone(r) as Record<string, unknown>)),
    });
    expect(bundle).not.toContain(SECRET);
    expect(bundle).toContain('DB_PASSWORD'); // names are kept: the redaction is not wholesale
    const dir = tmpFiles({ 'snapshot.json': bundle });
    const outputs = await everyFormat([join(dir, 'snapshot.json')]);
    expect(JSON.parse(outputs.json!).findings.length).toBeGreaterThan(0);
    for (const [format, text] of Object.entries(outputs)) expect(text, format).not.toContain(SECRET);
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe(bundle);
  });
});
