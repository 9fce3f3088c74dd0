// Accepted findings: waivers from the config (rule + resource glob + reason + optional expiry) and a
// baseline file of fingerprints. Suppressed findings leave the report (and SARIF: GitHub ignores
// SARIF suppressions) and are only counted; waivers that match nothing or have expired are reported.
import { readFile } from 'node:fs/promises';
import { globToRegExp, type Waiver } from './config.js';
import { InputError } from './errors.js';
import type { Finding } from './rule.js';
import { fingerprint } from './output/fingerprint.js';
import { VERSION } from './package-info.js';
import { canonicalRuleId } from './rule-aliases.js';

export interface Suppression {
  kept: Finding[];
  waived: number;
  baselined: number;
  /** Human-readable problems with waivers: unused or expired. */
  waiverProblems: string[];
}

/**
 * today: YYYY-MM-DD (UTC). A waiver applies through its expiry day. Fingerprints are hashed only
 * against a baseline: without one (the usual run) buildReport hashes each kept finding once.
 */
export function suppress(findings: Finding[], waivers: Waiver[], baseline: ReadonlySet<string>, today: string): Suppression {
  // A waiver written for a retired rule id waives the findings of the rule that replaced it.
  const active = waivers.map((w) => ({ w, rule: canonicalRuleId(w.rule), re: globToRegExp(w.resource), expired: w.expires !== undefined && w.expires < today, used: 0 }));
  const kept: Finding[] = [];
  let waived = 0;
  let baselined = 0;
  for (const f of findings) {
    const match = active.find((a) => !a.expired && a.rule === f.ruleId && a.re.test(f.resource));
    if (match) {
      match.used++;
      waived++;
    } else if (baseline.size > 0 && baseline.has(fingerprint(f))) baselined++;
    else kept.push(f);
  }
  const waiverProblems: string[] = [];
  for (const a of active) {
    if (a.expired) waiverProblems.push(`waiver for ${a.w.rule} on "${a.w.resource}" expired on ${a.w.expires}; it no longer applies (reason was: ${a.w.reason})`);
    else if (a.used === 0) waiverProblems.push(`waiver for ${a.w.rule} on "${a.w.resource}" matches no finding; remove it`);
  }
  return { kept, waived, baselined, waiverProblems };
}

interface BaselineFile {
  tool: 'egress-lint';
  version: string;
  schemaVersion: 1;
  findings: { fingerprint: string; ruleId: string; resource: string; destination?: string; discriminator?: string }[];
}

export function serializeBaseline(findings: Finding[]): string {
  const entries = findings
    .map((f) => ({
      fingerprint: fingerprint(f),
      ruleId: f.ruleId,
      resource: f.resource,
      ...(f.destination ? { destination: f.destination } : {}),
      ...(f.discriminator ? { discriminator: f.discriminator } : {}),
    }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const unique = entries.filter((e, i) => i === 0 || entries[i - 1]!.fingerprint !== e.fingerprint);
  const file: BaselineFile = { tool: 'egress-lint', version: VERSION, schemaVersion: 1, findings: unique };
  return JSON.stringify(file, null, 2) + '\n';
}

export async function readBaseline(path: string): Promise<Set<string>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, '', `cannot read the baseline (${(err as Error).message}); write one with --write-baseline`);
  }
  const findings = (value as Partial<BaselineFile>)?.findings;
  if (!Array.isArray(findings) || findings.some((f) => typeof f?.fingerprint !== 'string'))
    throw new InputError(path, '$.findings', 'expected an egress-lint baseline: {"findings": [{"fingerprint": ...}]}');
  const keys = new Set(findings.map((f) => f.fingerprint));
  for (const f of findings) for (const key of aliasFingerprints(f)) keys.add(key);
  return keys;
}

/**
 * The fingerprints a baselined finding of a retired rule has now: the same resource (and destination)
 * under the rule that replaced it. The retired gcloud/* rules told a command's findings apart with a
 * discriminator ("gcloud run jobs deploy"); the rules that replaced them report the resource once,
 * without one, so the key is given both ways.
 */
function aliasFingerprints(entry: Partial<BaselineFile['findings'][number]>): string[] {
  if (typeof entry.ruleId !== 'string' || typeof entry.resource !== 'string') return [];
  const ruleId = canonicalRuleId(entry.ruleId);
  if (ruleId === entry.ruleId) return [];
  const destination = typeof entry.destination === 'string' ? entry.destination : undefined;
  const discriminator = typeof entry.discriminator === 'string' ? entry.discriminator : undefined;
  return [fingerprint({ ruleId, resource: entry.resource, destination }), ...(discriminator ? [fingerprint({ ruleId, resource: entry.resource, destination, discriminator })] : [])];
}
