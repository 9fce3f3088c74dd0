// The command line, injectable for tests: run(argv, io) returns the exit code and never exits.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Argv } from 'yargs';
import { RULES } from '../rules/index.js';
import { CONFIG_NAMES, findConfig, loadConfig, STARTER_CONFIG, type Config } from './config.js';
import { defaultDestinations, parseDestination, type DestinationSpec } from './engine/destinations.js';
import type { Trace } from './engine/types.js';
import { InputError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Model } from './model.js';
import type { Report } from './output/report.js';
import { ruleDoc, VERSION } from './package-info.js';
import { canonicalRuleId } from './rule-aliases.js';
import { SEVERITIES, type Severity } from './rule.js';
import yargs from './yargs.js';

// The loader (jsonc-parser, the generated validators), the engine, the report and suppression are
// imported by the commands that check something: `rules`, `explain` and `init` need the rule
// catalogue only, and loading the rest too (33 modules, among them 350 kB of generated validators)
// cost them about a third of their start-up. The catalogue loads engine/destinations.js anyway.
// atomic.js is imported by the runs that write a file only: one module less in the cold start of
// `egress-lint check` (npm run bench "cold start").
const writeFileAtomic = async (path: string, text: string) => (await import('./atomic.js')).writeFileAtomic(path, text);

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdout is a colour-capable terminal. */
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress is shown only there, and not in CI). */
  stderrIsTTY: boolean;
  /** Today, for waiver expiry. */
  now: Date;
}

const FORMATS = ['text', 'json', 'sarif', 'compact', 'markdown', 'github', 'html'] as const;
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

// Each format's module is imported when it is asked for: a run renders one or two formats, and
// importing all seven (html with its diagrams, sarif, markdown...) was part of the cold start of
// `egress-lint check` (npm run bench "cold start").
async function render(report: Report, traces: readonly Trace[], format: Format, color: boolean, fallbackUri: string): Promise<string> {
  switch (format) {
    case 'html':
      return (await import('./output/html.js')).formatHtml(report, traces);
    case 'json':
      return (await import('./output/json.js')).formatJson(report);
    case 'sarif':
      return (await import('./output/sarif.js')).formatSarif(report, { fallbackUri });
    case 'compact':
      return (await import('./output/compact.js')).formatCompact(report);
    case 'markdown':
      return (await import('./output/markdown.js')).formatMarkdown(report);
    case 'github':
      return (await import('./output/github.js')).formatGithub(report);
    case 'text':
      return (await import('./output/text.js')).formatText(report, color);
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

/** Options shared by check and scan: what to report, how, and what counts. */
function reportOptions<T>(y: Argv<T>) {
  return y
    .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'report format on stdout' })
    .option('output', { alias: 'o', type: 'string', array: true, default: [] as string[], describe: 'also write FORMAT=PATH (repeatable), e.g. -o sarif=egress.sarif' })
    .option('fail-on', { choices: FAIL_ON, describe: 'lowest severity that makes the exit code 1 (default: error, or failOn in the config)' })
    .option('destination', { alias: 'd', type: 'string', array: true, default: [] as string[], describe: 'also trace to NAME=IP[:PORT][/tcp|udp|icmp] (repeatable)' })
    .option('config', { alias: 'c', type: 'string', describe: 'configuration file (default: $EGRESS_LINT_CONFIG, then .egress-lint.yaml upward to the repository root); --no-config skips it' })
    .option('baseline', { type: 'string', describe: 'report only findings not in this baseline file' })
    .option('write-baseline', { type: 'string', describe: 'write the current findings as a baseline file' })
    .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a terminal, off with NO_COLOR)' });
}

interface ReportArgs {
  format: Format;
  output: string[];
  'fail-on'?: FailOn;
  destination: string[];
  config?: string | false;
  baseline?: string;
  'write-baseline'?: string;
  color?: boolean;
}

async function configFor(args: { config?: string | false }, io: Io): Promise<Config | undefined> {
  if (args.config === false) return undefined;
  const file = findConfig(args.config, io.env, io.cwd);
  if (!file) return undefined;
  return loadConfig(file, new Set(RULES.map((r) => r.meta.id)));
}

function destinationsOf(args: ReportArgs, config: Config | undefined): DestinationSpec[] {
  const base = config?.destinations ? config.destinations.flatMap(parseDestination) : defaultDestinations();
  return [...base, ...args.destination.flatMap(parseDestination)];
}

