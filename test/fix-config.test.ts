// The fix builders of the configuration rules (src/fix.ts, section "Configuration rules"): script
// commands edited in place, VPC modes cleared with the egress setting restored, connectors created on a
// placement, connector names; and every branch's commands accepted by real gcloud where the rule
// fixtures do not reach it (test/fix-commands.test.ts checks the fixtures' commands).
import { describe, expect, it } from 'vitest';
import { parseScriptFile } from '../src/deploy/index.js';
import { UNKNOWN } from '../src/deploy/types.js';
import {
  connectorCreate,
  connectorRef,
  dropEgressFix,
  editCommand,
  renderCommand,
  scriptFix,
  subnetCreate,
  uniqueConnectorName,
  workloadFix,
} from '../src/fix.js';
import type { DeployCommand, Workload } from '../src/model.js';
import { checkGcloudSyntax, GCLOUD, GCLOUD_SKIP_REASON, placeholders } from './helpers/gcloud.js';

const CONNECTOR = '//vpcaccess.googleapis.com/projects/host/locations/europe-west2/connectors/conn';

function workload(kind: Workload['kind'], egress?: Workload['egress'], project = 'p'): Workload {
  const collection = kind === 'job' ? 'jobs' : kind === 'service' ? 'services' : 'workerPools';
  return {
    id: `//run.googleapis.com/projects/${project}/locations/europe-west2/${collection}/w`,
    project,
    name: 'w',
    kind,
    region: 'europe-west2',
    apiVersion: 'v2',
    connector: CONNECTOR,
    egress,
    networkInterfaces: [{ network: '//compute.googleapis.com/projects/p/global/networks/net', tags: [] }],
  };
}

function command(script: string, project?: string): DeployCommand {
  return parseScriptFile('deploy.sh', `#!/bin/sh\n${script}\n`, { project }).commands[0]!;
}

const lines = (commands: string[][]) => commands.map(renderCommand);

