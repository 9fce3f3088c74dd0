// No quadratic step in loading (issue 7), asserted on work counters, never on wall time: doubling the
// input must roughly double buildModel's steps (sorting allows a little over 2x: n log n).
// The overlap sweep's comparison count is covered in overlap.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../bench/gen.js';
import { buildModel, buildModelWork, listInputFiles, snapshotSources, type DocumentSource, type ParsedDocument } from '../src/load/index.js';

const COMPUTE_V1 = 'https://www.googleapis.com/compute/v1/';
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function work(documents: DocumentSource[]): { steps: number; resources: number } {
  buildModelWork.steps = 0;
  const model = buildModel(documents);
  const resources = model.networks.length + model.subnetworks.length + model.firewalls.length + model.routes.length + model.workloads.length;
  return { steps: buildModelWork.steps, resources };
}

async function generated(scale: number): Promise<DocumentSource[]> {
  const dir = await mkdtemp(join(tmpdir(), 'egress-lint-complexity-'));
  dirs.push(dir);
  await generate({ outDir: join(dir, 'snapshot'), scale, seed: 5 });
  return snapshotSources(await listInputFiles([dir]));
}

/** k host projects, one network each, every getEffectiveFirewalls response naming the same organisation policies. */
function sharedPolicies(k: number): ParsedDocument[] {
  const docs: ParsedDocument[] = [];
  for (let i = 0; i < k; i++) {
    const p = `host-${i}`;
    docs.push({
      file: `/in/${p}/networks.json`,
      value: {
        kind: 'compute#networkList',
        id: `projects/${p}/global/networks`,
        items: [{ kind: 'compute#network', name: `vpc-${i}`, selfLink: `${COMPUTE_V1}projects/${p}/global/networks/vpc-${i}` }],
      },
    });
    docs.push({
      file: `/in/${p}/effective-firewalls-vpc-${i}.json`,
      value: {
        firewalls: [],
        firewallPolicys: ['org', 'folder'].map((name) => ({
          name: `${name}-policy`,
          type: 'HIERARCHY',
          rules: [{ priority: 1000, direction: 'EGRESS', action: 'allow', match: { destIpRanges: ['0.0.0.0/0'] } }],
        })),
      },
    });
  }
  return docs;
}

describe('buildModel does linear (n log n) work', () => {
  it('on generated organisations: twice the projects, about twice the steps', async () => {
    const small = work(await generated(30));
    const large = work(await generated(60));
    expect(large.resources / small.resources).toBeGreaterThan(1.9);
    expect(large.steps / small.steps).toBeLessThan(2.3);
    // The sorts dominate: a small multiple of n·log2(n) steps, where a pairwise step would be n².
    expect(large.steps).toBeLessThan(4 * large.resources * Math.log2(large.resources));
  });

  it('hierarchical policies shared by every network: steps grow with the networks, not their square', () => {
    const small = work(sharedPolicies(200));
    const large = work(sharedPolicies(400));
    const model = buildModel(sharedPolicies(3));
    // The behaviour the counter watches: each organisation policy lists every network once.
    expect(model.firewallPolicies.map((p) => p.networks.length)).toEqual([3, 3]);
    expect(large.steps / small.steps).toBeLessThan(2.3);
  });
});
