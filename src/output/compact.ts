// One line per finding, actionlint style: file:line: severity: message [rule-id].
// Used by the golden tests and by --format compact. Locations come resolved in the report.
import { inert } from './escape.js';
import type { Report } from './report.js';

export function formatCompact(report: Pick<Report, 'findings' | 'notEvaluated'>): string {
  const lines = report.findings.map((f) => {
    const where = f.location ? `${f.location.file}:${f.location.line}` : f.resource;
    // One line per finding: a newline or escape sequence from the input must not forge another.
    return inert(`${where}: ${f.severity}: ${f.message} [${f.ruleId}]`);
  });
  for (const n of report.notEvaluated) lines.push(inert(`not evaluated: ${n.resource ?? '(all)'}: ${n.reason} [${n.ruleId}]`));
  return lines.length ? lines.join('\n') + '\n' : '';
}
