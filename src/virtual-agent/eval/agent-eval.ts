import { Classification } from '../classifier/intent-classifier';
import { EvalExample, EvalKind } from '../knowledge-base/knowledge-base.loader';

/**
 * What the agent did with one kind of message, as shares of that kind. For in-scope messages `right` and
 * `wrong` are answers with the right or another intent; for uncovered and off-topic messages every answer is
 * wrong and `right` is null. `clarified` is the share of messages met with a two-choice question (counted as
 * answered with the first choice, which the visitor is shown).
 */
export interface Rates {
  n: number;
  right: number | null;
  wrong: number | null;
  notAnswered: number | null;
  clarified: number | null;
}

export interface EvalSummary {
  inScope: Rates;
  uncovered: Rates;
  offTopic: Rates;
  examples: number;
  trainMs: number;
  p50Ms: number;
  p99Ms: number;
}

export interface IntentRow {
  intent: string;
  precision: number | null;
  recall: number | null;
  support: number;
}

export const NOT_ANSWERED_ROW = '(not answered)';

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

function rates(pairs: (readonly [EvalExample, Classification])[], inScope: boolean): Rates {
  const answered = pairs.filter(([, p]) => p.intent !== null);
  const right = inScope ? answered.filter(([t, p]) => p.intent === t.intent).length : null;
  return {
    n: pairs.length,
    right: right === null ? null : ratio(right, pairs.length),
    wrong: ratio(answered.length - (right ?? 0), pairs.length),
    notAnswered: ratio(pairs.length - answered.length, pairs.length),
    clarified: ratio(pairs.filter(([, p]) => p.action === 'clarify').length, pairs.length),
  };
}

/**
 * Scores predictions against a test set, per kind of message. "Answered" means the agent picked an intent:
 * `answer`, or `clarify` with that intent first. Only a fallback counts as not answered.
 */
export function summarise(tests: EvalExample[], predictions: Classification[], timesMs: number[], trainMs: number): { rows: IntentRow[]; summary: EvalSummary } {
  const key = (i: string | null): string => i ?? NOT_ANSWERED_ROW;
  const rows = [...new Set(tests.map((t) => key(t.intent)))].sort().map((intent) => {
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
  const pairs = tests.map((t, i) => [t, predictions[i]] as const);
  const of = (kind: EvalKind) => pairs.filter(([t]) => t.kind === kind);
  const sorted = [...timesMs].sort((a, b) => a - b);
  return {
    rows,
    summary: {
      inScope: rates(of('in_scope'), true),
      uncovered: rates(of('uncovered'), false),
      offTopic: rates(of('off_topic'), false),
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

/** One line per (label, kind of message): n, right, wrong, not answered, clarified. */
export function formatRates(lines: { label: string; summary: EvalSummary }[]): string {
  const f = (x: number | null): string => (x === null ? '-' : x.toFixed(3)).padStart(8);
  const out = [`${'set'.padEnd(12)} ${'messages'.padEnd(10)} ${'n'.padStart(5)} ${'right'.padStart(8)} ${'wrong'.padStart(8)} ${'not ans.'.padStart(8)} ${'clarify'.padStart(8)}`];
  for (const { label, summary } of lines) {
    for (const [name, r] of [
      ['in-scope', summary.inScope],
      ['uncovered', summary.uncovered],
      ['off-topic', summary.offTopic],
    ] as const) {
      if (r.n > 0) out.push(`${label.padEnd(12)} ${name.padEnd(10)} ${String(r.n).padStart(5)} ${f(r.right)} ${f(r.wrong)} ${f(r.notAnswered)} ${f(r.clarified)}`);
    }
  }
  return out.join('\n');
}