describe('workloadFix on a deployed workload: update commands', () => {
  it('keeps the connector: --clear-network, then all-traffic set again (the clear deletes it)', () => {
    const fix = workloadFix('keep the connector', workload('job', 'ALL_TRAFFIC'), { keep: 'connector' });
    expect(lines(fix.commands)).toEqual([
      'gcloud run jobs update w --region=europe-west2 --project=p --clear-network',
      'gcloud run jobs update w --region=europe-west2 --project=p --vpc-egress=all-traffic',
    ]);
    expect(fix.summary).toMatch(/deletes the VPC egress setting/);
  });

  it('keeps Direct VPC on a service: --vpc-egress=private-ranges-only spares the confirmation, then all-traffic', () => {
    const fix = workloadFix('keep Direct VPC', workload('service', 'ALL_TRAFFIC'), { keep: 'direct-vpc' });
    expect(lines(fix.commands)).toEqual([
      'gcloud run services update w --region=europe-west2 --project=p --clear-vpc-connector --vpc-egress=private-ranges-only',
      'gcloud run services update w --region=europe-west2 --project=p --vpc-egress=all-traffic',
    ]);
  });

  it('with private-ranges-only egress, one command (the default comes back by itself)', () => {
    expect(lines(workloadFix('keep', workload('job', 'PRIVATE_RANGES_ONLY'), { keep: 'direct-vpc' }).commands)).toEqual([
      'gcloud run jobs update w --region=europe-west2 --project=p --clear-vpc-connector',
    ]);
  });

  it('worker pools: the beta track, and no connector flags (no command, said why)', () => {
    // --vpc-egress would add a Direct VPC interface beside the connector: the egress goes back in the YAML.
    const keepConnector = workloadFix('keep', workload('workerPool', 'ALL_TRAFFIC'), { keep: 'connector' });
    expect(lines(keepConnector.commands)).toEqual(['gcloud beta run worker-pools update w --region=europe-west2 --project=p --clear-network']);
    expect(keepConnector.summary).toMatch(/vpcAccess.egress to ALL_TRAFFIC again in the worker pool's YAML/);
    const fix = workloadFix('keep Direct VPC', workload('workerPool'), { keep: 'direct-vpc' });
    expect(fix.commands).toEqual([]);
    expect(fix.summary).toMatch(/no connector flags for worker pools/);
  });

  it('a project the script left to gcloud\'s configuration is left out, not written as a placeholder', () => {
    const fix = workloadFix('point', workload('job', undefined, UNKNOWN), { set: { 'vpc-connector': 'conn' } });
    expect(lines(fix.commands)).toEqual(['gcloud run jobs update w --region=europe-west2 --vpc-connector=conn']);
  });

  it('drops an egress setting without a VPC: --clear-vpc-connector deletes it', () => {
    expect(lines(dropEgressFix('drop', workload('job', 'PRIVATE_RANGES_ONLY')).commands)).toEqual([
      'gcloud run jobs update w --region=europe-west2 --project=p --clear-vpc-connector',
    ]);
  });
});

describe('a workload one script command defines: the command, edited', () => {
  const deploy = command(
    'gcloud run jobs deploy w --image=us-docker.pkg.dev/cloudrun/container/job:latest --region=europe-west2 \\\n  --vpc-connector=conn --network=net --subnet=sub --network-tags=a,b --vpc-egress=all-traffic',
    'p',
  );

  it('drops the other mode\'s flags, keeps the rest in order, and names the line', () => {
    const keepConnector = workloadFix('keep the connector', workload('job'), { keep: 'connector' }, deploy);
    expect(lines(keepConnector.commands)).toEqual([
      'gcloud run jobs deploy w --image=us-docker.pkg.dev/cloudrun/container/job:latest --region=europe-west2 --vpc-connector=conn --vpc-egress=all-traffic --project=p',
    ]);
    expect(keepConnector.summary).toBe('keep the connector; in deploy.sh:2, drop --network, --subnet, and --network-tags');
    expect(lines(workloadFix('keep Direct VPC', workload('job'), { keep: 'direct-vpc' }, deploy).commands)).toEqual([
      'gcloud run jobs deploy w --image=us-docker.pkg.dev/cloudrun/container/job:latest --region=europe-west2 --network=net --subnet=sub --network-tags=a,b --vpc-egress=all-traffic --project=p',
    ]);
  });

  it('sets a flag where it stands (once, for a repeated flag), or appends it', () => {
    const repeated = command('gcloud run deploy web --image=x --vpc-egress=all --region=r --vpc-egress=all', 'p');
    expect(renderCommand(editCommand(repeated, { set: { 'vpc-egress': 'all-traffic' } })!)).toBe('gcloud run deploy web --image=x --vpc-egress=all-traffic --region=r --project=p');
    expect(renderCommand(editCommand(repeated, { set: { 'vpc-connector': 'c' } })!)).toBe('gcloud run deploy web --image=x --vpc-egress=all --region=r --vpc-egress=all --vpc-connector=c --project=p');
  });

  it('keeps bare and one-letter flags as written', () => {
    const cmd = command('gcloud run jobs update w --region=r --async -q --vpc-egress=all', 'p');
    expect(renderCommand(editCommand(cmd, { drop: ['vpc-egress'] })!)).toBe('gcloud run jobs update w --region=r --async -q --project=p');
  });

  it('a word known only when the script runs: no command, the change said in words', () => {
    const cmd = command('gcloud run deploy web --image=$IMAGE --region=r --vpc-egress=all', 'p');
    expect(editCommand(cmd, { set: { 'vpc-egress': 'all-traffic' } })).toBeUndefined();
    const fix = scriptFix('use its current name', cmd, { set: { 'vpc-egress': 'all-traffic' } });
    expect(fix.commands).toEqual([]);
    expect(fix.summary).toBe('use its current name; in deploy.sh:2, set --vpc-egress=all-traffic (the command has values known only when the script runs, so it is not repeated here)');
  });

  it('a project the script leaves to gcloud and the input does not decide stays out', () => {
    const cmd = command('gcloud run deploy web --image=x --region=r --vpc-egress=all');
    expect(renderCommand(editCommand(cmd, { set: { 'vpc-egress': 'all-traffic' } })!)).toBe('gcloud run deploy web --image=x --region=r --vpc-egress=all-traffic');
  });
});

describe('connectors', () => {
  it('--vpc-connector names a connector by its relative name (a host project\'s too); a bare name where the project is gcloud\'s', () => {
    expect(connectorRef(CONNECTOR)).toBe('projects/host/locations/europe-west2/connectors/conn');
    expect(connectorRef(`//vpcaccess.googleapis.com/projects/${UNKNOWN}/locations/r/connectors/conn`)).toBe('conn');
  });

  it('create on a network range, or on a subnet of a Shared VPC host (--network takes the own project\'s only)', () => {
    const net = '//compute.googleapis.com/projects/host/global/networks/shared';
    expect(renderCommand(connectorCreate(CONNECTOR, { network: net, range: '10.8.0.0/28' }, { 'machine-type': 'e2-standard-4', 'min-instances': 2, 'max-instances': 3 }))).toBe(
      'gcloud compute networks vpc-access connectors create conn --region=europe-west2 --network=shared --range=10.8.0.0/28 --machine-type=e2-standard-4 --min-instances=2 --max-instances=3 --project=host',
    );
    const svc = '//vpcaccess.googleapis.com/projects/svc/locations/europe-west2/connectors/conn';
    expect(renderCommand(connectorCreate(svc, { subnet: 'conn-subnet', subnetProject: 'host' }))).toBe(
      'gcloud compute networks vpc-access connectors create conn --region=europe-west2 --subnet=conn-subnet --subnet-project=host --project=svc',
    );
    expect(renderCommand(subnetCreate('conn-subnet', net, 'europe-west2', '10.8.0.16/28'))).toBe(
      'gcloud compute networks subnets create conn-subnet --network=shared --region=europe-west2 --range=10.8.0.16/28 --project=host',
    );
  });

  it('names: a lower-case letter first, at most 25 characters, numbered past the names taken', () => {
    expect(uniqueConnectorName('conn-europe-west2', new Set())).toBe('conn-europe-west2');
    expect(uniqueConnectorName('conn-northamerica-northeast1', new Set())).toBe('conn-northamerica-northea');
    expect(uniqueConnectorName('vpc-conn', new Set(['vpc-conn', 'vpc-conn-2']))).toBe('vpc-conn-3');
    expect(uniqueConnectorName('conn-northamerica-northeast1', new Set(['conn-northamerica-northea']))).toBe('conn-northamerica-north-2');
    expect(uniqueConnectorName('9-Conn_A', new Set())).toBe('conn-a');
    for (const name of ['conn-northamerica-north-2', 'conn-a']) expect(name).toMatch(/^[a-z][-a-z0-9]{0,23}[a-z0-9]$/);
  });
});

describe.skipIf(!GCLOUD)(`the builders' commands are ones gcloud accepts${GCLOUD_SKIP_REASON}`, () => {
  it('every branch above', async () => {
    const net = '//compute.googleapis.com/projects/host/global/networks/shared';
    const argvs = [
      ...workloadFix('k', workload('service', 'ALL_TRAFFIC'), { keep: 'direct-vpc' }).commands,
      ...workloadFix('k', workload('service', 'ALL_TRAFFIC'), { keep: 'connector' }).commands,
      ...workloadFix('k', workload('job', 'ALL_TRAFFIC'), { keep: 'direct-vpc' }).commands,
      ...workloadFix('k', workload('workerPool', 'ALL_TRAFFIC'), { keep: 'connector' }).commands,
      ...workloadFix('k', workload('service'), { set: { network: 'net', subnet: 'sub', 'vpc-egress': 'all-traffic' } }).commands,
      ...workloadFix('k', workload('job'), { set: { 'vpc-connector': connectorRef(CONNECTOR) } }).commands,
      ...dropEgressFix('d', workload('service', 'PRIVATE_RANGES_ONLY')).commands,
      connectorCreate(CONNECTOR, { network: net, range: '10.8.0.0/28' }, { 'machine-type': 'e2-micro', 'min-instances': 2, 'max-instances': 10 }),
      connectorCreate('//vpcaccess.googleapis.com/projects/svc/locations/europe-west2/connectors/conn', { subnet: 'conn-subnet', subnetProject: 'host' }),
      subnetCreate('conn-subnet', net, 'europe-west2', '10.8.0.16/28'),
    ];
    for (const argv of argvs) expect(placeholders(argv), renderCommand(argv)).toEqual([]);
    const rejected = (await checkGcloudSyntax(argvs)).filter((v) => !v.accepted).map((v) => `${renderCommand(v.argv)}\n  ${v.error}`);
    expect(rejected).toEqual([]);
  }, 60_000);
});
