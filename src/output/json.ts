// --format json: a versioned contract (README "JSON output"). Deterministic: no timestamps, sorted input.
import { VERSION } from '../package-info.js';
import { traceToJson } from './trace-text.js';
import type { Report } from './report.js';

export const JSON_SCHEMA_VERSION = 1;

export function formatJson(report: Report): string {
  const out = {
    tool: 'egress-lint',
    version: VERSION,
    schemaVersion: JSON_SCHEMA_VERSION,
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      resource: f.resource,
      message: f.message,
      location: f.location ?? null,
      ...(f.destination ? { destination: f.destination } : {}),
      ...(f.related?.length ? { related: f.related } : {}),
      ...(f.caveats?.length ? { caveats: f.caveats } : {}),
      ...(f.fixes?.length ? { fixes: f.fixes } : {}),
      fingerprint: f.fingerprint,
      ...(f.trace ? { trace: traceToJson(f.trace) } : {}),
    })),
    notEvaluated: report.notEvaluated.map((n) => ({
      ruleId: n.ruleId,
      resource: n.resource ?? null,
      reason: n.reason,
      missing: n.missing,
    })),
    coverage: report.coverage,
    notes: report.loadNotes,
    waiverProblems: report.waiverProblems,
    summary: report.summary,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

