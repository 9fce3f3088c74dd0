// Does real gcloud accept a command's syntax? Each argv runs against an empty, throwaway gcloud
// configuration: a command gcloud accepts stops at "You do not currently have an active account
// selected" (or succeeds without needing one); anything else is gcloud rejecting it (an argument
// parser error, a missing required flag, a resource argument it cannot parse).
//
// Two ways to run them, classified alike (test/gcloud-validator.test.ts checks they agree):
// - 'process': one `gcloud ...` process per command, two at a time (each 1.3-2.5 s, ~2 s of CPU);
// - 'batch' (default): one Python process, started through the gcloud launcher's own preamble so it
//   gets the same interpreter and environment, builds gcloud's CLI once and executes every argv
//   (test/helpers/gcloud-batch.py): ~1.5 s to start, then ~20 ms a command.
// Nothing is kept on disk between runs, and nothing leaves the machine: no account, no GCE metadata
// probe, no update check, no usage reporting, no survey; a proxy on a closed loopback port catches
// any HTTP request that would still be made.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface GcloudVerdict {
  argv: readonly string[];
  accepted: boolean;
  /** gcloud's error ("ERROR: (gcloud.…) …" up to its usage text) when it rejects the command. */
  error?: string;
  code: number;
  stderr: string;
}

export type GcloudMode = 'batch' | 'process';

/** The gcloud executable on PATH, or undefined. */
export const GCLOUD: string | undefined = onPath('gcloud');
export const GCLOUD_SKIP_REASON = GCLOUD ? '' : ' (skipped: gcloud is not on PATH)';

const NO_ACCOUNT = 'You do not currently have an active account selected';
const BATCH_SCRIPT = join(import.meta.dirname, 'gcloud-batch.py');
const CONCURRENCY = 2;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The environment gcloud runs in: the caller's, less every gcloud setting but the launcher's Python choice. */
function gcloudEnv(configDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^CLOUDSDK_/.test(k) && !/^CLOUDSDK_PYTHON/.test(k)) continue;
    if (/^(https?|all|no)_proxy$/i.test(k) || k === 'GOOGLE_APPLICATION_CREDENTIALS') continue;
    env[k] = v;
  }
  return {
    ...env,
    CLOUDSDK_CONFIG: configDir,
    CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
    CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true',
    CLOUDSDK_CORE_CHECK_GCE_METADATA: 'false', // else, finding no account, it looks up metadata.google.internal
    CLOUDSDK_METRICS_ENVIRONMENT: 'egress-lint-test', // else gcloud probes the GCE metadata server to name it
    CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true',
    CLOUDSDK_SURVEY_DISABLE_PROMPTS: 'true',
    CLOUDSDK_CORE_DISABLE_FILE_LOGGING: 'true',
    PYTHONDONTWRITEBYTECODE: '1',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
  };
}

