import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { InputError, isDeployScript, parseScriptFile, UNKNOWN } from '../src/deploy/index.js';

const dir = 'fixtures/deploy/seed';
const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
const parse = (file: string, defaults = { project: 'myproject' }) => parseScriptFile(`${dir}/${file}`, read(file), defaults);
const expectedJob = JSON.parse(read('expected-job.json')) as unknown;

describe('the seed command (facts §10)', () => {
  const cases: [file: string, commandLine: number, firstFlagLine: number, column: number][] = [
    ['deploy.sh', 7, 8, 3],
    ['workflow.yml', 13, 14, 13],
    ['cloudbuild.yaml', 5, 9, 9],
  ];
  test.each(cases)('%s: the raw job and every flag line', (file, commandLine, firstFlagLine, column) => {
    const input = parse(file);
    expect(input.warnings).toEqual([]);
    expect(input.resources).toHaveLength(1);
    const [job] = input.resources;
    expect(job!.raw).toEqual(expectedJob);
    expect(job!.resource).toBe('//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4');
    expect(job!.source).toEqual({ file: `${dir}/${file}`, pointer: '', line: commandLine });
    expect(job!.unknownFields).toEqual([]);
    const [cmd] = input.commands;
    expect(cmd!.command).toBe('run jobs deploy');
    expect(cmd!.args).toEqual(['my-agent-4']);
    expect(cmd!.flags.map((f) => f.name)).toEqual(['region', 'vpc-connector', 'vpc-egress', 'max-retries', 'task-timeout', 'cpu', 'memory', 'service-account']);
    expect(cmd!.flags.map((f) => f.line)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => firstFlagLine + i));
    expect(cmd!.flags[0]!.column).toBe(column);
    expect(cmd!.flags.every((f) => !f.valueUnknown)).toBe(true);
  });

  test('a Makefile recipe: $(REGION) stays unknown', () => {
    const input = parse('Makefile');
    const [cmd] = input.commands;
    expect(cmd!.line).toBe(6);
    expect(cmd!.flags.map((f) => [f.name, f.value, f.valueUnknown, f.line, f.column])).toEqual([
      ['region', undefined, true, 7, 4],
      ['vpc-connector', 'vpc-conn-europe', false, 8, 4],
      ['vpc-egress', 'all-traffic', false, 9, 4],
    ]);
    expect(cmd!.resource).toBe(`//run.googleapis.com/projects/myproject/locations/${UNKNOWN}/jobs/my-agent-4`);
    const [job] = input.resources;
    expect(job!.unknownFields).toEqual(['region']);
    expect(job!.raw.name).toBe(`projects/myproject/locations/${UNKNOWN}/jobs/my-agent-4`);
  });
});

describe('shell syntax', () => {
  test('quotes, $VAR, ${VAR}, $(...), comments, separators, beta prefix, --flag value', () => {
    const text = [
      'if true; then gcloud beta run deploy "web" --region "europe-west2" --vpc-connector=${CONN} --vpc-egress=\'private-ranges-only\' && echo ok; fi',
      '# gcloud run deploy commented --region=x',
      'gcloud run deploy api --project=$(gcloud config get-value project) --region=europe-west2 --vpc-egress=all-traffic --network "$NET" | cat',
    ].join('\n');
    const input = parseScriptFile('x.sh', text, {});
    expect(input.commands.map((c) => [c.command, c.args, c.line])).toEqual([
      ['run deploy', ['web'], 1],
      ['run deploy', ['api'], 3],
    ]);
    const [web, api] = input.resources;
    expect(web!.raw).toEqual({ name: `projects/${UNKNOWN}/locations/europe-west2/services/web`, template: { vpcAccess: { egress: 'PRIVATE_RANGES_ONLY' } } });
    expect(web!.unknownFields.sort()).toEqual(['connector', 'project']);
    expect(api!.raw).toEqual({ name: `projects/${UNKNOWN}/locations/europe-west2/services/api`, template: { vpcAccess: { egress: 'ALL_TRAFFIC' } } });
    expect(api!.unknownFields.sort()).toEqual(['network', 'project']);
    expect(input.commands[0]!.flags.find((f) => f.name === 'vpc-connector')).toMatchObject({ valueUnknown: true, value: undefined, line: 1 });
  });

  test('unrecognised and deprecated --vpc-egress values', () => {
    const input = parseScriptFile('x.sh', 'gcloud run deploy a --region=r --vpc-egress=everything\ngcloud run deploy b --region=r --vpc-egress=all', { project: 'p' });
    expect(input.resources.map((r) => (r.raw.template as { vpcAccess: unknown }).vpcAccess)).toEqual([{ egress: 'everything' }, { egress: 'ALL_TRAFFIC' }]);
  });

  test('a --vpc-egress value that names an Object member is kept as written, not looked up on the prototype', () => {
    const input = parseScriptFile('x.sh', 'gcloud run deploy a --region=r --vpc-egress=constructor', { project: 'p' });
    expect((input.resources[0]!.raw.template as { vpcAccess: unknown }).vpcAccess).toEqual({ egress: 'constructor' });
  });
});

