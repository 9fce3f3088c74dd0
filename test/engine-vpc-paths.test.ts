// check traces a workload to its VPC once per distinct path: subnets reached the same way share a trace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { destinationsFor, traceAll, traceOne, traceSession } from '../src/engine/trace.js';
import { parseDestination } from '../src/engine/destinations.js';
import { loadPaths } from '../src/load/index.js';
import { tmpFiles } from './helpers/tmp.js';

const EXAMPLE = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const C = 'https://www.googleapis.com/compute/v1/projects/myproject';

function example(extraSubnets: number, denyRange?: string, extraJobs: { name: string; egress: string }[] = []): string {
  const files: Record<string, string> = {};
  for (const f of ['networks', 'subnetworks', 'firewalls', 'routes', 'routers', 'addresses', 'connectors', 'jobs', 'services', 'effective-firewalls-my-vpc'])
    files[`${f}.json`] = readFileSync(join(EXAMPLE, `${f}.json`), 'utf8');
  const subnets = JSON.parse(files['subnetworks.json']!);
  for (let i = 0; i < extraSubnets; i++)
    subnets.items['regions/europe-west2'].subnetworks.push({
      kind: 'compute#subnetwork',
      name: `extra-${i}`,
      network: `${C}/global/networks/my-vpc`,
      region: `${C}/regions/europe-west2`,
      ipCidrRange: `10.200.${i}.0/24`,
      selfLink: `${C}/regions/europe-west2/subnetworks/extra-${i}`,
    });
  files['subnetworks.json'] = JSON.stringify(subnets);
  const jobs = JSON.parse(files['jobs.json']!);
  for (const j of extraJobs) {
    const copy = structuredClone(jobs.jobs[0]);
    copy.name = copy.name.replace('my-agent-4', j.name);
    copy.template.template.vpcAccess.egress = j.egress;
    jobs.jobs.push(copy);
  }
  files['jobs.json'] = JSON.stringify(jobs);
  if (denyRange) {
    const fw = JSON.parse(files['firewalls.json']!);
    fw.items.push({ kind: 'compute#firewall', name: 'deny-one', network: `${C}/global/networks/my-vpc`, direction: 'EGRESS', priority: 500, destinationRanges: [denyRange], denied: [{ IPProtocol: 'all' }], selfLink: `${C}/global/firewalls/deny-one` });
    files['firewalls.json'] = JSON.stringify(fw);
  }
  return tmpFiles(files);
}

it('subnets reached the same way are one trace that lists them all', async () => {
  const model = await loadPaths([example(20)]);
  const vpc = traceAll(model).filter((t) => t.destination.kind === 'vpc');
  expect(vpc).toHaveLength(1);
  expect(vpc[0]!.destination.subnetworks).toHaveLength(21);
  expect(vpc[0]!.verdict).toBe('REACHABLE');
});

it('a subnet with a different outcome keeps a trace of its own', async () => {
  const model = await loadPaths([example(20, '10.200.7.0/24')]);
  const vpc = traceAll(model).filter((t) => t.destination.kind === 'vpc');
  expect(vpc.map((t) => [t.verdict, t.destination.subnetworks!.length]).sort()).toEqual([
    ['REACHABLE', 20],
    ['UNREACHABLE', 1],
  ]);
  const denied = vpc.find((t) => t.verdict === 'UNREACHABLE')!;
  expect(denied.destination.subnetworks).toEqual(['//compute.googleapis.com/projects/myproject/regions/europe-west2/subnetworks/extra-7']);
});

it('trace --to vpc still traces every subnet', async () => {
  const model = await loadPaths([example(5)]);
  const w = model.workloads[0]!;
  const session = traceSession(model);
  expect(destinationsFor(session, w, parseDestination('vpc')).map((d) => traceOne(session, w, d))).toHaveLength(6);
});

it('workloads entering the VPC the same way get the same grouping; another egress setting is traced anew', async () => {
  const model = await loadPaths([example(20, '10.200.7.0/24', [{ name: 'twin', egress: 'ALL_TRAFFIC' }, { name: 'ranges', egress: 'PRIVATE_RANGES_ONLY' }])]);
  const vpc = traceAll(model).filter((t) => t.destination.kind === 'vpc');
  const of = (name: string) =>
    vpc
      .filter((t) => t.workload.endsWith(`/jobs/${name}`))
      .map((t) => [t.verdict, t.destination.subnetworks!.length])
      .sort();
  expect(of('twin')).toEqual(of('my-agent-4'));
  expect(of('twin')).toEqual([['REACHABLE', 20], ['UNREACHABLE', 1]]);
  // private-ranges-only: the subnets are private, so they still enter the VPC — same grouping, own traces.
  const ranges = vpc.filter((t) => t.workload.endsWith('/jobs/ranges'));
  expect(ranges.length).toBeGreaterThan(0);
  expect(ranges.every((t) => t.facts.egress === 'PRIVATE_RANGES_ONLY')).toBe(true);
  // Alike groupings are one: the subnet lists are the same arrays, not copies per grouping (issue 7: memory).
  const twin = vpc.filter((t) => t.workload.endsWith('/jobs/twin'));
  for (const t of ranges) expect(twin.find((u) => u.verdict === t.verdict)!.destination.subnetworks).toBe(t.destination.subnetworks);
});

it('one subnet per distinct path is traced, however many subnets share it (issue 7: work, not time)', async () => {
  const computed = async (subnets: number) => {
    const model = await loadPaths([example(subnets, '10.200.7.0/24', [{ name: 'twin', egress: 'ALL_TRAFFIC' }])]);
    const session = traceSession(model);
    traceAll(model, undefined, session);
    return session.index.stats.pathsComputed;
  };
  const few = await computed(20);
  expect(few).toBeGreaterThan(0);
  expect(await computed(200)).toBe(few);
});

it('a workload stopped before the VPC is traced once for all its subnets, however many (issue 7: work, not time)', async () => {
  const fromStart = async (subnets: number) => {
    const model = await loadPaths([example(subnets)]);
    for (const c of model.connectors) c.state = 'ERROR';
    const session = traceSession(model);
    const vpc = traceAll(model, undefined, session).filter((t) => t.destination.kind === 'vpc');
    expect(vpc.map((t) => t.cause)).toEqual(model.workloads.map(() => 'VPC_CONNECTOR_NOT_RUNNING'));
    expect(vpc[0]!.destination.subnetworks!.length).toBeGreaterThan(subnets);
    return session.index.stats.tracedFromStart;
  };
  const few = await fromStart(20);
  expect(few).toBeGreaterThan(0);
  expect(await fromStart(200)).toBe(few);
});
