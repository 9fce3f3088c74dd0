// One line per finding, actionlint style: file:line: severity: message [rule-id].
// Used by the golden tests and by --format compact.
import { relative } from 'node:path';
import type { CheckResult } from '../check.js';
import { locator } from '../locate.js';
import { inert } from './escape.js';

export function formatCompact(result: CheckResult, baseDir = process.cwd()): string {
  const locate = locator(result.findings.map((f) => f.source));
  const lines = result.findings.map((f) => {
    const at = f.source ? locate(f.source) : undefined;
    const where = at ? `${relative(baseDir, at.file)}:${at.line}` : f.resource;
    // One line per finding: a newline or escape sequence from the input must not forge another.
    return inert(`${where}: ${f.severity}: ${f.message} [${f.ruleId}]`);
  });
  for (const n of result.notEvaluated) lines.push(inert(`not evaluated: ${n.resource ?? '(all)'}: ${n.reason} [${n.ruleId}]`));
  return lines.length ? lines.join('\n') + '\n' : '';
}
