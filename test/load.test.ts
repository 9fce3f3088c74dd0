// Loader behaviour on the project's own inputs: every input form, references, coverage, and bad input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { buildModel, loadPaths } from '../src/load/index.js';
import { resolveComputeRef, resolveConnectorRef } from '../src/names.js';
import { tmpFiles } from './helpers/tmp.js';

const EXAMPLE = join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat');
const C = '//compute.googleapis.com/projects';

async function loadError(files: Record<string, string | Buffer>): Promise<InputError> {
  const dir = tmpFiles(files);
  const err = await loadPaths([dir]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('references resolve to one identity', () => {
  const ctx = { project: 'svc', region: 'europe-west2' };
  it.each([
    ['my-vpc', `${C}/svc/global/networks/my-vpc`],
    ['global/networks/my-vpc', `${C}/svc/global/networks/my-vpc`],
    ['projects/host/global/networks/my-vpc', `${C}/host/global/networks/my-vpc`],
    ['https://www.googleapis.com/compute/v1/projects/host/global/networks/my-vpc', `${C}/host/global/networks/my-vpc`],
    ['https://compute.googleapis.com/compute/v1/projects/host/global/networks/my-vpc', `${C}/host/global/networks/my-vpc`],
    [`${C}/host/global/networks/my-vpc`, `${C}/host/global/networks/my-vpc`],
  ])('network %s', (ref, want) => expect(resolveComputeRef(ref, 'networks', ctx)).toBe(want));
  it.each([
    ['my-subnet', `${C}/svc/regions/europe-west2/subnetworks/my-subnet`],
    ['projects/host/regions/europe-west1/subnetworks/s', `${C}/host/regions/europe-west1/subnetworks/s`],
    ['regions/us-east1/subnetworks/s', `${C}/svc/regions/us-east1/subnetworks/s`],
  ])('subnetwork %s', (ref, want) => expect(resolveComputeRef(ref, 'subnetworks', ctx)).toBe(want));
  it.each([
    ['conn', '//vpcaccess.googleapis.com/projects/svc/locations/europe-west2/connectors/conn'],
    ['projects/host/locations/europe-west2/connectors/conn', '//vpcaccess.googleapis.com/projects/host/locations/europe-west2/connectors/conn'],
  ])('connector %s', (ref, want) => expect(resolveConnectorRef(ref, ctx)).toBe(want));
});

describe('the bundled example', () => {
  it('loads into the §10 model with complete coverage for its project', async () => {
    const m = await loadPaths([EXAMPLE]);
    expect(m.workloads).toHaveLength(1);
    expect(m.workloads[0]).toMatchObject({
      id: '//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4',
      kind: 'job',
      connector: '//vpcaccess.googleapis.com/projects/myproject/locations/europe-west2/connectors/vpc-conn-europe',
      egress: 'ALL_TRAFFIC',
      serviceAccount: 'mgmt@myproject.iam.gserviceaccount.com',
    });
    expect(m.connectors[0]).toMatchObject({ network: `${C}/myproject/global/networks/my-vpc`, state: 'READY' });
    expect(m.connectors[0]!.ipCidrRange!.text).toBe('10.8.0.0/28');
    for (const c of ['networks', 'subnetworks', 'firewalls', 'routes', 'routers', 'addresses', 'connectors', 'jobs', 'services'] as const)
      expect(m.coverage.has(c, 'myproject', 'europe-west2'), c).toBe(true);
    expect(m.coverage.hasNetwork('effectiveFirewalls', `${C}/myproject/global/networks/my-vpc`)).toBe(true);
    // services.json is `{}`: recognised by its file name as an empty services list.
    expect(m.workloads.filter((w) => w.kind === 'service')).toEqual([]);
  });

  it('builds the same model whatever order the files are given in', async () => {
    const files = readdirSync(EXAMPLE).map((f) => join(EXAMPLE, f));
    const a = await loadPaths(files);
    const b = await loadPaths([...files].reverse());
    expect(JSON.stringify({ ...b, coverage: b.coverage.entries() })).toBe(JSON.stringify({ ...a, coverage: a.coverage.entries() }));
  });

  it('reads a file without its list wrapper (gcloud list output: a bare array)', async () => {
    const dir = tmpFiles({
      'jobs.json': JSON.stringify([
        { name: 'projects/p/locations/europe-west2/jobs/j', template: { template: { vpcAccess: { networkInterfaces: [{ subnetwork: 'projects/host/regions/europe-west2/subnetworks/shared' }], egress: 'ALL_TRAFFIC' } } } },
      ]),
    });
    const m = await loadPaths([dir]);
    expect(m.workloads[0]!.networkInterfaces[0]!.subnetwork).toBe(`${C}/host/regions/europe-west2/subnetworks/shared`);
    expect(m.coverage.has('jobs', 'p')).toBe(true);
  });
});

describe('Run v1 objects as gcloud prints them', () => {
  const v1Job = (namespace: string, annotations: Record<string, string>) =>
    JSON.stringify({
      apiVersion: 'run.googleapis.com/v1',
      kind: 'Job',
      metadata: { name: 'my-agent-4', namespace, labels: { 'cloud.googleapis.com/location': 'europe-west2' } },
      spec: { template: { metadata: { annotations }, spec: { template: { spec: { serviceAccountName: 'mgmt@p.iam.gserviceaccount.com' } } } } },
    });
  it('reads annotations, maps the project number to the only project in the input, and says so', async () => {
    const dir = tmpFiles({
      'job.json': v1Job('123456789012', {
        'run.googleapis.com/vpc-access-connector': 'vpc-conn-europe',
        'run.googleapis.com/vpc-access-egress': 'all',
        'run.googleapis.com/network-interfaces': '[{"network":"my-vpc","subnetwork":"my-subnet","tags":["egress"]}]',
      }),
      'connectors.json': readFileText(join(EXAMPLE, 'connectors.json')),
    });
    const m = await loadPaths([dir]);
    expect(m.workloads[0]).toMatchObject({
      id: '//run.googleapis.com/projects/myproject/locations/europe-west2/jobs/my-agent-4',
      apiVersion: 'v1',
      connector: '//vpcaccess.googleapis.com/projects/myproject/locations/europe-west2/connectors/vpc-conn-europe',
      egress: 'ALL_TRAFFIC',
      networkInterfaces: [{ network: `${C}/myproject/global/networks/my-vpc`, subnetwork: `${C}/myproject/regions/europe-west2/subnetworks/my-subnet`, tags: ['egress'] }],
    });
    expect(m.loadNotes).toEqual(['project number 123456789012 was taken to be project "myproject", the only project in the input']);
  });
  it('keeps a project number it cannot map when the input holds several projects, and says so once', async () => {
    const net = (p: string) => ({ kind: 'compute#network', name: 'vpc', selfLink: `https://www.googleapis.com/compute/v1/projects/${p}/global/networks/vpc` });
    const dir = tmpFiles({
      'a/job.json': v1Job('123456789012', {}),
      'b/job.json': v1Job('123456789012', {}),
      'networks.json': JSON.stringify([net('p1'), net('p2')]),
    });
    const m = await loadPaths([dir]);
    expect(m.workloads.map((w) => w.project)).toEqual(['123456789012']);
    expect(m.loadNotes).toEqual(['project number 123456789012 could not be mapped to a project id (the input holds 2 projects); references from it resolve within "123456789012"']);
  });
  it('keeps an unknown egress value for the rules to report', async () => {
    const m = await loadPaths([tmpFiles({ 'job.json': v1Job('p', { 'run.googleapis.com/vpc-access-egress': 'everything' }) })]);
    expect(m.workloads[0]).toMatchObject({ egress: undefined, egressInvalid: 'everything' });
  });
  it('rejects a network-interfaces annotation that is not a JSON array, with its path and line', async () => {
    const err = await loadError({ 'job.json': JSON.stringify(JSON.parse(v1Job('p', { 'run.googleapis.com/network-interfaces': '{oops' })), null, 2) });
    expect(err.where).toBe('$.spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]');
    expect(err.line).toBe(15);
    expect(err.message).toMatch(/expected a JSON array/);
  });
});

function readFileText(path: string): string {
  return readFileSync(path, 'utf8');
}

describe('bad input: file, JSON path and line, what was expected', () => {
  it('invalid JSON gives line and column', async () => {
    const err = await loadError({ 'networks.json': '{\n  "items": [\n    {"name": "a",,}\n  ]\n}' });
    expect(err.format()).toMatch(/networks\.json:3:18: invalid JSON: /);
  });
  it('a CIDR that is not one points at the field', async () => {
    const text = readFileText(join(EXAMPLE, 'subnetworks.json')).replace('10.154.0.0/20', '10.154.0.0/33');
    const err = await loadError({ 'subnetworks.json': text });
    expect(err.where).toBe('$.items["regions/europe-west2"].subnetworks[0].ipCidrRange');
    expect(err.line).toBe(12);
    expect(err.message).toBe('expected an IP range in CIDR notation such as "10.8.0.0/28"');
  });
  it.each([
    ['256.1.1.1/24'],
    ['10.0.0.0/-1'],
    ['10.0.0/24'],
    ['fe80::zz/64'],
  ])('rejects the range %s', async (range) => {
    const text = readFileText(join(EXAMPLE, 'connectors.json')).replace('10.8.0.0/28', range);
    const err = await loadError({ 'connectors.json': text });
    expect(err.where).toBe('$.connectors[0].ipCidrRange');
  });
  it('a wrong type names what was expected', async () => {
    const text = readFileText(join(EXAMPLE, 'routes.json')).replace('"priority": 1000', '"priority": true');
    const err = await loadError({ 'routes.json': text });
    expect(err.format()).toMatch(/routes\.json:\d+: \$\.items\[0\]\.priority: expected a number/);
  });
  it('an object that is no Google Cloud resource', async () => {
    const err = await loadError({ 'x.json': '{"hello": "world"}' });
    expect(err.message).toMatch(/not a recognised Google Cloud API response/);
  });
  it('an empty list whose file name does not say what it is', async () => {
    const err = await loadError({ 'data.json': '[]' });
    expect(err.message).toMatch(/name the file after its collection/);
  });
  it('an empty file, a non-UTF-8 file, an empty directory and a missing path', async () => {
    expect((await loadError({ 'a.json': '' })).message).toBe('the file is empty; expected JSON');
    expect((await loadError({ 'a.json': Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })).message).toBe('not valid UTF-8 text; expected JSON');
    await expect(loadPaths([tmpFiles({ 'readme.txt': 'x' })])).rejects.toThrow('no *.json files in this directory');
    await expect(loadPaths(['/no/such/path'])).rejects.toThrow('no such file or directory');
  });
  it('accepts a byte-order mark', async () => {
    const dir = tmpFiles({ 'networks.json': '\ufeff' + readFileText(join(EXAMPLE, 'networks.json')) });
    expect((await loadPaths([dir])).networks).toHaveLength(1);
  });
  it('ignores unknown fields (APIs grow)', async () => {
    const text = readFileText(join(EXAMPLE, 'networks.json')).replace('"name": "my-vpc",', '"name": "my-vpc", "someNewField": {"x": 1},');
    expect((await loadPaths([tmpFiles({ 'networks.json': text })])).networks).toHaveLength(1);
  });
});

describe('names that are also Object.prototype members ("constructor", "__proto__") are plain strings', () => {
  it('a resource whose kind is "constructor" is not recognised (it was an internal error)', async () => {
    expect((await loadError({ 'x.json': '[{"kind": "constructor", "name": "x"}]' })).message).toMatch(/not a recognised Google Cloud resource/);
    expect((await loadError({ 'x.json': '{"kind": "compute#constructorList", "items": [{"name": "x"}]}' })).message).toMatch(/not a recognised Google Cloud resource/);
  });
  it('an aggregated scope keyed "constructor" is skipped like any unknown key', async () => {
    const m = await loadPaths([tmpFiles({ 'x.json': '{"kind": "compute#subnetworkAggregatedList", "id": "projects/p/aggregated/subnetworks", "items": {"global": {"constructor": [{"name": "x"}]}}}' })]);
    expect(m.coverage.entries()).toEqual([{ collection: 'subnetworks', project: 'p' }]);
  });
  it('an empty list in constructor.json is not taken for a collection', async () => {
    expect((await loadError({ 'constructor.json': '[]' })).message).toMatch(/name the file after its collection/);
  });
  it('an egress setting "constructor" is kept as invalid (it was read as a function)', async () => {
    const v2 = { name: 'projects/p/locations/r/services/s', template: { vpcAccess: { egress: 'constructor' } } };
    const v1 = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 's1', namespace: 'p', labels: { 'cloud.googleapis.com/location': 'r' } },
      spec: { template: { metadata: { annotations: { 'run.googleapis.com/vpc-access-egress': 'toString' } } } },
    };
    const m = await loadPaths([tmpFiles({ 'services.json': JSON.stringify([v2]), 'v1.json': JSON.stringify(v1) })]);
    expect(m.workloads.map((w) => [w.egress, w.egressInvalid])).toEqual([
      [undefined, 'constructor'],
      [undefined, 'toString'],
    ]);
  });
  it('an exported asset of type "constructor" is skipped like any type egress-lint does not read (it was "not a recognised resource")', async () => {
    const asset = (name: string, assetType: string) => JSON.stringify({ name: `//compute.googleapis.com/projects/p/global/networks/${name}`, assetType, resource: { data: { name } } });
    const dir = tmpFiles({ 'export.ndjson': `${asset('n', 'constructor')}\n${asset('m', 'compute.googleapis.com/Network')}\n` });
    const m = await loadPaths({ paths: [], assetExports: [join(dir, 'export.ndjson')] });
    expect(m.networks.map((n) => n.name)).toEqual(['m']);
  });
  it('an effective firewall policy of type "constructor" is a system policy', async () => {
    const net = { kind: 'compute#network', name: 'vpc', selfLink: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc' };
    const eff = { firewalls: [], firewallPolicys: [{ name: 'x', type: 'constructor', rules: [] }] };
    const m = await loadPaths([tmpFiles({ 'networks.json': JSON.stringify([net]), 'effective-firewalls-vpc.json': JSON.stringify(eff) })]);
    expect(m.firewallPolicies.map((p) => p.kind)).toEqual(['SYSTEM']);
  });
});

describe('aggregated lists', () => {
  it('an aggregated address list with no address in any region covers addresses (its kind once named a collection "addresss")', async () => {
    const empty = { warning: { code: 'NO_RESULTS_ON_PAGE', message: 'There are no results for scope.' } };
    const list = { kind: 'compute#addressAggregatedList', id: 'projects/p/aggregated/addresses', items: { 'regions/europe-west2': empty, global: empty } };
    const m = await loadPaths([tmpFiles({ 'compute.json': JSON.stringify(list) })]);
    expect(m.coverage.entries()).toEqual([{ collection: 'addresses', project: 'p' }]);
  });
});

describe('documents are taken one at a time, in file order', () => {
  const v1Job = (namespace: string, egress: string) => ({
    apiVersion: 'run.googleapis.com/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace, labels: { 'cloud.googleapis.com/location': 'europe-west2' } },
    spec: { template: { metadata: { annotations: { 'run.googleapis.com/vpc-access-egress': egress } } } },
  });
  const network = { kind: 'compute#network', name: 'vpc', selfLink: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc' };
  // A job named by project number waits for the whole input (it may map the number); the copy in the later file still wins.
  it.each([
    ['the earlier copy waits for the project number', { 'a.json': v1Job('123', 'all-traffic'), 'b.json': v1Job('p', 'private-ranges-only') }, 'PRIVATE_RANGES_ONLY'],
    ['the later copy waits for the project number', { 'a.json': v1Job('p', 'all-traffic'), 'b.json': v1Job('123', 'private-ranges-only') }, 'PRIVATE_RANGES_ONLY'],
    ['neither waits', { 'a.json': v1Job('p', 'private-ranges-only'), 'b.json': v1Job('p', 'all-traffic') }, 'ALL_TRAFFIC'],
  ])('a resource met twice keeps the copy in the later file: %s', (_, jobs, egress) => {
    const docs = Object.entries({ ...jobs, 'networks.json': [network] }).map(([file, value]) => ({ file, value }));
    for (const order of [docs, [...docs].reverse()]) {
      const m = buildModel(order);
      expect(m.workloads).toHaveLength(1);
      expect(m.workloads[0]).toMatchObject({ project: 'p', egress });
    }
  });
  it('reports the first bad file in file order, whatever is wrong with the later ones', async () => {
    const badCidr = { kind: 'compute#subnetwork', name: 's', region: 'r', network: 'vpc', ipCidrRange: '10.0.0.0/33', selfLink: 'https://www.googleapis.com/compute/v1/projects/p/regions/r/subnetworks/s' };
    const err = await loadError({ 'a.json': JSON.stringify([badCidr]), 'B.json': '{ not json', 'c.json': Buffer.from([0xff, 0xfe]) });
    expect(err.file).toMatch(/a\.json$/);
    expect([err.where, err.message]).toEqual(['$[0].ipCidrRange', 'expected an IP range in CIDR notation such as "10.8.0.0/28"']);
  });
  it('parses each file when it reaches it, in file order, and reads no further once a file is bad', () => {
    const parsed: string[] = [];
    const source = (file: string, value: unknown) => ({ file, parse: () => (parsed.push(file), value) });
    const bad = { kind: 'compute#network', name: 'vpc', selfLink: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc', IPv4Range: 7 };
    const err = (() => {
      try {
        buildModel([source('c.json', [network]), source('b.json', [bad]), source('a.json', [network])]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe('b.json');
    expect(parsed).toEqual(['a.json', 'b.json']);
  });
});

describe('firewall rules in getEffectiveFirewalls responses', () => {
  const LINK = 'https://www.googleapis.com/compute/v1/projects/p/global';
  const network = { kind: 'compute#network', name: 'vpc', selfLink: `${LINK}/networks/vpc` };
  const rule = (name: string, priority: unknown, networkRef = `${LINK}/networks/vpc`) => ({
    kind: 'compute#firewall',
    name,
    network: networkRef,
    priority,
    direction: 'EGRESS',
    denied: [{ IPProtocol: 'all' }],
    selfLink: `${LINK}/firewalls/${name}`,
  });
  const effective = (...firewalls: unknown[]) => ({ firewalls, firewallPolicys: [] });
  const load = (files: Record<string, unknown>) =>
    buildModel(Object.entries({ 'networks.json': [network], ...files }).map(([file, value]) => ({ file, value })));

  it('a rule a firewalls list holds too is taken from the list, before or after the response in file order', () => {
    for (const effectiveFile of ['a-effective-firewalls-vpc.json', 'z-effective-firewalls-vpc.json']) {
      const m = load({ [effectiveFile]: effective(rule('deny-all', 100)), 'firewalls.json': [rule('deny-all', 200)] });
      expect(m.firewalls.map((f) => [f.name, f.priority, f.source.file]), effectiveFile).toEqual([['deny-all', 200, 'firewalls.json']]);
    }
  });
  it('a rule no list holds is read from the response (parsed again), whatever names its network', () => {
    const parsed: string[] = [];
    const m = buildModel([
      { file: 'networks.json', value: [network] },
      { file: 'firewalls.json', value: [rule('listed', 100)] },
      // The second rule names its network by a relative name: its id cannot be told before normalising.
      { file: 'effective-firewalls-vpc.json', parse: () => (parsed.push('effective'), effective(rule('listed', 1), rule('only-here', 300), rule('relative', 400, 'projects/p/global/networks/vpc'))) },
    ]);
    expect(m.firewalls.map((f) => [f.name, f.priority, f.source.file, f.source.pointer])).toEqual([
      ['listed', 100, 'firewalls.json', '/0'],
      ['only-here', 300, 'effective-firewalls-vpc.json', '/firewalls/1'],
      ['relative', 400, 'effective-firewalls-vpc.json', '/firewalls/2'],
    ]);
    expect(parsed).toEqual(['effective', 'effective']);
  });
  it('of two responses holding a rule no list holds, the later file wins', () => {
    const m = load({ 'b-effective-firewalls.json': effective(rule('r', 2)), 'a-effective-firewalls.json': effective(rule('r', 1)) });
    expect(m.firewalls.map((f) => [f.priority, f.source.file])).toEqual([[2, 'b-effective-firewalls.json']]);
  });
  it('a bad copy of a listed rule is not read; a bad rule no list holds is an error', () => {
    const bad = { ...rule('r', 'high') };
    expect(load({ 'firewalls.json': [rule('r', 100)], 'effective-firewalls-vpc.json': effective(bad) }).firewalls).toHaveLength(1);
    const err = (() => {
      try {
        load({ 'effective-firewalls-vpc.json': effective(bad) });
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect([err!.file, err!.where]).toEqual(['effective-firewalls-vpc.json', '$.firewalls[0].priority']);
  });
});

describe('deploy scripts are laid over in file order', () => {
  it('the later script by name wins, and its commands come last, whatever order the paths are given in', async () => {
    const network = { kind: 'compute#network', name: 'vpc', selfLink: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc' };
    const dir = tmpFiles({
      'networks.json': JSON.stringify([network]),
      'a.sh': 'gcloud run deploy svc --project=p --region=europe-west1 --vpc-egress=all-traffic --network=vpc --subnet=s\n',
      'b.sh': 'gcloud run deploy svc --project=p --region=europe-west1 --vpc-egress=private-ranges-only --network=vpc --subnet=s\n',
    });
    const [a, b, json] = [join(dir, 'a.sh'), join(dir, 'b.sh'), join(dir, 'networks.json')];
    for (const paths of [[json, a, b], [b, a, json], [b, dir, a]]) {
      const m = await loadPaths(paths);
      expect(m.workloads.map((w) => w.egress), paths.join(' ')).toEqual(['PRIVATE_RANGES_ONLY']);
      expect(m.commands.map((c) => c.file), paths.join(' ')).toEqual([a, b]);
    }
  });
});

describe('shared parsed values', () => {
  it('rules share a parsed protocol list only when their clauses are the same (protocol texts cannot run into ports)', async () => {
    const fw = (name: string, allowed: unknown[]) => ({
      kind: 'compute#firewall',
      name,
      network: 'https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc',
      selfLink: `https://www.googleapis.com/compute/v1/projects/p/global/firewalls/${name}`,
      direction: 'EGRESS',
      allowed,
    });
    const m = await loadPaths([
      tmpFiles({
        'firewalls.json': JSON.stringify([
          fw('a', [{ IPProtocol: 'tcp', ports: ['80'] }, { IPProtocol: 'udp' }]),
          // Without the lengths, a's clauses would be keyed "tcp,80;udp;", and so would this one protocol text.
          fw('b', [{ IPProtocol: 'tcp,80;udp' }]),
          fw('c', [{ IPProtocol: 'tcp', ports: ['80'] }, { IPProtocol: 'udp' }]),
        ]),
      }),
    ]);
    const [a, b, c] = m.firewalls;
    expect(a!.matches).toEqual([{ protocol: 'tcp', ports: [{ from: 80, to: 80 }] }, { protocol: 'udp', ports: [] }]);
    expect(b!.matches).toEqual([{ protocol: 'tcp,80;udp', ports: [] }]);
    expect(c!.matches).toBe(a!.matches);
    expect(a!.targetTags).toEqual([]);
  });
});

describe('large lists', () => {
  it('a list of 150,000 resources in one file loads (push(...items) overflowed the stack beyond about 120,000)', async () => {
    const C = 'https://www.googleapis.com/compute/v1/projects/big/global/networks/';
    const items = Array.from({ length: 150_000 }, (_, i) => ({ kind: 'compute#network', name: `n${i}`, selfLink: `${C}n${i}` }));
    const model = await loadPaths([tmpFiles({ 'networks.json': JSON.stringify({ kind: 'compute#networkList', id: 'projects/big/global/networks', items }) })]);
    expect(model.networks).toHaveLength(150_000);
  });
});
