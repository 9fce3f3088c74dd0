// `npm run bench` (issue 7): how far egress-lint stays above the JSON-parse floor, per scale.
//
//   npm run bench                      small, medium, 500, large (a few minutes on 2 cores)
//   npm run bench -- --full            also 1300 and org-xl (or BENCH_FULL=1)
//   npm run bench -- --scales 25,50    any scales
//   npm run bench -- --json            the figures as JSON on stdout (the table goes to stderr)
//   npm run bench -- --repeat 3        measure each scale 3 times, keep the run with the median total (noisy machines)
//
// It also measures, at the largest scale, the floor itself: the same files read and parsed with nothing
// done beyond keeping one object per resource, so the ratio target can be read against what no linter
// can go below on this machine.
//
// Snapshots are generated once per scale+seed+generator under os.tmpdir()/egress-lint-bench and reused. Each
// scale is measured in a fresh child process (`bench.js --measure DIR`) so its peak RSS is its own.
// Informational only: nothing here is a test, and the PASS/MISS lines never change the exit code.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RULES } from '../rules/index.js';
import { runRules } from '../src/check.js';
import { buildIndex } from '../src/engine/model-index.js';
import { traceAll, traceSession } from '../src/engine/trace.js';
import { buildModel, listInputFiles, parseJson, readText } from '../src/load/index.js';
import { formatJson } from '../src/output/json.js';
import { buildReport } from '../src/output/report.js';
import { formatSarif } from '../src/output/sarif.js';
import { generate, PRESETS } from './gen.js';

const HERE = dirname(fileURLToPath(import.meta.url)); // dist/bench
const ROOT = join(HERE, '../..');
const SELF = fileURLToPath(import.meta.url);

const PHASES = ['read', 'parse', 'normalise', 'index', 'trace', 'rules', 'report', 'formatJson', 'formatSarif'] as const;
type Phase = (typeof PHASES)[number];

export interface Measurement {
  scale: number;
  seed: number;
  files: number;
  bytes: number;
  resources: Record<string, number>;
  /** Milliseconds per phase. */
  ms: Partial<Record<Phase, number>>;
  totalMs: number;
  /** (total − parse) / parse, total over every phase including read. */
  ratio: number;
  /** (total − read − parse) / (read + parse): beyond the floor counted as reading and parsing. */
  ratioBeyondRead: number;
  /** (total − parse − normalise − index − trace − rules) / parse: the ratio if linting took no time (reading and reporting still do). */
  ratioWithoutLinting: number;
  peakRssMb: number;
  findings: number;
  traces: number;
}

// ---------- child: measure one snapshot directory ----------

type Timer = <T>(phase: Phase, f: () => T | Promise<T>) => Promise<T>;

async function measure(dir: string, scale: number, seed: number): Promise<Measurement> {
  const ms: Partial<Record<Phase, number>> = {};
  const time: Timer = async (phase, f) => {
    const t0 = performance.now();
    const out = await f();
    ms[phase] = (ms[phase] ?? 0) + performance.now() - t0;
    return out;
  };
  // buildModel reads and parses each file when it reaches it (as the CLI does, through loadPaths):
  // read and parse are timed inside it, and normalise is the rest of buildModel.
  const files = await time('read', () => listInputFiles([dir]));
  let inside = 0;
  const timed = <T>(phase: 'read' | 'parse', f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    const spent = performance.now() - t0;
    ms[phase] = (ms[phase] ?? 0) + spent;
    inside += spent;
    return out;
  };
  const sources = files.map((file) => ({
    file,
    parse: () => {
      const text = timed('read', () => readText(file));
      return timed('parse', () => parseJson(file, text));
    },
  }));
  const t0 = performance.now();
  const model = buildModel(sources);
  ms.normalise = performance.now() - t0 - inside;
  const bytes = files.reduce((n, file) => n + statSync(file).size, 0);
  const index = await time('index', () => buildIndex(model));
  const traces = await time('trace', () => traceAll(model, undefined, traceSession(model, index)));
  const result = await time('rules', () => runRules(model, index, traces, RULES));
  const report = await time('report', () => buildReport(model, result));
  await time('formatJson', () => formatJson(report));
  await time('formatSarif', () => formatSarif(report, { fallbackUri: dir }));
  const totalMs = Object.values(ms).reduce((a, b) => a + (b ?? 0), 0);
  const resources: Record<string, number> = {};
  for (const key of ['networks', 'subnetworks', 'firewalls', 'firewallPolicies', 'routes', 'routers', 'addresses', 'connectors', 'workloads'] as const)
    resources[key] = model[key].length;
  return {
    scale,
    seed,
    files: files.length,
    bytes,
    resources,
    ms,
    totalMs,
    ratio: (totalMs - ms.parse!) / ms.parse!,
    ratioBeyondRead: (totalMs - ms.read! - ms.parse!) / (ms.read! + ms.parse!),
    ratioWithoutLinting: (totalMs - ms.parse! - ms.normalise! - ms.index! - ms.trace! - ms.rules!) / ms.parse!,
    // maxRSS is in kilobytes (the high-water mark of this process: this scale only).
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    findings: result.findings.length,
    traces: traces.length,
  };
}