/** gcloud's verdict from a command's exit status and stderr. */
function classify(argv: readonly string[], code: number, stderr: string): GcloudVerdict {
  const accepted = code === 0 || stderr.includes(NO_ACCOUNT);
  if (accepted) return { argv, accepted, code, stderr };
  const lines = stderr.split('\n');
  const from = Math.max(0, lines.findIndex((l) => l.startsWith('ERROR:')));
  const to = lines.findIndex((l, i) => i > from && (l.trim() === '' || l.startsWith('Usage:')));
  const error = lines.slice(from, to < 0 ? undefined : to).join('\n').trim() || `exit status ${code}`;
  return { argv, accepted, error, code, stderr };
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

function withConfigDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'egress-lint-gcloud-'));
  return f(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** One `gcloud` process per command, CONCURRENCY at a time, each with its own empty configuration. */
async function runEach(gcloud: string, commands: readonly (readonly string[])[]): Promise<GcloudVerdict[]> {
  const verdicts: GcloudVerdict[] = new Array(commands.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < commands.length; i = next++) {
      const argv = commands[i]!;
      const r = await withConfigDir((dir) => run(gcloud, argv.slice(1), gcloudEnv(dir)));
      verdicts[i] = classify(argv, r.code, r.stderr);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return verdicts;
}

/** The launcher's preamble (interpreter, its arguments, environment), then the batch script in place of gcloud.py. */
function batchLauncher(gcloud: string): string {
  const script = readFileSync(realpathSync(gcloud), 'utf8');
  const preamble = /^# <cloud-sdk-sh-preamble>$[\s\S]*^# <\/cloud-sdk-sh-preamble>$/m.exec(script)?.[0];
  if (!preamble) throw new Error(`${gcloud} is not the Cloud SDK sh launcher (no cloud-sdk-sh-preamble); use mode 'process'`);
  return `${preamble}\nexec "$CLOUDSDK_PYTHON" $CLOUDSDK_PYTHON_ARGS "$1"\n`;
}

/** Every command in one Python process that loads gcloud's CLI once. */
async function runBatch(gcloud: string, commands: readonly (readonly string[])[]): Promise<GcloudVerdict[]> {
  // $0 is the launcher's own path, from which the preamble finds the SDK root.
  const r = await withConfigDir((dir) => run('/bin/sh', ['-c', batchLauncher(gcloud), gcloud, BATCH_SCRIPT], gcloudEnv(dir), JSON.stringify(commands)));
  if (r.code !== 0) throw new Error(`gcloud batch failed (exit ${r.code}):\n${r.stderr}`);
  const results = JSON.parse(r.stdout) as { code: number; stderr: string }[];
  return results.map((x, i) => classify(commands[i]!, x.code, x.stderr));
}

/** For each argv (["gcloud", ...]), whether the gcloud on PATH accepts its syntax. */
export async function checkGcloudSyntax(commands: readonly (readonly string[])[], mode: GcloudMode = 'batch'): Promise<GcloudVerdict[]> {
  if (!GCLOUD) throw new Error('gcloud is not on PATH');
  const notGcloud = commands.find((c) => c[0] !== 'gcloud');
  if (notGcloud) throw new Error(`not a gcloud command: ${JSON.stringify(notGcloud)}`);
  if (commands.length === 0) return [];
  return mode === 'batch' ? runBatch(GCLOUD, commands) : runEach(GCLOUD, commands);
}

/** gcloud's Python source (lib/ of the SDK the launcher on PATH belongs to). */
export function gcloudLib(): string {
  if (!GCLOUD) throw new Error('gcloud is not on PATH');
  return join(dirname(dirname(realpathSync(GCLOUD))), 'lib');
}

/**
 * UPPERCASE words gcloud itself takes as flag values, each with the line of gcloud's source (under
 * gcloudLib()) that defines it; any other UPPERCASE word in a command is a placeholder.
 * Not here: LIST_OF_SUBNETWORKS, an API enum that no gcloud flag takes (routers nats derives it from
 * --nat-custom-subnet-ip-ranges).
 */
export const GCLOUD_ENUMS: readonly { value: string; flag: string; file: string; text: string }[] = [
  { value: 'INGRESS', flag: 'firewall-rules create --direction', file: 'googlecloudsdk/api_lib/compute/firewalls_utils.py', text: "choices=['INGRESS', 'EGRESS', 'IN', 'OUT']" },
  { value: 'EGRESS', flag: 'firewall-rules create --direction', file: 'googlecloudsdk/api_lib/compute/firewalls_utils.py', text: "choices=['INGRESS', 'EGRESS', 'IN', 'OUT']" },
  { value: 'INGRESS', flag: 'network-firewall-policies rules --direction', file: 'googlecloudsdk/command_lib/compute/network_firewall_policies/flags.py', text: "choices=['INGRESS', 'EGRESS']" },
  { value: 'EGRESS', flag: 'network-firewall-policies rules --direction', file: 'googlecloudsdk/command_lib/compute/network_firewall_policies/flags.py', text: "choices=['INGRESS', 'EGRESS']" },
  { value: 'INGRESS', flag: 'firewall-policies rules --direction', file: 'googlecloudsdk/command_lib/compute/firewall_policies/flags.py', text: "choices=['INGRESS', 'EGRESS']" },
  { value: 'EGRESS', flag: 'firewall-policies rules --direction', file: 'googlecloudsdk/command_lib/compute/firewall_policies/flags.py', text: "choices=['INGRESS', 'EGRESS']" },
  { value: 'ALLOW', flag: 'firewall-rules create --action', file: 'googlecloudsdk/api_lib/compute/firewalls_utils.py', text: "choices=['ALLOW', 'DENY']" },
  { value: 'DENY', flag: 'firewall-rules create --action', file: 'googlecloudsdk/api_lib/compute/firewalls_utils.py', text: "choices=['ALLOW', 'DENY']" },
  { value: 'BEFORE_CLASSIC_FIREWALL', flag: 'networks update --network-firewall-policy-enforcement-order', file: 'googlecloudsdk/command_lib/compute/networks/network_utils.py', text: "'BEFORE_CLASSIC_FIREWALL': (" },
  { value: 'AFTER_CLASSIC_FIREWALL', flag: 'networks update --network-firewall-policy-enforcement-order', file: 'googlecloudsdk/command_lib/compute/networks/network_utils.py', text: "'AFTER_CLASSIC_FIREWALL': (" },
  { value: 'ALL', flag: 'routers nats --nat-custom-subnet-ip-ranges=SUBNET:ALL', file: 'googlecloudsdk/command_lib/compute/routers/nats/nats_utils.py', text: "if range_option == 'ALL':" },
];
const ENUM_VALUES = new Set(GCLOUD_ENUMS.map((e) => e.value));

/** Flags whose value is prose, where an UPPERCASE word is not a placeholder. */
const FREE_TEXT_FLAGS = new Set(['--description']);

// An UPPERCASE word: letters, digits and inner underscores, not part of a lowercase word.
const UPPER_WORD = /(?<![A-Za-z0-9])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?![a-z0-9])/g;

/** The UPPERCASE words of an argv (positionals and flag values) that are not values gcloud defines. */
export function placeholders(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (const word of argv.slice(1)) {
    const flag = /^(--[a-z0-9-]+)=/.exec(word);
    if (flag && FREE_TEXT_FLAGS.has(flag[1]!)) continue;
    const value = flag ? word.slice(flag[0].length) : word;
    for (const [w] of value.matchAll(UPPER_WORD)) if (!ENUM_VALUES.has(w)) found.push(w);
  }
  return found;
}