describe('compute commands', () => {
  const input = parse('infra.sh');
  const byName = (name: string) => input.resources.find((r) => r.resource === name)!;
  const API = 'https://www.googleapis.com/compute/v1/projects/myproject';

  test('network, subnet, connector', () => {
    expect(byName(`//compute.googleapis.com/projects/${UNKNOWN}/global/networks/my-vpc`).unknownFields).toEqual(['project']);
    expect(byName('//compute.googleapis.com/projects/myproject/regions/europe-west2/subnetworks/my-subnet').raw).toEqual({
      kind: 'compute#subnetwork',
      name: 'my-subnet',
      selfLink: `${API}/regions/europe-west2/subnetworks/my-subnet`,
      region: `${API}/regions/europe-west2`,
      network: `${API}/global/networks/my-vpc`,
      ipCidrRange: '10.10.0.0/24',
      privateIpGoogleAccess: true,
      purpose: 'PRIVATE',
    });
    expect(byName('//vpcaccess.googleapis.com/projects/myproject/locations/europe-west2/connectors/vpc-conn-europe').raw).toEqual({
      name: 'projects/myproject/locations/europe-west2/connectors/vpc-conn-europe',
      network: 'my-vpc',
      ipCidrRange: '10.8.0.0/28',
      minInstances: 2,
      maxInstances: 10,
      machineType: 'e2-standard-4',
      state: 'READY',
    });
  });

  test('NAT create and update land in the router created before them', () => {
    const router = byName('//compute.googleapis.com/projects/myproject/regions/europe-west2/routers/nat-router');
    expect(router.patch).toBeUndefined();
    expect(router.raw.nats).toEqual([
      {
        name: 'nat-europe',
        sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
        subnetworks: [
          {
            name: `${API}/regions/europe-west2/subnetworks/my-subnet`,
            sourceIpRangesToNat: ['PRIMARY_IP_RANGE', 'LIST_OF_SECONDARY_IP_RANGES'],
            secondaryIpRangeNames: ['pods'],
          },
        ],
        natIpAllocateOption: 'AUTO_ONLY',
        minPortsPerVm: 128,
        enableDynamicPortAllocation: true,
      },
    ]);
  });

  test('route and firewall rule', () => {
    expect(byName('//compute.googleapis.com/projects/myproject/global/routes/to-proxy').raw).toMatchObject({
      destRange: '0.0.0.0/0',
      priority: 900,
      tags: ['vpc-connector'],
      nextHopInstance: `${API}/zones/europe-west2-a/instances/proxy`,
    });
    expect(byName('//compute.googleapis.com/projects/myproject/global/firewalls/deny-egress').raw).toEqual({
      kind: 'compute#firewall',
      name: 'deny-egress',
      selfLink: `${API}/global/firewalls/deny-egress`,
      network: `${API}/global/networks/my-vpc`,
      direction: 'EGRESS',
      priority: 500,
      denied: [{ IPProtocol: 'tcp', ports: ['443'] }, { IPProtocol: 'udp' }],
      destinationRanges: ['0.0.0.0/0'],
      targetTags: ['vpc-connector'],
      disabled: false,
    });
  });

  test('run jobs update is a patch; delete is a deletion', () => {
    const patch = byName('//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4');
    expect(patch.patch).toBe(true);
    expect(patch.raw).toEqual({
      name: 'projects/myproject/locations/europe-west2/jobs/my-agent-4',
      template: { template: { vpcAccess: { networkInterfaces: [{ network: 'my-vpc', subnetwork: 'my-subnet', tags: ['egress', 'agents'] }] } } },
    });
    expect(patch.patchFields).toEqual([
      'template.template.vpcAccess.connector',
      'template.template.vpcAccess.egress',
      'template.template.vpcAccess.networkInterfaces.0.network',
      'template.template.vpcAccess.networkInterfaces.0.subnetwork',
      'template.template.vpcAccess.networkInterfaces.0.tags',
    ]);
    expect(input.deletions).toEqual([
      { resource: '//compute.googleapis.com/projects/myproject/global/firewalls/old-rule', source: { file: `${dir}/infra.sh`, pointer: '', line: 20 } },
    ]);
    expect(input.commands).toHaveLength(10);
  });
});

