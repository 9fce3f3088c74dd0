// The command line, injectable for tests: run(argv, io) returns the exit code and never exits.
import yargs from 'yargs';
import { RULES } from '../rules/index.js';
import { writeFileAtomic } from './atomic.js';
import { InputError, UsageError } from './errors.js';
import { evaluate } from './evaluate.js';
import { EXIT } from './exit-codes.js';
import { loadPaths } from './load/index.js';
import { formatCompact } from './output/compact.js';
import { formatJson } from './output/json.js';
import { buildReport, type Report } from './output/report.js';
import { formatSarif } from './output/sarif.js';
import { formatText } from './output/text.js';
import { ruleDoc, VERSION } from './package-info.js';
import { SEVERITIES, type Severity } from './rule.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a colour-capable terminal. */
  stdoutIsTTY: boolean;
}

const FORMATS = ['text', 'json', 'sarif', 'compact'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = [...SEVERITIES, 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** Colour: --color/--no-color, then FORCE_COLOR, then NO_COLOR (any non-empty value), then a TTY. */
export function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '') return io.env.FORCE_COLOR !== '0';
  if (io.env.NO_COLOR) return false;
  return io.stdoutIsTTY;
}

export function exitCode(report: Report, failOn: FailOn): number {
  const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
  if (failOn !== 'none' && report.findings.some((f) => rank[f.severity] <= rank[failOn])) return EXIT.FINDINGS;
  if (report.notEvaluated.length > 0 || report.coverage.failures.length > 0) return EXIT.INCOMPLETE;
  return EXIT.OK;
}

function render(report: Report, format: Format, color: boolean, fallbackUri: string): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { fallbackUri });
    case 'compact':
      return formatCompact({ findings: report.findings, notEvaluated: report.notEvaluated });
    case 'text':
      return formatText(report, color);
  }
}

/** -o format=path, repeatable: one evaluation, several outputs. */
function parseOutputs(values: string[]): { format: Format; path: string }[] {
  return values.map((v) => {
    const m = /^([a-z]+)=(.+)$/.exec(v);
    if (!m || !(FORMATS as readonly string[]).includes(m[1]!))
      throw new UsageError(`-o expects FORMAT=PATH with FORMAT one of ${FORMATS.join(', ')}; got "${v}"`);
    return { format: m[1] as Format, path: m[2]! };
  });
}

export async function run(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.OK;
  const parser = yargs(argv)
    .scriptName('egress-lint')
    .usage('$0 <command> [options]\n\nLint Google Cloud serverless egress: Cloud Run → connector / Direct VPC → firewall → routes → Cloud NAT.')
    .version(VERSION)
    .strict()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .command(
      'check <inputs..>',
      'Check snapshots: raw API JSON files or directories (gcloud --format=json, REST responses, egress-lint snapshots)',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'files or directories (*.json, recursive)' })
          .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'report format on stdout' })
          .option('output', { alias: 'o', type: 'string', array: true, default: [] as string[], describe: 'also write FORMAT=PATH (repeatable), e.g. -o sarif=egress.sarif' })
          .option('fail-on', { choices: FAIL_ON, default: 'error' as FailOn, describe: 'lowest severity that makes the exit code 1' })
          .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a terminal, off with NO_COLOR)' }),
      async (args) => {
        const outputs = parseOutputs(args.output);
        const model = await loadPaths(args.inputs as string[]);
        const report = buildReport(model, evaluate(model));
        const fallbackUri = String((args.inputs as string[])[0]);
        for (const o of outputs) await writeFileAtomic(o.path, render(report, o.format, false, fallbackUri));
        io.stdout(render(report, args.format, useColor(args.color, io), fallbackUri));
        code = exitCode(report, args['fail-on']);
      },
    )
    .command(
      'rules',
      'List the rule catalogue',
      (y) => y,
      () => {
        const width = Math.max(...RULES.map((r) => r.meta.id.length));
        for (const r of RULES) io.stdout(`${r.meta.id.padEnd(width)}  ${r.meta.severity.padEnd(7)}  ${r.meta.short}\n`);
      },
    )
    .command(
      'explain <rule>',
      "Print a rule's documentation",
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (args) => {
        if (!RULES.some((r) => r.meta.id === args.rule))
          throw new UsageError(`unknown rule "${args.rule}"; \`egress-lint rules\` lists them`);
        io.stdout(ruleDoc(args.rule));
      },
    )
    .demandCommand(1, 'name a command: check, rules or explain (see --help)')
    .help();
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`egress-lint: ${err.format()}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof UsageError || (err as Error).name === 'YError') {
      io.stderr(`egress-lint: ${(err as Error).message}\n`);
      return EXIT.USAGE;
    }
    throw err;
  }
  return code;
}
