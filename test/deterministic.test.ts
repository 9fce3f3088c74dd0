// The same input gives the same report: files in any order on the command line or on disk give
// byte-identical JSON and SARIF, and shuffling the resource lists and the set-like string arrays inside
// the files (ranges, tags, ports) changes nothing but the line numbers of locations.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cli } from './helpers/cli.js';
import { materialise } from './helpers/fixture-case.js';
import { tmpFiles } from './helpers/tmp.js';
import { DENY_ALL_CONNECTOR_EGRESS, NAT_IN_OTHER_REGION, RUN_V1_JOB_CONNECTOR_AND_DIRECT_VPC, SECOND_CONNECTOR_SAME_RANGE } from './helpers/variants.js';

const INPUTS: [string, string][] = [
  ['the bundled example', join(import.meta.dirname, '..', 'fixtures', 'examples', 'seed-connector-nat')],
  ['connector egress denied', materialise(DENY_ALL_CONNECTOR_EGRESS).dir],
  ['two connectors on one range', materialise(SECOND_CONNECTOR_SAME_RANGE).dir],
  ['NAT in another region', materialise(NAT_IN_OTHER_REGION).dir],
  ['a Run v1 job with a connector and Direct VPC', materialise(RUN_V1_JOB_CONNECTOR_AND_DIRECT_VPC).dir],
];

const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json'));

async function outputs(inputs: string[]): Promise<{ json: string; sarif: string }> {
  const json = await cli(['check', ...inputs, '-f', 'json']);
  const sarif = await cli(['check', ...inputs, '-f', 'sarif']);
  expect(json.stderr).toBe('');
  return { json: json.stdout, sarif: sarif.stdout };
}

/** Shuffles (seeded) the top-level resource lists and every array of strings; other arrays keep their order (policy order matters). */
function shuffled(value: unknown, rand: () => number, depth = 0): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => shuffled(v, rand, depth + 1));
    if (depth <= 1 || items.every((v) => typeof v === 'string'))
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
    return items;
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shuffled(v, rand, depth + 1)]));
  return value;
}

function withoutLines(json: string, sarif: string): { json: unknown; sarif: unknown } {
  const j = JSON.parse(json);
  for (const f of j.findings) if (f.location) delete f.location.line;
  const s = JSON.parse(sarif);
  for (const r of s.runs[0].results) delete r.locations[0].physicalLocation.region.startLine;
  return { json: j, sarif: s };
}

describe.each(INPUTS)('%s', (_name, dir) => {
  test('has findings (so the comparison is not vacuous)', async () => {
    expect(JSON.parse((await outputs([dir])).json).findings.length).toBeGreaterThan(0);
  });

  test('files in any order on the command line, or written to disk in another order: byte-identical', async () => {
    const files = jsonFiles(dir);
    const reference = await outputs(files.map((f) => join(dir, f)));
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(files, { minLength: files.length }), async (order) => {
        expect(await outputs(order.map((f) => join(dir, f)))).toEqual(reference);
      }),
      { seed: 1, numRuns: 5 },
    );
    // The same files written in reverse order into another directory, read as a directory.
    const copy = tmpFiles({});
    for (const f of [...files].reverse()) writeFileSync(join(copy, f), readFileSync(join(dir, f)));
    const fromDir = await outputs([copy]);
    const fromOriginal = await outputs([dir]);
    // Locations are relative to the working directory: the two differ only in the directory's name.
    const named = (text: string, d: string) => text.split(relative(process.cwd(), d)).join('DIR');
    expect(named(fromDir.json, copy)).toBe(named(fromOriginal.json, dir));
    expect(named(fromDir.sarif, copy)).toBe(named(fromOriginal.sarif, dir));
  });

  test('shuffled arrays inside the files: the same report but for line numbers', async () => {
    const files = jsonFiles(dir);
    const copy = tmpFiles(Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f))])));
    const reference = await outputs([copy]);
    const base = withoutLines(reference.json, reference.sarif);
    for (const seed of [1, 2, 3]) {
      const rand = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { seed, numRuns: 10_000 });
      let i = 0;
      const next = () => rand[i++ % rand.length]!;
      for (const f of files) writeFileSync(join(copy, f), JSON.stringify(shuffled(JSON.parse(readFileSync(join(dir, f), 'utf8')), next), null, 2));
      const out = await outputs([copy]);
      expect(withoutLines(out.json, out.sarif)).toEqual(base);
    }
  });
});
