import { add, type CountKey, type Counts, type Figures, withRates } from './engagement-figures';
import type { GroupBy } from './engagement-queries';

// Turns the rows of each family into totals and groups: pure, unit-tested beside.

const DAY_MS = 24 * 3600 * 1000;

/** One family's rows, already mapped to counts; `grouped` false when the grouping does not split it (one row, totals only). */
export interface FamilyResult {
  grouped: boolean;
  rows: { key: string | null; counts: Counts }[];
}

export interface ReportGroup extends Figures {
  key: string | null;
  name: string | null;
}

/** The UTC days `[from, to)` touches, so a day with nothing still has its row. */
export function utcDays(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t < to.getTime(); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * Totals add every family's rows; groups get the counts of the families their grouping splits, every such count
 * starting at 0 so a group without rows of a family reads 0, not null. Null marks a figure not split this way.
 */
export function assemble(
  groupBy: GroupBy,
  results: FamilyResult[],
  columns: (family: number) => CountKey[],
  seedKeys: (string | null)[],
): { totals: Figures; groups: Omit<ReportGroup, 'name'>[] } {
  // A family with no rows in the period still totals 0.
  const totals: Counts = Object.fromEntries(results.flatMap((_, i) => columns(i).map((key) => [key, 0])));
  const groups = new Map<string | null, Counts>(seedKeys.map((k) => [k, {}]));
  const splitKeys = results.flatMap((r, i) => (r.grouped ? columns(i) : []));
  for (const result of results) {
    for (const row of result.rows) {
      add(totals, row.counts);
      if (!result.grouped) continue;
      if (!groups.has(row.key)) groups.set(row.key, {});
      add(groups.get(row.key)!, row.counts);
    }
  }
  for (const counts of groups.values()) for (const key of splitKeys) counts[key] ??= 0;
  const keys = [...groups.keys()].sort(groupBy === 'day' ? byKey : byKeyNullLast);
  return { totals: withRates(totals), groups: keys.map((key) => ({ key, ...withRates(groups.get(key)!) })) };
}

const byKey = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
const byKeyNullLast = (a: string | null, b: string | null) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b));
