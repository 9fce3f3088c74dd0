// --format text (default): findings grouped by the resource at fault, readable on a terminal.
import pc from 'picocolors';
import { describeEntry } from '../load/coverage.js';
import { pushTo } from '../lookup.js';
import { projectOf } from '../names.js';
import { formatTraceText } from './trace-text.js';
import type { Severity } from '../rule.js';
import { inert } from './escape.js';
import type { Report } from './report.js';

type Colors = ReturnType<typeof pc.createColors>;

const KINDS: [RegExp, string][] = [
  [/^\/\/run\.googleapis\.com\/projects\/([^/]+)\/locations\/([^/]+)\/jobs\/(.+)$/, 'Cloud Run job'],
  [/^\/\/run\.googleapis\.com\/projects\/([^/]+)\/locations\/([^/]+)\/services\/(.+)$/, 'Cloud Run service'],
  [/^\/\/vpcaccess\.googleapis\.com\/projects\/([^/]+)\/locations\/([^/]+)\/connectors\/(.+)$/, 'connector'],
  [/^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/(.+)$/, 'subnet'],
  [/^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/regions\/([^/]+)\/routers\/(.+)$/, 'Cloud Router'],
  [/^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/global\/networks\/(.+)$/, 'network'],
  [/^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/global\/firewalls\/(.+)$/, 'firewall rule'],
  [/^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/global\/routes\/(.+)$/, 'route'],
];

/** "Cloud Run job my-agent-4 (myproject, europe-west2)" from a full resource name. */
export function describeResource(fullName: string): string {
  for (const [re, label] of KINDS) {
    const m = re.exec(fullName);
    if (m) return m.length === 4 ? `${label} ${m[3]} (${m[1]}, ${m[2]})` : `${label} ${m[2]} (${m[1]})`;
  }
  return fullName;
}


export function formatText(report: Report, color: boolean): string {
  const c = pc.createColors(color);
  const severityLabel: Record<Severity, string> = { error: c.red('error'), warning: c.yellow('warning'), note: c.cyan('note') };
  const lines: string[] = [];
  const groups = new Map<string, Report['findings']>();
  for (const f of report.findings) pushTo(groups, f.resource, f);
  // Findings are sorted by resource, so each project's resources are together; with several
  // projects (an organisation scan) each gets a heading.
  const projects = new Set([...groups.keys()].map((r) => projectOf(r) ?? ''));
  let currentProject: string | undefined;
  for (const [resource, findings] of groups) {
    const project = projectOf(resource) ?? '';
    if (projects.size > 1 && project !== currentProject) {
      lines.push(c.underline(c.bold(`Project ${inert(project || '(none)')}`)), '');
      currentProject = project;
    }
    lines.push(c.bold(inert(describeResource(resource))));
    for (const f of findings) {
      const at = f.location ? c.dim(`${inert(f.location.file)}:${f.location.line}: `) : '';
      lines.push(`  ${at}${severityLabel[f.severity]}: ${inert(f.message)} ${c.dim(`[${f.ruleId}]`)}`);
      for (const caveat of f.caveats ?? []) lines.push(`    ${c.dim(`caveat: ${inert(caveat)}`)}`);
      // A broken path is drawn under its error, hop by hop, the breaking hop marked.
      if (f.severity === 'error' && f.trace && f.trace.verdict !== 'REACHABLE')
        for (const hop of formatTraceText(f.trace).trimEnd().split('\n')) lines.push(`    ${hop.includes('✗') ? c.red(hop) : c.dim(hop)}`);
    }
    lines.push('');
  }
  if (report.notEvaluated.length > 0) {
    lines.push(c.bold('Not evaluated (the input lacks what these checks need):'));
    for (const n of report.notEvaluated)
      lines.push(`  ${n.resource ? inert(describeResource(n.resource)) + ': ' : ''}${inert(n.reason)} ${c.dim(`[${n.ruleId}]`)}`);
    lines.push('');
  }
  if (report.coverage.failures.length > 0) {
    lines.push(c.bold('Could not be collected:'));
    for (const f of report.coverage.failures) lines.push(`  ${inert(describeEntry(f))}: ${inert(f.reason)}${f.fix ? ` — fix: ${inert(f.fix)}` : ''}`);
    lines.push('');
  }
  for (const note of report.loadNotes) lines.push(c.dim(`note: ${inert(note)}`));
  for (const problem of report.waiverProblems) lines.push(c.yellow(`waiver: ${inert(problem)}`));
  lines.push(summaryLine(report, c));
  return lines.join('\n') + '\n';
}

function summaryLine(report: Report, c: Colors): string {
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')}`;
  const scope = `${plural(s.workloads, 'workload')}, ${plural(s.resources, 'resource')} checked`;
  const gaps = s.notEvaluated > 0 ? `; ${plural(s.notEvaluated, 'check')} not evaluated` : '';
  const accepted = s.waived + s.baselined > 0 ? `; ${s.waived} waived, ${s.baselined} in the baseline` : '';
  const mark = s.errors > 0 ? c.red('✗') : s.warnings > 0 || s.notEvaluated > 0 ? c.yellow('!') : c.green('✓');
  return `${mark} ${counts} (${scope}${gaps}${accepted})`;
}
