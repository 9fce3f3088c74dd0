// Runs the rules over a model (and the engine's traces) and collects findings and "not evaluated" records.
import { describeEntry } from './load/coverage.js';
import type { CoverageEntry, Model } from './model.js';
import type { Trace } from './engine/types.js';
import type { ModelIndex } from './engine/model-index.js';
import type { Finding, NotEvaluated, Rule, RuleContext, Severity } from './rule.js';

export interface CheckResult {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
}

export interface CheckOptions {
  /** Per-rule severity overrides; 'off' disables a rule. */
  severities?: Record<string, Severity | 'off'>;
}

export function runRules(model: Model, index: ModelIndex, traces: readonly Trace[], rules: readonly Rule[], options: CheckOptions = {}): CheckResult {
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  for (const rule of rules) {
    const override = options.severities?.[rule.meta.id];
    if (override === 'off') continue;
    const seen = new Set<string>();
    const ctx: RuleContext = {
      model,
      index,
      traces,
      report(r) {
        findings.push({ ruleId: rule.meta.id, ...r, severity: override ?? r.severity ?? rule.meta.severity });
      },
      need(resource, needed, what) {
        const missing = needed.filter((e) => !(e.network ? model.coverage.hasNetwork(e.collection, e.network) : model.coverage.has(e.collection, e.project, e.region)));
        if (missing.length === 0) return true;
        ctx.notEvaluated(resource, `${what}: the input has no ${missing.map(describeEntry).join(', ')}`, missing);
        return false;
      },
      notEvaluated(resource, reason, missing: CoverageEntry[] = []) {
        const key = `${resource}|${reason}`;
        if (seen.has(key)) return;
        seen.add(key);
        notEvaluated.push({ ruleId: rule.meta.id, resource, reason, missing });
      },
    };
    rule.check(ctx);
  }
  return { findings: sortFindings(findings), notEvaluated: notEvaluated.sort(compareNotEvaluated) };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.resource, b.resource) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.destination ?? '', b.destination ?? '') ||
      cmp(a.discriminator ?? '', b.discriminator ?? '') ||
      cmp(a.message, b.message),
  );
}

function compareNotEvaluated(a: NotEvaluated, b: NotEvaluated): number {
  return cmp(a.resource ?? '', b.resource ?? '') || cmp(a.ruleId, b.ruleId) || cmp(a.reason, b.reason);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
