import { toCsv } from './csv';
import { failureNotice } from './failure';
import type { ConsoleSession } from './session';
import { Store } from './store';

export interface EngagementFigures {
  shown: number;
  accepted: number;
  declined: number;
  converted: number;
  acceptanceRate: number | null;
  conversionRate: number | null;
  uplift: number | null;
}

export interface RuleFigures extends EngagementFigures {
  ruleId: string;
  ruleName: string | null;
  actionType: string;
  proactive: boolean;
  evaluated: number;
  matched: number;
}

export interface TargetingReport {
  totals: EngagementFigures;
  proactive: EngagementFigures;
  reactive: EngagementFigures;
  byRule: RuleFigures[];
}

export interface CallbackReport {
  booked: number;
  open: number;
  keptWithinPromise: number;
  keptWithinPromisePercent: number | null;
  late: number;
  retried: number;
  outcomes: { reached: number; no_answer: number; wrong_number: number };
}

export interface AnalyticsState {
  /** `YYYY-MM-DD`, both days included. */
  from: string;
  to: string;
  targeting: TargetingReport | null;
  callbacks: CallbackReport | null;
  notice: string | null;
}

const DAY_MS = 86_400_000;
const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Supervisors: engagement (targeting) and escalation (callbacks) figures over a range of days, and their CSV. */
export class AnalyticsDesk extends Store<AnalyticsState> {
  constructor(private readonly session: ConsoleSession) {
    super({ from: day(Date.now() - 29 * DAY_MS), to: day(Date.now()), targeting: null, callbacks: null, notice: null });
  }

  async load(): Promise<void> {
    const { from, to } = this.state;
    // The API's `to` is exclusive: the day after the last one asked for.
    const range = `from=${from}T00:00:00.000Z&to=${day(Date.parse(to) + DAY_MS)}T00:00:00.000Z`;
    try {
      const [targeting, callbacks] = await Promise.all([
        this.session.api.get<TargetingReport>(`/analytics/targeting?${range}`),
        this.session.api.get<CallbackReport>(`/analytics/callbacks?${range}`),
      ]);
      this.set({ targeting, callbacks, notice: null });
    } catch (error) {
      const notice = failureNotice(this.session.t, error);
      if (notice) this.set({ notice });
    }
  }

  /** One line per rule, rates as fractions, as a spreadsheet reads them. */
  csv(): string {
    const header = ['rule', 'action_type', 'proactive', 'evaluated', 'matched', 'shown', 'accepted', 'declined', 'converted', 'acceptance_rate', 'conversion_rate', 'uplift'];
    const rows = (this.state.targeting?.byRule ?? []).map((r) => [r.ruleName ?? r.ruleId, r.actionType, r.proactive, r.evaluated, r.matched, r.shown, r.accepted, r.declined, r.converted, r.acceptanceRate, r.conversionRate, r.uplift]);
    return toCsv(header, rows);
  }
}