describe('recognising inputs', () => {
  test.each([
    ['deploy.sh', 'echo', true],
    ['Makefile', 'all:', true],
    ['.github/workflows/deploy.yml', 'jobs:\n  a:\n    steps:\n      - run: gcloud', true],
    ['cloudbuild.yaml', 'steps: []', true],
    ['bin/deploy', '#!/bin/bash\n', true],
    ['snapshot.json', '{"kind":"compute#subnetwork"}', false],
    ['service.yaml', 'apiVersion: serving.knative.dev/v1\nkind: Service\n', false],
  ])('%s', (file, text, expected) => {
    expect(isDeployScript(file, text)).toBe(expected);
  });

  test('unparseable YAML is an InputError with line:col', () => {
    expect(() => parseScriptFile('ci.yml', 'steps:\n  - run: [unclosed\n', {})).toThrow(InputError);
    try {
      parseScriptFile('ci.yml', 'steps:\n  - run: [unclosed\n', {});
    } catch (e) {
      expect((e as InputError).file).toBe('ci.yml');
      expect((e as InputError).where).toMatch(/^\d+:\d+$/);
    }
  });
});

describe('more YAML forms', () => {
  test('GitLab script lists and Cloud Build bash -c keep file lines', () => {
    const gitlab = 'deploy:\n  script:\n    - echo hi\n    - gcloud run jobs update my-agent-4 --region=europe-west2 --vpc-egress=all-traffic\n';
    const [cmd] = parseScriptFile('.gitlab-ci.yml', gitlab, { project: 'p' }).commands;
    expect(cmd).toMatchObject({ command: 'run jobs update', line: 4 });
    expect(cmd!.flags.map((f) => [f.name, f.line, f.column])).toEqual([['region', 4, 41], ['vpc-egress', 4, 63]]);
    const cloudbuild = [
      'steps:',
      '  - name: gcr.io/google.com/cloudsdktool/cloud-sdk',
      '    entrypoint: bash',
      '    args:',
      '      - -c',
      '      - |',
      '        gcloud run jobs deploy my-agent-4 --region=$_REGION \\',
      '          --vpc-connector=vpc-conn-europe',
    ].join('\n');
    const input = parseScriptFile('cloudbuild.yaml', cloudbuild, { project: 'p' });
    expect(input.commands[0]!.flags.map((f) => [f.name, f.valueUnknown, f.line, f.column])).toEqual([
      ['region', true, 7, 43],
      ['vpc-connector', false, 8, 11],
    ]);
  });
});
