// .egress-lint.yaml: per-rule severity, destinations, failOn and waivers. Found by --config, then
// EGRESS_LINT_CONFIG, then upward from the working directory to the repository root. Validated with
// a JSON Schema; an invalid file is an InputError with file:line:column.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Node } from 'yaml';
import { InputError } from './errors.js';
import type { Severity } from './rule.js';
import { canonicalRuleId, RULE_ALIASES } from './rule-aliases.js';

export const CONFIG_NAMES = ['.egress-lint.yaml', '.egress-lint.yml'];

export interface Waiver {
  rule: string;
  /** A full resource name or a glob: `*` matches within one path segment, `**` across segments. */
  resource: string;
  reason: string;
  /** YYYY-MM-DD; the waiver stops applying after this day. */
  expires?: string;
}

export interface Config {
  file?: string;
  failOn?: Severity | 'none';
  rules: Record<string, Severity | 'off'>;
  /** Destination names (internet, google-apis, vpc) or NAME=IP:PORT. */
  destinations?: string[];
  waivers: Waiver[];
}

type Validate = { (value: unknown): boolean; errors?: ErrorObject[] | null };

/** Finds the config file: explicit path, then the environment, then upward to the repository root. */
export function findConfig(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (explicit) return explicit;
  if (env.EGRESS_LINT_CONFIG) return env.EGRESS_LINT_CONFIG;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

/** Loads and validates the config; yaml is imported only here, so runs without a config start faster. */
export async function loadConfig(file: string, knownRules: ReadonlySet<string>): Promise<Config> {
  const { isMap, isSeq, LineCounter, parseDocument } = await import('yaml');
  // Precompiled (scripts/gen-validators.ts): compiling the schema with ajv when this module loaded
  // cost every command ajv's load and a compile (npm run bench "cold start"). Imported here, with
  // the loader's validators beside it, so that `init`, `rules` and `explain` load neither.
  const validate = (await import('./load/validators.generated.js')).CONFIG_VALIDATOR as unknown as Validate;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, '', 'cannot read the configuration file');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { where: `${pos.line}:${pos.col}`, line: pos.line };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { where, line } = at(e.pos[0]);
    throw new InputError(file, where, `invalid YAML: ${e.message.split('\n')[0]}`, line);
  }
  const value = (doc.toJS() ?? {}) as Record<string, unknown>;
  /** Points at the value at path, or at its key (atKey, or when the value is missing). */
  const fail = (path: (string | number)[], message: string, atKey = false): never => {
    const node = atKey ? undefined : (doc.getIn(path, true) as Node | undefined);
    const { where, line } = at(node?.range?.[0] ?? keyOffset(doc.contents, path, isMap, isSeq));
    throw new InputError(file, where, message, line);
  };
  if (!validate(value)) {
    // Imported only to name the expected keys of an invalid file (npm run bench "cold start").
    const { CONFIG_SCHEMA } = await import('./config-schema.js');
    const err = validate.errors![0]!;
    const path = err.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const detail =
      err.keyword === 'additionalProperties'
        ? `unknown key "${err.params.additionalProperty}"; expected one of ${Object.keys(err.keyword === 'additionalProperties' && path.length === 0 ? CONFIG_SCHEMA.properties : CONFIG_SCHEMA.properties.waivers.items.properties).join(', ')}`
        : err.keyword === 'enum'
          ? `expected one of ${(err.params.allowedValues as string[]).join(', ')}`
          : err.keyword === 'required'
            ? `missing "${err.params.missingProperty}"${err.params.missingProperty === 'reason' ? ' (every waiver needs a reason)' : ''}`
            : err.keyword === 'pattern'
              ? 'expected a date as YYYY-MM-DD'
              : (err.message ?? 'invalid value');
    fail(path, `${path.length ? path.join('.') + ': ' : ''}${detail}`);
  }
  const config = value as Omit<Config, 'file'>;
  // A retired id (src/rule-aliases.ts) is known: it means the rule that reports its findings now.
  const known = (id: string) => knownRules.has(id) || (id in RULE_ALIASES && knownRules.has(RULE_ALIASES[id]!));
  for (const id of Object.keys(config.rules ?? {}))
    if (!known(id)) fail(['rules', id], `unknown rule "${id}"; \`egress-lint rules\` lists them`, true);
  (config.waivers ?? []).forEach((w, i) => {
    if (!known(w.rule)) fail(['waivers', i, 'rule'], `unknown rule "${w.rule}"; \`egress-lint rules\` lists them`);
    if (w.expires && Number.isNaN(Date.parse(`${w.expires}T00:00:00Z`))) fail(['waivers', i, 'expires'], 'expected a real date as YYYY-MM-DD');
  });
  return { file, failOn: config.failOn, rules: ruleSeverities(config.rules ?? {}), destinations: config.destinations, waivers: config.waivers ?? [] };
}

/**
 * Severities by current rule id: a retired id's entry applies to the rule that replaced it, unless the
 * file also names that rule itself (the current id wins, wherever it stands in the file).
 */
export function ruleSeverities(rules: Readonly<Record<string, Severity | 'off'>>): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const [id, severity] of Object.entries(rules)) if (canonicalRuleId(id) !== id && !(canonicalRuleId(id) in rules)) out[canonicalRuleId(id)] = severity;
  for (const [id, severity] of Object.entries(rules)) if (canonicalRuleId(id) === id) out[id] = severity;
  return out;
}

/** Offset of the key itself when the value is missing or null. */
function keyOffset(
  contents: unknown,
  path: (string | number)[],
  isMap: typeof import('yaml').isMap,
  isSeq: typeof import('yaml').isSeq,
): number | undefined {
  let node = contents;
  let offset: number | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      offset = (pair?.key as Node | undefined)?.range?.[0] ?? offset;
      node = pair?.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Glob over full resource names: `*` within a segment, `**` across segments. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export const STARTER_CONFIG = `# egress-lint configuration (https://github.com/egress-lint/egress-lint#configuration)

# Lowest severity that makes egress-lint exit 1: error | warning | note | none
failOn: error

# Per-rule severity or off (egress-lint rules lists them), e.g.
#   nat/port-capacity: "off"
#   egress/private-ranges-only-bypass: error
rules: {}

# Destinations every workload is traced to: internet, google-apis, vpc, or NAME=IP:PORT[/tcp|udp].
destinations:
  - internet
  - google-apis
  - vpc
  # - pypi=151.101.0.223:443

# Accepted findings. Every waiver needs a reason; expired waivers stop applying and are reported.
waivers: []
  # - rule: connector/unused
  #   resource: "//vpcaccess.googleapis.com/projects/my-project/locations/*/connectors/legacy-*"
  #   reason: "Being decommissioned, see TICKET-123"
  #   expires: 2027-03-31
`;