/**
 * The floor the ratio is measured against, for comparison: the same files read and parsed the same way,
 * and only what any tool must then do, keep one small object per resource (a JSON object with a "name"
 * and a "selfLink" or "kind") and sort them by id. No validation, model, tracing, rules or output.
 */
export interface Floor {
  ms: { read: number; parse: number; keep: number };
  totalMs: number;
  /** (total − parse) / parse, as for egress-lint. */
  ratio: number;
  kept: number;
}

async function measureFloor(dir: string): Promise<Floor> {
  const ms = { read: 0, parse: 0, keep: 0 };
  const kept: { id: string; name: string }[] = [];
  const keep = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) keep(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.name === 'string' && (typeof o.selfLink === 'string' || typeof o.kind === 'string')) kept.push({ id: (o.selfLink as string | undefined) ?? o.name, name: o.name });
      else for (const k in o) keep(o[k]);
    }
  };
  let t = performance.now();
  const files = await listInputFiles([dir]);
  for (const file of files) {
    const t1 = performance.now();
    const text = readText(file);
    const t2 = performance.now();
    const value = parseJson(file, text);
    const t3 = performance.now();
    keep(value);
    ms.read += t2 - t1;
    ms.parse += t3 - t2;
    ms.keep += performance.now() - t3;
  }
  ms.read += performance.now() - t - ms.read - ms.parse - ms.keep; // listing the files
  t = performance.now();
  kept.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  ms.keep += performance.now() - t;
  const totalMs = ms.read + ms.parse + ms.keep;
  return { ms, totalMs, ratio: (totalMs - ms.parse) / ms.parse, kept: kept.length };
}

// ---------- parent ----------

