// The fixture case helper: a base snapshot plus the resources a case changes, written out as real files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFiles, materialise, mergePatch, readCase, SEED_BASE, type FixtureCase } from './helpers/fixture-case.js';
import { tmpFiles } from './helpers/tmp.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const seedDoc = (file: string) => JSON.parse(readFileSync(join(SEED, file), 'utf8'));
const docs = (c: FixtureCase) => Object.fromEntries(Object.entries(caseFiles(c)).map(([f, text]) => [f, JSON.parse(text)]));
const JOB = 'projects/myproject/locations/europe-west2/jobs/my-agent-4';
const COMPUTE = 'https://www.googleapis.com/compute/v1/projects/myproject/';

describe('a case with no change', () => {
  it('is the base: the same file names and documents, pretty-printed with two spaces', () => {
    const { dir, paths } = materialise({ base: SEED_BASE });
    expect(readdirSync(dir).sort()).toEqual(readdirSync(SEED).sort());
    expect(paths).toEqual(readdirSync(SEED).sort().map((f) => join(dir, f)));
    for (const f of readdirSync(SEED)) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(JSON.parse(text)).toEqual(seedDoc(f));
      expect(text).toBe(`${JSON.stringify(seedDoc(f), null, 2)}\n`);
    }
  });
});

describe('changes to a file, matched by name', () => {
  it('merge: objects merge, other values replace, null deletes; the resource keeps its place', () => {
    const d = docs({ base: SEED_BASE, change: { 'jobs.json': { merge: [{ name: JOB, template: { parallelism: 3, template: { vpcAccess: { connector: null, networkInterfaces: [{ network: 'my-vpc' }] } } } }] } } });
    const job = d['jobs.json'].jobs[0];
    const seedJob = seedDoc('jobs.json').jobs[0];
    expect(job.template.parallelism).toBe(3);
    expect(job.template.taskCount).toBe(seedJob.template.taskCount);
    expect(job.template.template.vpcAccess).toEqual({ egress: 'ALL_TRAFFIC', networkInterfaces: [{ network: 'my-vpc' }] });
    expect(job.template.template.containers).toEqual(seedJob.template.template.containers);
    expect(mergePatch({ a: [1, 2], b: { c: 1 } }, { a: [3], b: null })).toEqual({ a: [3] });
  });

  it('remove and add in a REST list', () => {
    const d = docs({ base: SEED_BASE, change: { 'routes.json': { remove: ['default-route-0d2b7bd7a4e7a1b1'], add: [{ kind: 'compute#route', name: 'to-proxy', destRange: '0.0.0.0/0' }] } } });
    expect(d['routes.json'].items.map((r: { name: string }) => r.name)).toEqual(['default-route-5f1e6c0c9d1a2b3c', 'to-proxy']);
  });

  it("add in an aggregated list: into the resource's region, which then has no 'no results' warning", () => {
    const subnet = { kind: 'compute#subnetwork', name: 'us-subnet', region: `${COMPUTE}regions/us-central1`, ipCidrRange: '10.128.0.0/20' };
    const router = { kind: 'compute#router', name: 'r-west1', region: `${COMPUTE}regions/europe-west1` };
    const d = docs({ base: SEED_BASE, change: { 'subnetworks.json': { add: [subnet] }, 'routers.json': { add: [router] } } });
    expect(d['subnetworks.json'].items['regions/us-central1']).toEqual({ subnetworks: [subnet] });
    expect(d['subnetworks.json'].items['regions/europe-west2'].subnetworks).toHaveLength(1);
    expect(d['routers.json'].items['regions/europe-west1']).toEqual({ routers: [router] });
  });

  it("remove the last resource of a region: the region's entry goes", () => {
    const d = docs({ base: SEED_BASE, change: { 'routers.json': { remove: ['nat-router-europe'] } } });
    expect(d['routers.json'].items).toEqual({});
  });

  it('add in a Run list, even an empty `{}`: the list its name says', () => {
    const service = { name: 'projects/myproject/locations/europe-west2/services/web' };
    expect(docs({ base: SEED_BASE, change: { 'services.json': { add: [service] } } })['services.json']).toEqual({ services: [service] });
  });

  it.each([
    [{ 'jobs.json': { merge: [{ name: 'projects/myproject/locations/europe-west2/jobs/nope' }] } }, /jobs.json has no resource named .*jobs\/nope/],
    [{ 'routes.json': { remove: ['nope'] } }, /routes.json has no resource named nope/],
    [{ 'firewalls.json': { add: [{ name: 'allow-internal' }] } }, /firewalls.json already has allow-internal; merge into it/],
    [{ 'nope.json': { remove: ['x'] } }, /examples\/seed-connector-nat has no file nope.json/],
    [{ 'effective-firewalls-my-vpc.json': { add: [{ name: 'policy' }] } }, /cannot tell which list policy goes into/],
  ])('a change that matches nothing is an error, not silence: %j', (change, message) => {
    expect(() => caseFiles({ base: SEED_BASE, change })).toThrow(message);
  });
});

describe('files', () => {
  it('drop leaves a base file out; own files are written as they are, replacing the base file of that name', () => {
    const files = caseFiles({ base: SEED_BASE, drop: ['routers.json'], files: { 'deploy.sh': 'gcloud run jobs deploy x\n', 'jobs.json': '[]\n' } });
    expect(Object.keys(files).sort()).toEqual([...readdirSync(SEED).filter((f) => f !== 'routers.json'), 'deploy.sh'].sort());
    expect(files['jobs.json']).toBe('[]\n');
    expect(files['deploy.sh']).toBe('gcloud run jobs deploy x\n');
  });

  it('a file both changed and given whole, or dropped but not in the base, is an error', () => {
    expect(() => caseFiles({ base: SEED_BASE, change: { 'jobs.json': { remove: [JOB] } }, files: { 'jobs.json': '[]' } })).toThrow(/jobs.json is both changed and given whole/);
    expect(() => caseFiles({ base: SEED_BASE, drop: ['nope.json'] })).toThrow(/has no file nope.json/);
  });

  it('readCase: case.json, and every other file of the directory but expected.txt as its own', () => {
    const dir = tmpFiles({ 'case.json': JSON.stringify({ base: SEED_BASE, drop: ['routes.json'] }), 'deploy.sh': '#!/bin/sh\n', 'expected.txt': 'x\n' });
    expect(readCase(dir)).toEqual({ base: SEED_BASE, drop: ['routes.json'], files: { 'deploy.sh': '#!/bin/sh\n' } });
  });
});
