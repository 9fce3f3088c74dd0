// The README's rule table, generated from the catalogue (npm run docs) and checked by a test.
import { RULES } from '../rules/index.js';

export const TABLE_START = '<!-- rules:start -->';
export const TABLE_END = '<!-- rules:end -->';

export function renderRuleTable(): string {
  const rows = RULES.map((r) => `| [\`${r.meta.id}\`](rules/${r.meta.id}.md) | ${r.meta.severity} | ${r.meta.short.replace(/\|/g, '\\|')} |`);
  return ['| rule | severity | what it detects |', '|---|---|---|', ...rows].join('\n');
}

/** The README with the table between the markers replaced. */
export function withRuleTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${renderRuleTable()}\n${readme.slice(end)}`;
}