/** A digest of the compiled generator: snapshots written by an older generator are not reused. */
function generatorDigest(): string {
  const files = [join(HERE, 'gen.js'), ...readdirSync(join(HERE, 'gen')).filter((f) => f.endsWith('.js')).sort().map((f) => join(HERE, 'gen', f))];
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

async function snapshotDir(scale: number, seed: number): Promise<string> {
  const base = join(tmpdir(), 'egress-lint-bench');
  const dir = join(base, `scale-${scale}-seed-${seed}-gen-${generatorDigest()}`);
  if (existsSync(dir)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const t0 = performance.now();
  const s = await generate({ outDir: partial, scale, seed });
  await rename(partial, dir); // only complete snapshots get the final name
  log(`  generated scale ${scale}: ${s.files} files, ${mb(s.bytes)} MB in ${((performance.now() - t0) / 1000).toFixed(1)}s → ${dir}`);
  return dir;
}

function measureInChild(dir: string, scale: number, seed: number): Measurement {
  return inChild(['--measure', dir, '--scale', String(scale), '--seed', String(seed)], `measuring scale ${scale}`);
}

function inChild<T>(args: string[], what: string): T {
  const child = spawnSync(process.execPath, [SELF, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`bench: ${what} failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout) as T;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall time of a command, median of `runs` runs, interleaved with the baseline so drift hits both alike. */
function coldStart(runs: number) {
  const cli = [join(ROOT, 'dist/bin/cli.js'), 'check', 'fixtures/examples/seed-connector-nat/'];
  const base = ['-e', '0'];
  const once = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    if (r.error) throw r.error;
    return performance.now() - t0;
  };
  once(cli); // warm the file cache
  once(base);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(once(cli));
    b.push(once(base));
  }
  const checkMs = median(a);
  const nodeMs = median(b);
  return { runs, checkMs, nodeMs, ratio: checkMs / nodeMs };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const log = (s: string) => process.stderr.write(s + '\n');

function table(rows: Measurement[]): string {
  const head = ['scale', 'MB', 'resources', ...PHASES.map((p) => `${p} ms`), 'total ms', '(t−p)/p', 'RSS MB'];
  const body = rows.map((m) => [
    String(m.scale),
    mb(m.bytes),
    String(Object.values(m.resources).reduce((a, b) => a + b, 0)),
    ...PHASES.map((p) => (m.ms[p] === undefined ? '—' : m.ms[p]!.toFixed(0))),
    m.totalMs.toFixed(0),
    m.ratio.toFixed(2),
    m.peakRssMb.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [head, ...body].map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      measure: { type: 'string' },
      floor: { type: 'string' },
      scale: { type: 'string' },
      scales: { type: 'string' },
      seed: { type: 'string', default: '1' },
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      runs: { type: 'string', default: '9' },
      repeat: { type: 'string', default: '1' },
    },
  });
  const seed = Number(values.seed);
  if (values.measure) {
    process.stdout.write(JSON.stringify(await measure(values.measure, Number(values.scale ?? 0), seed)) + '\n');
    return;
  }
  if (values.floor) {
    process.stdout.write(JSON.stringify(await measureFloor(values.floor)) + '\n');
    return;
  }
  const full = values.full || process.env.BENCH_FULL === '1';
  // 500 → 1000 and 1300 → 2600 (org-xl) are the doubling pairs.
  const scales = values.scales
    ? values.scales.split(',').map(Number)
    : [PRESETS.small, PRESETS.medium, 500, PRESETS.large, ...(full ? [1300, PRESETS['org-xl']] : [])];
  // Other processes on the machine distort every wall time below: the load average says how much.
  const loadBefore = loadavg()[0]!;
  log(`egress-lint bench: node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)}, scales ${scales.join(', ')}, seed ${seed}`);
  const rows: Measurement[] = [];
  for (const scale of scales) {
    const dir = await snapshotDir(scale, seed);
    const runs = Array.from({ length: Math.max(1, Number(values.repeat)) }, () => measureInChild(dir, scale, seed)).sort((a, b) => a.totalMs - b.totalMs);
    const m = runs[runs.length >> 1]!;
    log(`  measured scale ${scale}: ${mb(m.bytes)} MB, total ${m.totalMs.toFixed(0)} ms, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
    rows.push(m);
  }
  const doubling = rows.flatMap((a) =>
    rows.filter((b) => b.scale === 2 * a.scale).map((b) => ({ from: a.scale, to: b.scale, bytes: b.bytes / a.bytes, time: b.totalMs / a.totalMs, timeExParse: (b.totalMs - b.ms.parse!) / (a.totalMs - a.ms.parse!) })),
  );
  const largest = rows.reduce((a, b) => (b.scale > a.scale ? b : a));
  const largestDir = await snapshotDir(largest.scale, seed);
  const floors = Array.from({ length: Math.max(1, Number(values.repeat)) }, () =>
    inChild<Floor>(['--floor', largestDir], `the floor at scale ${largest.scale}`),
  ).sort((a, b) => a.totalMs - b.totalMs);
  const floor = floors[floors.length >> 1]!;
  const cold = coldStart(Math.max(7, Number(values.runs)));

  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const targets = [
    { target: `(total − parse) / parse ≤ 1.0 at the largest scale (${largest.scale})`, value: largest.ratio.toFixed(2), pass: largest.ratio <= 1.0 },
    ...doubling.map((d) => ({ target: `doubling ${d.from} → ${d.to} costs ≤ 2.3× time`, value: `${d.time.toFixed(2)}×`, pass: d.time <= 2.3 })),
    { target: 'peak RSS ≤ 2 GB (every scale)', value: `${Math.max(...rows.map((r) => r.peakRssMb)).toFixed(0)} MB`, pass: rows.every((r) => r.peakRssMb <= 2048) },
    { target: 'cold start ≤ 3× node -e 0', value: `${cold.ratio.toFixed(2)}×`, pass: cold.ratio <= 3 },
  ];

  const loadAfter = loadavg()[0]!;
  const out = process.stderr;
  out.write('\n' + table(rows) + '\n\n');
  out.write('phases: index = the engine index, trace = every workload to the default destinations, rules = runRules alone; report = buildReport (locates finding lines)\n');
  for (const m of rows) out.write(`  scale ${m.scale}: ${Object.entries(m.resources).map(([k, v]) => `${k}=${v}`).join(' ')} findings=${m.findings}\n`);
  out.write(`beyond reading and parsing, (total − read − parse) / (read + parse): ${rows.map((m) => `${m.scale}: ${m.ratioBeyondRead.toFixed(2)}`).join(', ')}\n`);
  out.write(
    `with normalise, index, trace and rules at zero, (total − parse) / parse would be: ${rows.map((m) => `${m.scale}: ${m.ratioWithoutLinting.toFixed(2)}`).join(', ')}\n`,
  );
  for (const d of doubling)
    out.write(`doubling ${d.from} → ${d.to}: input ${d.bytes.toFixed(2)}×, total time ${d.time.toFixed(2)}×, time beyond parse ${d.timeExParse.toFixed(2)}×\n`);
  out.write(
    `the floor at scale ${largest.scale}: reading and parsing the same files, keeping one object per resource in id order (no linting), ` +
      `(total − parse) / parse = ${floor.ratio.toFixed(2)} (read ${floor.ms.read.toFixed(0)}, parse ${floor.ms.parse.toFixed(0)}, keep ${floor.ms.keep.toFixed(0)} ms)\n`,
  );
  out.write(`cold start (median of ${cold.runs}): egress-lint check ${cold.checkMs.toFixed(0)} ms, node -e 0 ${cold.nodeMs.toFixed(0)} ms, ratio ${cold.ratio.toFixed(2)}×\n\n`);
  out.write(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cpus().length} CPUs${loadAfter > cpus().length ? ': the machine was busy, times are inflated' : ''}\n\n`);
  for (const t of targets) out.write(`${verdict(t.pass)}  ${t.target}: ${t.value}\n`);
  if (values.json) process.stdout.write(JSON.stringify({ node: process.version, cpus: cpus().length, loadAverage: { before: loadBefore, after: loadAfter }, seed, rows, doubling, floor, coldStart: cold, targets }, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(2);
  });
}
