// --format github: GitHub Actions workflow commands, so findings annotate the pull request's lines.
import type { Report } from './report.js';

const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(report: Report): string {
  const lines = report.findings.map((f) => {
    const where = f.location ? `file=${property(f.location.file)},line=${f.location.line},` : '';
    const level = f.severity === 'note' ? 'notice' : f.severity;
    return `::${level} ${where}title=${property(`egress-lint ${f.ruleId}`)}::${data(`${f.message} [${f.ruleId}]`)}`;
  });
  for (const n of report.notEvaluated) lines.push(`::warning title=${property(`egress-lint ${n.ruleId} not evaluated`)}::${data(n.reason)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
