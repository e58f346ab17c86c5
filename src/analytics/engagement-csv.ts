import { FIGURE_KEYS } from './engagement-figures';
import type { GroupBy } from './engagement-queries';
import type { ReportGroup } from './engagement-report';

/** RFC 4180 quoting; a text cell starting with = + - @ is defused (a channel can be a visitor's utm_source), numbers stay numbers. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The groups as CSV: a header line, then one line per group; the grouping's key first (and the rule's name by rule). */
export function engagementCsv(groupBy: GroupBy, groups: ReportGroup[]): string {
  const head = groupBy === 'rule' ? ['rule', 'ruleName'] : [groupBy];
  const lines = groups.map((g) => [g.key, ...(groupBy === 'rule' ? [g.name] : []), ...FIGURE_KEYS.map((k) => g[k])].map(csvCell).join(','));
  return [[...head, ...FIGURE_KEYS].join(','), ...lines].join('\r\n') + '\r\n';
}
