// The figures of the engagement report and how the rates follow from the counts: pure, no Nest or TypeORM.

export const COUNT_KEYS = [
  'visits',
  'proposalsShown',
  'proposalsAccepted',
  'proposalsDeclined',
  'proposalsDismissed',
  'chats',
  'chatsFromProposal',
  'chatsReactive',
  'botResolved',
  'helpfulYes',
  'helpfulNo',
  'escalations',
  'escalationsHuman',
  'escalationsCallback',
  'escalationsCall',
  'escalationsStore',
  'humanChats',
  'callbacksBooked',
  'callbacksDue',
  'callbacksKeptWithinPromise',
  'appointments',
  'sales',
  'revenue',
  'salesAttributed',
  'revenueAttributed',
  'salesAfterShownOnly',
  'revenueAfterShownOnly',
  'shownConverted',
  'controlHeldOut',
  'controlConverted',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export const RATE_KEYS = ['acceptanceRate', 'deflectionRate', 'helpfulYesRate', 'helpfulNoRate', 'callbacksKeptRate', 'conversionRate', 'controlConversionRate', 'uplift'] as const;
export type RateKey = (typeof RATE_KEYS)[number];

/** Every column of the report, counts then rates, in the order of the CSV. */
export const FIGURE_KEYS: readonly (CountKey | RateKey)[] = [...COUNT_KEYS, ...RATE_KEYS];

/** Counts of one group; a count left undefined is not split by this grouping (it is only in the totals). */
export type Counts = Partial<Record<CountKey, number>>;
export type Figures = Record<CountKey | RateKey, number | null>;

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** a / b to 4 decimals; null when either is unknown or there is nothing to divide by. */
export function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b <= 0 ? null : round4(a / b);
}

export function add(into: Counts, from: Counts): void {
  for (const key of COUNT_KEYS) if (from[key] !== undefined) into[key] = (into[key] ?? 0) + from[key];
}

/** Counts with their rates; a missing count becomes null, and so does any rate built on it. */
export function withRates(c: Counts): Figures {
  const conversionRate = ratio(c.shownConverted, c.proposalsShown);
  const controlConversionRate = ratio(c.controlConverted, c.controlHeldOut);
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, k.startsWith('revenue') && c[k] !== undefined ? Math.round(c[k] * 100) / 100 : (c[k] ?? null)])) as Record<
    CountKey,
    number | null
  >;
  return {
    ...counts,
    acceptanceRate: ratio(c.proposalsAccepted, c.proposalsShown),
    deflectionRate: ratio(c.botResolved, c.chats),
    helpfulYesRate: ratio(c.helpfulYes, (c.helpfulYes ?? 0) + (c.helpfulNo ?? 0)),
    helpfulNoRate: ratio(c.helpfulNo, (c.helpfulYes ?? 0) + (c.helpfulNo ?? 0)),
    callbacksKeptRate: ratio(c.callbacksKeptWithinPromise, c.callbacksDue),
    conversionRate,
    controlConversionRate,
    uplift: conversionRate !== null && controlConversionRate !== null ? round4(conversionRate - controlConversionRate) : null,
  };
}
