// --format markdown: a pull-request comment — a summary table, the findings, and the failing paths.
import { traceToMermaid } from './mermaid.js';
import { formatTraceText } from './trace-text.js';
import { escapeMarkdown } from './escape.js';
import { describeResource } from './text.js';
import type { Report } from './report.js';


export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`### egress-lint: ${s.errors} error(s), ${s.warnings} warning(s), ${s.notes} note(s)`, '');
  out.push('| Errors | Warnings | Notes | Not evaluated | Waived | Baselined | Workloads |', '|---:|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${s.errors} | ${s.warnings} | ${s.notes} | ${s.notEvaluated} | ${s.waived} | ${s.baselined} | ${s.workloads} |`, '');
  if (report.findings.length > 0) {
    out.push('| Severity | Rule | Resource | Where | Message |', '|---|---|---|---|---|');
    for (const f of report.findings) {
      const where = f.location ? `\`${f.location.file.replace(/`/g, "'")}:${f.location.line}\`` : '';
      out.push(`| ${f.severity} | \`${f.ruleId}\` | ${escapeMarkdown(describeResource(f.resource))} | ${where} | ${escapeMarkdown(f.message)} |`);
    }
    out.push('');
  }
  const broken = report.findings.filter((f) => f.trace && f.trace.verdict !== 'REACHABLE');
  if (broken.length > 0) {
    out.push('#### Failing paths', '');
    for (const f of broken) {
      out.push(`<details><summary>${escapeMarkdown(describeResource(f.trace!.workload))} ➜ ${escapeMarkdown(f.destination ?? f.trace!.destination.name)}: ${f.trace!.verdict}</summary>`, '');
      out.push('```mermaid', traceToMermaid(f.trace!).trimEnd(), '```', '', '```text', formatTraceText(f.trace!).replace(/```/g, "'''").trimEnd(), '```', '', '</details>', '');
    }
  }
  if (report.notEvaluated.length > 0) {
    out.push(`<details><summary>Not evaluated (${report.notEvaluated.length})</summary>`, '');
    for (const n of report.notEvaluated) out.push(`- \`${n.ruleId}\` ${n.resource ? escapeMarkdown(describeResource(n.resource)) + ': ' : ''}${escapeMarkdown(n.reason)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
