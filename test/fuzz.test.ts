// Malformed input ends in a clear InputError (exit 2, naming the file and JSON path) or a valid report
// (exit 0, 1 or 3), never in a crash. fast-check mutates valid snapshots: most cases run the pure
// pipeline (buildModel → evaluate → every formatter) on in-memory documents; a few hundred go through
// the file system and the CLI. Seeded, so a failure replays: FUZZ_SEED=n FUZZ_RUNS=n to explore.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { InputError } from '../src/errors.js';
import { evaluate } from '../src/evaluate.js';
import { buildModel, type ParsedDocument } from '../src/load/index.js';
import { formatCompact } from '../src/output/compact.js';
import { formatJson } from '../src/output/json.js';
import { buildReport } from '../src/output/report.js';
import { formatGithub } from '../src/output/github.js';
import { formatMarkdown } from '../src/output/markdown.js';
import { formatSarif } from '../src/output/sarif.js';
import { formatText } from '../src/output/text.js';
import { exitCode } from '../src/run.js';
import { cli } from './helpers/cli.js';
import { caseFiles, SEED_BASE } from './helpers/fixture-case.js';
import { DENY_ALL_CONNECTOR_EGRESS, DIRECT_VPC_IN_SLASH_27, PROXY_DEFAULT_ROUTE, PSA_RANGE_OVER_CONNECTOR, RUN_V1_JOB_CONNECTOR_AND_DIRECT_VPC } from './helpers/variants.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const IN_MEMORY_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CLI_RUNS = Math.max(1, Math.round(IN_MEMORY_RUNS / 40));
// About 17 s and 10 s on an idle 2-core machine; the limits leave room for a loaded CI runner.
const TIMEOUT = { inMemory: 180_000, cli: 120_000 };

/** Valid inputs with findings of many rules: the bundled example and a few broken variants of it. */
const BASES = [
  { base: SEED_BASE },
  DENY_ALL_CONNECTOR_EGRESS,
  PSA_RANGE_OVER_CONNECTOR,
  DIRECT_VPC_IN_SLASH_27,
  RUN_V1_JOB_CONNECTOR_AND_DIRECT_VPC,
  PROXY_DEFAULT_ROUTE,
].map((variant) => {
  const files = caseFiles(variant);
  return Object.keys(files)
    .sort()
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, value: JSON.parse(files[name]!) as unknown }));
});

type Json = unknown;
type Path = (string | number)[];

/** Paths to values inside a document (the root excluded), depth-first; bounded, as earlier mutations may have made it huge or deep. */
function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (out.length >= 2_000 || prefix.length >= 40 || !value || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(k) : k];
    out.push(path);
    paths(v, path, out);
  }
  return out;
}

function parentOf(doc: Json, path: Path): Record<string | number, Json> {
  let v = doc as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<string | number, Json>;
  return v;
}

const BAD_CIDRS = ['10.0.0.0/33', '256.1.1.1/24', '256.1.1.1', '2001:db8::/32', '::/0', '10.0.0.0', '10.0.0/24', '10.0.0.0/-1', '', ' 10.0.0.0/8', '10.0.0.0/8 ', '1e3.0.0.0/8', '0x0a.0.0.0/8'];
const BAD_NUMBERS = [-1, 0, 65536, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 1.5, '-0', '99999999999999999999', 'NaN', ''];
const BAD_REFS = ['projects/nowhere/global/networks/ghost', 'projects/nowhere/regions/mars-1/subnetworks/ghost', 'projects/p/locations/r/connectors/ghost', 'ghost', '/', '//', 'projects//x'];

type Mutation =
  | { op: 'delete' | 'duplicate' | 'huge' | 'deep' | 'nest'; at: number }
  | { op: 'set'; at: number; value: Json }
  | { op: 'dropFile' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'huge', 'deep', 'nest'), at: fc.nat() }),
  fc.record({
    op: fc.constant('set'),
    at: fc.nat(),
    value: fc.oneof(
      fc.constantFrom(...BAD_CIDRS, ...BAD_NUMBERS, ...BAD_REFS, null, true, false, [], {}),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  }),
  fc.constant({ op: 'dropFile' as const }),
);