/** Evaluates a model and writes every requested output; returns the exit code. */
async function report(model: Model, args: ReportArgs, io: Io, fallbackUri: string): Promise<number> {
  const outputs = parseOutputs(args.output);
  const config = await configFor(args, io);
  const [{ evaluate }, { readBaseline, serializeBaseline, suppress }, { buildReport }] = await Promise.all([
    import('./evaluate.js'),
    import('./suppress.js'),
    import('./output/report.js'),
  ]);
  const result = evaluate(model, { severities: config?.rules, destinations: destinationsOf(args, config) });
  const baseline = args.baseline ? await readBaseline(args.baseline) : new Set<string>();
  const accepted = suppress(result.findings, config?.waivers ?? [], baseline, io.now.toISOString().slice(0, 10));
  const rep = buildReport(model, { findings: accepted.kept, notEvaluated: result.notEvaluated }, accepted, io.cwd);
  const uri = config?.file ? relative(io.cwd, config.file) : fallbackUri;
  if (args['write-baseline']) await writeFileAtomic(args['write-baseline'], serializeBaseline(result.findings));
  for (const o of outputs) await writeFileAtomic(o.path, await render(rep, result.traces, o.format, false, uri));
  io.stdout(await render(rep, result.traces, args.format, useColor(args.color, io), uri));
  return exitCode(rep, args['fail-on'] ?? config?.failOn ?? 'error');
}

function progress(io: Io, quiet: boolean | undefined): ((msg: string) => void) | undefined {
  if (quiet || !io.stderrIsTTY || io.env.CI) return undefined;
  return (msg) => io.stderr(`egress-lint: ${msg}\n`);
}

interface LiveArgs {
  project?: string[];
  organization?: string;
  folder?: string;
  region?: string[];
  follow: boolean;
  quiet?: boolean;
}

/** What a live command collects, in words: "project p", "organizations/123". */
function scope(args: LiveArgs): string {
  if (args.organization) return `organizations/${args.organization}`;
  if (args.folder) return `folders/${args.folder}`;
  return `project ${args.project!.join(', ')}`;
}

/** Live collection, loaded only by the commands that talk to Google Cloud (the clients are heavy). */
async function collect(args: LiveArgs, io: Io) {
  const chosen = [args.project?.length, args.organization, args.folder].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('name what to collect: --project P (repeatable), --organization N or --folder N');
  const live = await import('./live/index.js');
  const onProgress = progress(io, args.quiet);
  if (args.project?.length)
    return live.collectSnapshot({ projects: args.project, regions: args.region, follow: args.follow, env: io.env, onProgress });
  return live.collectOrganization({ parent: scope(args), env: io.env, onProgress });
}

function liveOptions<T>(y: Argv<T>) {
  return y
    .option('project', { alias: 'p', type: 'string', array: true, describe: 'project id (repeatable)' })
    .option('organization', { type: 'string', describe: 'organization number: every project under it, through Cloud Asset Inventory' })
    .option('folder', { type: 'string', describe: 'folder number: every project under it, through Cloud Asset Inventory' })
    .option('region', { alias: 'r', type: 'string', array: true, describe: 'only these regions (repeatable; default: every region with the API)' })
    .option('follow', { type: 'boolean', default: true, describe: 'collect Shared VPC host projects that workloads and connectors reference (--no-follow to skip)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no progress on stderr' });
}

/**
 * yargs renders the whole help text after starting every command handler (usage.cacheHelpMessage),
 * in case the handler later calls showHelp(). egress-lint never does: help is printed only for
 * --help, which yargs handles before any handler runs, and failures print the message alone
 * (.fail throws). Rendering it (cliui, string-width, wrap-ansi) was the largest single item of the
 * cold start of `egress-lint check` (npm run bench "cold start"), so it is skipped. Internal API:
 * if a yargs release renames it, nothing is skipped and nothing else changes.
 */
