import { FIGURE_KEYS } from './engagement-figures';
import type { GroupBy } from './engagement-queries';
import type { ReportGroup } from './engagement-report';
import { csvCell } from '../common/csv';

/** The groups as CSV: a header line, then one line per group; the grouping's key first (and the rule's name by rule). */
export function engagementCsv(groupBy: GroupBy, groups: ReportGroup[]): string {
  const head = groupBy === 'rule' ? ['rule', 'ruleName'] : [groupBy];
  const lines = groups.map((g) => [g.key, ...(groupBy === 'rule' ? [g.name] : []), ...FIGURE_KEYS.map((k) => g[k])].map(csvCell).join(','));
  return [[...head, ...FIGURE_KEYS].join(','), ...lines].join('\r\n') + '\r\n';
}
