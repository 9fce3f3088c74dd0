// Unknown is never reported as fine: for every rule, every collection in its meta.requires and every
// fixture where the rule fires (fail-*), the collection's files are removed (which drops the coverage
// they imply). The rule must then say "not evaluated" (path rules: the trace is UNDETERMINED), and may
// keep only findings it made with the collection present — never silence, never a new (false) finding.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES } from '../rules/index.js';
import { traceAll } from '../src/engine/trace.js';
import { evaluate } from '../src/evaluate.js';
import { loadPaths } from '../src/load/index.js';
import { collectionFromFileName } from '../src/load/recognise.js';
import type { Collection } from '../src/model.js';
import { materialise, readCase } from './helpers/fixture-case.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'rules');

/** Removals after which the input itself is ambiguous: the loader must say so (exit 2), with the reason. Key: "rule|collection|fixture". */
const INPUT_ERROR_WITHOUT: Record<string, RegExp> = {
  // Two projects: effective-firewalls-my-vpc.json names its network only by file name; without networks.json
  // nothing says which project's "my-vpc" it is, and the loader refuses to guess.
  'connector/range-overlap|networks|fail-peered-subnet': /cannot tell which network this getEffectiveFirewalls response is for/,
};

/** Path rules whose gap shows in their own "not evaluated" but in no UNDETERMINED trace, with the reason. Key: "rule|collection". */
const NO_TRACE_WITHOUT: Record<string, string> = {
  // VPC destinations are the subnets' ranges: without subnetworks there is no VPC trace to be UNDETERMINED.
  'egress/non-private-vpc-destination|subnetworks': 'the rule reports the gap through need()',
};

async function ownResult(ruleId: string, files: string[]) {
  const model = await loadPaths(files);
  const result = evaluate(model);
  return {
    model,
    // A finding's identity (as in its fingerprint); an aggregated finding's message may list fewer
    // destinations once a collection is gone, which makes it no new finding.
    findings: result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.resource}|${f.destination ?? ''}|${f.discriminator ?? ''}`),
    notEvaluated: result.notEvaluated.filter((n) => n.ruleId === ruleId),
  };
}

// Each failing case written out once, as `egress-lint check` reads it.
const failing = RULES.flatMap((rule) =>
  readdirSync(join(ROOT, rule.meta.id))
    .filter((d) => d.startsWith('fail-'))
    .map((d) => ({ rule, fixture: d, paths: materialise(readCase(join(ROOT, rule.meta.id, d))).paths })),
);

const cases = failing.flatMap(({ rule, fixture, paths }) =>
  rule.meta.requires
    .filter((collection) => paths.some((f) => collectionFromFileName(basename(f)) === collection))
    .map((collection) => ({ rule, collection, fixture, paths, name: `${rule.meta.id} without ${collection} (${fixture})` })),
);

describe('removing a required collection gives "not evaluated", never silence or a false finding', () => {
  test('every rule with requirements is exercised', () => {
    const exercised = new Set(cases.map((c) => c.rule.meta.id));
    expect(RULES.filter((r) => r.meta.requires.length > 0 && !exercised.has(r.meta.id)).map((r) => r.meta.id)).toEqual([]);
    console.log(`unknown-vs-empty: ${cases.length} rule × collection × fixture cases`);
  });

  test.each(cases.map((c) => [c.name, c]))('%s', async (_name, { rule, collection, fixture, paths }) => {
    const before = await ownResult(rule.meta.id, paths);
    expect(before.findings.length).toBeGreaterThan(0);
    const kept = paths.filter((f) => collectionFromFileName(basename(f)) !== collection);
    const expectedError = INPUT_ERROR_WITHOUT[`${rule.meta.id}|${collection}|${fixture}`];
    if (expectedError) return expect(ownResult(rule.meta.id, kept)).rejects.toThrow(expectedError);
    const after = await ownResult(rule.meta.id, kept);
    for (const f of after.findings) expect(before.findings).toContain(f); // no false finding
    // Findings lost with the collection, about resources and destinations still in the input. A finding
    // about a removed resource (a job when jobs.json goes) or destination (vpc:SUBNET when subnetworks.json
    // goes) has nothing left to be about.
    const present = new Set(Object.values(after.model).flatMap((v) => (Array.isArray(v) ? v.map((r: { id?: string }) => r.id) : [])));
    const traced = new Set(traceAll(after.model).map((t) => t.destination.name));
    const lost = before.findings.filter((f) => {
      const [resource, destination] = f.split('|');
      return !after.findings.includes(f) && present.has(resource) && (destination === '' || traced.has(destination!));
    });
    if (lost.length === 0) return;
    expect(after.notEvaluated.map((n) => n.missing.map((m) => m.collection)).flat(), `"not evaluated" must name ${collection}`).toContain(collection);
    if (rule.meta.path && !NO_TRACE_WITHOUT[`${rule.meta.id}|${collection}`]) {
      const missing = traceAll(after.model).filter((t) => t.verdict === 'UNDETERMINED').flatMap((t) => t.missing ?? []);
      expect(missing.map((m) => m.collection)).toContain(collection);
    }
  });
});