function skipHelpCache(parser: unknown): void {
  const usage = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
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
      'check [inputs..]',
      'Check snapshots (raw API JSON files or directories: gcloud --format=json, REST responses, egress-lint snapshots) and deploy scripts',
      (y) =>
        reportOptions(y)
          .positional('inputs', { type: 'string', array: true, default: [] as string[], describe: 'JSON files or directories, and deploy scripts (sh, Makefile, workflow YAML, cloudbuild.yaml)' })
          .option('plan', { type: 'string', array: true, default: [] as string[], describe: 'a Terraform plan (terraform show -json plan.out), laid over the snapshot' })
          .option('tf-dir', { type: 'string', describe: 'Terraform configuration, to point plan findings at .tf lines' })
          .option('asset-export', { type: 'string', array: true, default: [] as string[], describe: 'a Cloud Asset Inventory export (NDJSON, gcloud asset export --content-type=resource)' })
          .option('asset-types-partial', { type: 'boolean', describe: 'the export was made with --asset-types: a type with no asset proves nothing' }),
      async (args) => {
        const inputs = args.inputs as string[];
        const all = [...inputs, ...args.plan, ...args['asset-export']];
        if (all.length === 0) throw new UsageError('name something to check: files or directories, --plan or --asset-export');
        const { loadPaths } = await import('./load/index.js');
        const model = await loadPaths({
          paths: inputs,
          plans: args.plan,
          tfDir: args['tf-dir'],
          assetExports: args['asset-export'],
          assetTypesPartial: args['asset-types-partial'],
        });
        code = await report(model, args as ReportArgs, io, relative(io.cwd, all[0]!) || all[0]!);
      },
    )
    .command(
      'trace <inputs..>',
      'Trace one workload to a destination, hop by hop',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'snapshot files or directories' })
          .option('from', { type: 'string', demandOption: true, describe: 'the job or service (short name, or full name when ambiguous)' })
          .option('to', { type: 'string', default: 'internet', describe: 'internet, google-apis, vpc, IP[:port][/tcp|udp|icmp] or a CIDR' })
          .option('format', { alias: 'f', choices: ['text', 'json', 'mermaid'] as const, default: 'text' as const }),
      async (args) => {
        const [{ loadPaths }, { destinationsFor, findWorkload, traceOne, traceSession }] = await Promise.all([import('./load/index.js'), import('./engine/trace.js')]);
        const model = await loadPaths(args.inputs as string[]);
        const workload = findWorkload(model, args.from);
        const session = traceSession(model);
        const traces = destinationsFor(session, workload, parseDestination(args.to)).map((d) => traceOne(session, workload, d));
        const { formatTraceText, traceToJson } = await import('./output/trace-text.js');
        const { tracesToMermaid } = await import('./output/mermaid.js');
        io.stdout(
          args.format === 'json'
            ? JSON.stringify(traces.map((t) => traceToJson(t)), null, 2) + '\n'
            : args.format === 'mermaid'
              ? tracesToMermaid(traces)
              : traces.map(formatTraceText).join('\n'),
        );
        const worst = traces.some((t) => t.verdict === 'UNREACHABLE') ? EXIT.FINDINGS : traces.some((t) => t.verdict === 'UNDETERMINED') ? EXIT.INCOMPLETE : EXIT.OK;
        code = worst;
      },
    )
    .command(
      'scan',
      'Collect a live project read-only through the Google APIs, then check it (same outputs and exit codes as check)',
      (y) => reportOptions(liveOptions(y)),
      async (args) => {
        const bundle = await collect(args, io);
        const { buildModel } = await import('./load/index.js');
        const model = buildModel([{ file: `scan of ${scope(args)}`, value: bundle }]);
        code = await report(model, args as unknown as ReportArgs, io, CONFIG_NAMES[0]!);
      },
    )
    .command(
      'snapshot',
      'Collect a live project read-only and write a snapshot that check and trace read offline',
      (y) => liveOptions(y).option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'the snapshot file to write' }),
      async (args) => {
        const bundle = await collect(args, io);
        const { writeBundleAtomically } = await import('./live/index.js');
        await writeBundleAtomically(args.output, bundle);
        code = bundle.failures.length > 0 ? EXIT.INCOMPLETE : EXIT.OK;
        for (const f of bundle.failures) io.stderr(`egress-lint: not collected: ${f.collection} of ${f.project}${f.region ? ` in ${f.region}` : ''}: ${f.reason}${f.fix ? ` — fix: ${f.fix}` : ''}\n`);
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
        // A retired id (src/rule-aliases.ts) explains the rule that reports its findings now.
        const id = canonicalRuleId(args.rule);
        if (!RULES.some((r) => r.meta.id === id)) throw new UsageError(`unknown rule "${args.rule}"; \`egress-lint rules\` lists them`);
        if (id !== args.rule) io.stderr(`egress-lint: ${args.rule} is reported as ${id} now\n`);
        io.stdout(ruleDoc(id));
      },
    )
    .command(
      'init',
      'Write a commented starter .egress-lint.yaml in the working directory',
      (y) => y.option('force', { type: 'boolean', describe: 'overwrite an existing file' }),
      async (args) => {
        const path = `${io.cwd}/${CONFIG_NAMES[0]}`;
        if (existsSync(path) && !args.force) throw new UsageError(`${CONFIG_NAMES[0]} exists; use --force to overwrite it`);
        await writeFileAtomic(path, STARTER_CONFIG);
        io.stdout(`wrote ${CONFIG_NAMES[0]}\n`);
      },
    )
    .demandCommand(1, 'name a command: check, trace, scan, snapshot, rules, explain or init (see --help)')
    .help();
  skipHelpCache(parser);
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`egress-lint: ${err.format()}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof UsageError || (err as Error).name === 'YError' || (err as Error).name === 'LiveSetupError') {
      io.stderr(`egress-lint: ${(err as Error).message}\n`);
      return EXIT.USAGE;
    }
    throw err;
  }
  return code;
}
