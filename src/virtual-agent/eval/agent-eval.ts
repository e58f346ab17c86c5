import { Classification } from '../classifier/intent-classifier';
import { EvalExample } from '../knowledge-base/knowledge-base.loader';

export interface IntentRow {
  intent: string;
  precision: number | null;
  recall: number | null;
  support: number;
}

export interface EvalSummary {
  inScopeAccuracy: number | null;
  oosRecall: number | null;
  oosPrecision: number | null;
  examples: number;
  trainMs: number;
  p50Ms: number;
  p99Ms: number;
}

export const OOS_ROW = '(out of scope)';

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

/**
 * Scores predictions against a test set. "Answered" means the agent picked an intent: `answer`, or
 * `clarify` with that intent on top (the visitor is shown it). Only a fallback counts as not answered,
 * so a clarify on an out-of-scope message counts against OOS recall.
 */
export function summarise(tests: EvalExample[], predictions: Classification[], timesMs: number[], trainMs: number): { rows: IntentRow[]; summary: EvalSummary } {
  const intents = [...new Set(tests.map((t) => t.intent ?? OOS_ROW))].sort();
  const key = (i: string | null): string => i ?? OOS_ROW;
  const rows = intents.map((intent) => {
    let tp = 0;
    let predicted = 0;
    let support = 0;
    tests.forEach((t, i) => {
      const actual = key(t.intent);
      const got = key(predictions[i].intent);
      if (actual === intent) support++;
      if (got === intent) predicted++;
      if (actual === intent && got === intent) tp++;
    });
    return { intent, precision: ratio(tp, predicted), recall: ratio(tp, support), support };
  });
  const inScope = tests.map((t, i) => [t, predictions[i]] as const).filter(([t]) => t.intent !== null);
  const oos = tests.map((t, i) => [t, predictions[i]] as const).filter(([t]) => t.intent === null);
  const rejected = predictions.filter((p) => p.intent === null).length;
  const oosRejected = oos.filter(([, p]) => p.intent === null).length;
  const sorted = [...timesMs].sort((a, b) => a - b);
  return {
    rows,
    summary: {
      inScopeAccuracy: ratio(inScope.filter(([t, p]) => p.intent === t.intent).length, inScope.length),
      oosRecall: oos.length === 0 ? null : ratio(oosRejected, oos.length),
      oosPrecision: oos.length === 0 ? null : (ratio(oosRejected, rejected) ?? 0),
      examples: tests.length,
      trainMs: Math.round(trainMs),
      p50Ms: Math.round(percentile(sorted, 0.5) * 1000) / 1000,
      p99Ms: Math.round(percentile(sorted, 0.99) * 1000) / 1000,
    },
  };
}

export function formatTable(rows: IntentRow[]): string {
  const width = Math.max(10, ...rows.map((r) => r.intent.length));
  const f = (x: number | null): string => (x === null ? '-' : x.toFixed(3)).padStart(9);
  return [
    `${'intent'.padEnd(width)} ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'support'.padStart(8)}`,
    ...rows.map((r) => `${r.intent.padEnd(width)} ${f(r.precision)} ${f(r.recall)} ${String(r.support).padStart(8)}`),
  ].join('\n');
}
