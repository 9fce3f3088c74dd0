// Every command egress-lint suggests, checked against real gcloud: each rule fixture case
// (fixtures/rules/<group>/<name>/<fail|pass|unknown>-*/, loaded as test/rules.test.ts loads it) is
// evaluated, and every command of every fix of its findings and traces must be one gcloud accepts
// and must carry no placeholder the user would have to fill in.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Fix } from '../src/fix.js';
import { loadPaths } from '../src/load/index.js';
import { checkGcloudSyntax, GCLOUD, GCLOUD_SKIP_REASON, placeholders } from './helpers/gcloud.js';
import { materialise, readCase } from './helpers/fixture-case.js';

if (!GCLOUD) console.warn('SKIPPED fix command tests: gcloud is not on PATH');

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'rules');

function caseDirs(): string[] {
  const dirs = (d: string): string[] => readdirSync(d).map((n) => join(d, n)).filter((p) => statSync(p).isDirectory());
  return dirs(ROOT).flatMap(dirs).flatMap(dirs).filter((d) => /^(fail|pass|unknown)-/.test(basename(d))).sort();
}

/** A finding's or a trace's fixes. */
function fixesOf(x: object | undefined): readonly Fix[] {
  return (x as { fixes?: readonly Fix[] } | undefined)?.fixes ?? [];
}

interface Collected {
  findings: number;
  /** Each distinct command (as JSON) and the first case that suggested it. */
  commands: Map<string, string>;
}

async function collect(): Promise<Collected> {
  const commands = new Map<string, string>();
  let findings = 0;
  for (const dir of caseDirs()) {
    const inputs = materialise(readCase(dir)).paths;
    const result = evaluate(await loadPaths(inputs));
    findings += result.findings.length;
    const holders = [...result.findings, ...result.findings.map((f) => f.trace), ...result.traces];
    for (const fix of holders.flatMap(fixesOf)) {
      for (const argv of fix.commands) if (!commands.has(JSON.stringify(argv))) commands.set(JSON.stringify(argv), relative(ROOT, dir));
    }
  }
  return { findings, commands };
}

const show = (argv: readonly string[], where: string): string => `  ${argv.join(' ')}\n    (${where})`;

describe.skipIf(!GCLOUD)(`fix commands of the rule fixtures${GCLOUD_SKIP_REASON}`, () => {
  it('are commands gcloud accepts, with no placeholder, and there are some', async () => {
    const { findings, commands } = await collect();
    const argvs = [...commands.keys()].map((k) => JSON.parse(k) as string[]);

    expect(findings, 'the rule fixtures yield findings').toBeGreaterThan(0);
    expect(argvs.length, `${findings} findings in the rule fixtures but not one fix command`).toBeGreaterThan(0);
    console.log(`${argvs.length} distinct fix commands from ${findings} findings and their traces, checked with gcloud`);

    // Soft: a failure lists every problem at once.
    const notGcloud = argvs.filter((a) => a[0] !== 'gcloud');
    expect.soft(notGcloud.map((a) => show(a, commands.get(JSON.stringify(a))!)).join('\n'), 'commands that do not start with gcloud').toBe('');

    const rejected = (await checkGcloudSyntax(argvs.filter((a) => a[0] === 'gcloud'))).filter((v) => !v.accepted);
    const rejectedText = rejected.map((v) => `${show(v.argv, commands.get(JSON.stringify(v.argv))!)}\n    ${v.error!.replace(/\n/g, '\n    ')}`);
    expect.soft(rejectedText.join('\n'), `${rejected.length} of ${argvs.length} commands rejected by gcloud`).toBe('');

    const withPlaceholders = argvs.map((a) => [a, placeholders(a)] as const).filter(([, p]) => p.length > 0);
    const placeholderText = withPlaceholders.map(([a, p]) => `${show(a, commands.get(JSON.stringify(a))!)}\n    placeholders: ${p.join(', ')}`);
    expect.soft(placeholderText.join('\n'), `${withPlaceholders.length} of ${argvs.length} commands carry placeholders`).toBe('');
  }, 120_000);
});