/** Applies a mutation to one document of a deep copy of the base; returns the documents. */
function mutate(base: { name: string; value: Json }[], fileIndex: number, mutations: Mutation[]): { name: string; value: Json }[] {
  let docs = structuredClone(base);
  for (const m of mutations) {
    if (docs.length === 0) break;
    const doc = docs[fileIndex % docs.length]!;
    if (m.op === 'dropFile') {
      docs = docs.filter((d) => d !== doc);
      continue;
    }
    const all = paths(doc.value);
    if (all.length === 0) {
      if (m.op === 'set') doc.value = m.value;
      continue;
    }
    const path = all[m.at % all.length]!;
    const parent = parentOf(doc.value, path);
    const key = path[path.length - 1]!;
    const current = parent[key];
    switch (m.op) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'duplicate': // a duplicate resource (or list entry, or key value); shared, as cloning a deep value would overflow
        if (Array.isArray(parent)) parent.splice(key as number, 0, current);
        else parent[key] = [current, current];
        break;
      case 'huge':
        parent[key] = Array.from({ length: 5_000 }, () => current);
        break;
      case 'deep': {
        let v: Json = current;
        for (let i = 0; i < 2_000; i++) v = [v];
        parent[key] = v;
        break;
      }
      case 'nest':
        parent[key] = { [String(key)]: current };
        break;
      case 'set':
        parent[key] = structuredClone(m.value);
        break;
    }
  }
  return docs;
}

const caseArb = fc.record({
  base: fc.nat({ max: BASES.length - 1 }),
  file: fc.nat(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
});

/** An InputError must name a file of the input, and a JSON path into it when it has a pointer; one line. */
function expectGoodInputError(err: unknown, files: string[]): void {
  if (!(err instanceof InputError)) throw err;
  expect(files).toContain(err.file);
  const text = err.format();
  expect(text).not.toMatch(/\n/);
  if (err.pointer !== undefined) expect(err.where).toMatch(/^\$/);
}

/** Were every case an InputError, the properties would hold without a report or formatter having run. */
function expectSomeReports(reports: number, runs: number): void {
  expect(reports, `cases that reached a report, of ${runs}`).toBeGreaterThanOrEqual(Math.floor(runs / 10));
}

describe('fuzz: mutated snapshots never crash the checker', () => {
  test(`${IN_MEMORY_RUNS} in-memory cases (seed ${SEED}): InputError or a valid report in every format`, () => {
    const started = Date.now();
    let errors = 0;
    fc.assert(
      fc.property(caseArb, ({ base, file, mutations }) => {
        const docs = mutate(BASES[base]!, file, mutations);
        const documents: ParsedDocument[] = docs.map((d) => ({ file: `/in/${d.name}`, value: d.value }));
        try {
          const model = buildModel(documents);
          const report = buildReport(model, evaluate(model), undefined, '/in');
          expect([0, 1, 3]).toContain(exitCode(report, 'error'));
          JSON.parse(formatJson(report));
          JSON.parse(formatSarif(report, { fallbackUri: 'in' }));
          formatText(report, true);
          formatCompact(report);
          formatMarkdown(report);
          formatGithub(report);
        } catch (err) {
          errors++;
          expectGoodInputError(err, documents.map((d) => d.file));
        }
      }),
      { seed: SEED, numRuns: IN_MEMORY_RUNS },
    );
    console.log(`fuzz: ${IN_MEMORY_RUNS} in-memory cases, ${errors} input errors, ${Date.now() - started} ms (seed ${SEED})`);
    expectSomeReports(IN_MEMORY_RUNS - errors, IN_MEMORY_RUNS);
  }, TIMEOUT.inMemory);

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test(`${CLI_RUNS} cases through files and the CLI: exit 2 with a one-line message, or 0/1/3 with valid JSON`, async () => {
    const started = Date.now();
    let reports = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ base, file, mutations }) => {
        const docs = mutate(BASES[base]!, file, mutations);
        const dir = mkdtempSync(join(tmpdir(), 'egress-lint-fuzz-'));
        dirs.push(dir);
        for (const d of docs) writeFileSync(join(dir, d.name), JSON.stringify(d.value, null, 2));
        const r = await cli(['check', dir, '-f', 'json']);
        if (r.code === 2) {
          expect(r.stdout).toBe('');
          expect(r.stderr).toMatch(/^egress-lint: [^\n]+\n$/);
          expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
          const named = docs.length === 0 ? dir : undefined;
          if (named) expect(r.stderr).toContain(named);
          else expect(docs.some((d) => r.stderr.startsWith(`egress-lint: ${join(dir, d.name)}`))).toBe(true);
        } else {
          expect([0, 1, 3]).toContain(r.code);
          expect(JSON.parse(r.stdout).tool).toBe('egress-lint');
          reports++;
        }
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed: SEED + 1, numRuns: CLI_RUNS },
    );
    console.log(`fuzz: ${CLI_RUNS} CLI cases, ${CLI_RUNS - reports} input errors, ${Date.now() - started} ms (seed ${SEED + 1})`);
    expectSomeReports(reports, CLI_RUNS);
  }, TIMEOUT.cli);
});
