import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest } from '../../common/domain-error';
import { Clock } from '../clock';
import { TargetingAnalyticsQueryDto, TargetingAnalyticsResponseDto, TargetingFiguresDto, TargetingRuleFiguresDto } from '../dto/targeting-analytics.dto';
import { TargetingCountersService } from './targeting-counters.service';
import { PROACTIVE_ACTIONS, type ActionType } from '../engine/targeting-rule';
import { TargetingRulesService } from '../targeting-rules.service';

type Counts = Pick<TargetingFiguresDto, 'evaluated' | 'matched' | 'shown' | 'accepted' | 'declined' | 'dismissed' | 'converted' | 'control' | 'controlConverted'>;

const COUNT_KEYS: (keyof Counts)[] = ['evaluated', 'matched', 'shown', 'accepted', 'declined', 'dismissed', 'converted', 'control', 'controlConverted'];
const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 366;

const zero = (): Counts => ({ evaluated: 0, matched: 0, shown: 0, accepted: 0, declined: 0, dismissed: 0, converted: 0, control: 0, controlConverted: 0 });
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

function withRates(c: Counts): TargetingFiguresDto {
  const conversionRate = ratio(c.converted, c.shown);
  const controlConversionRate = ratio(c.controlConverted, c.control);
  const uplift = conversionRate !== null && controlConversionRate !== null ? Math.round((conversionRate - controlConversionRate) * 10_000) / 10_000 : null;
  return {
    ...c,
    acceptanceRate: ratio(c.accepted, c.shown),
    conversionRate,
    controlConversionRate,
    uplift,
    relativeUplift: uplift !== null && controlConversionRate ? Math.round((uplift / controlConversionRate) * 10_000) / 10_000 : null,
  };
}

function add(into: Counts, from: Counts): void {
  for (const key of COUNT_KEYS) into[key] += from[key];
}

/** Acceptance, conversion and uplift against the control group, per rule and action type, proactive vs reactive. */
@Injectable()
export class TargetingAnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly counters: TargetingCountersService,
    private readonly rules: TargetingRulesService,
    private readonly clock: Clock,
  ) {}

  async report(query: TargetingAnalyticsQueryDto): Promise<TargetingAnalyticsResponseDto> {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 24 * 3600 * 1000);
    if (from >= to) throw badRequest('INVALID_PERIOD', 'from must be before to', [{ field: 'from', reasons: ['must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 24 * 3600 * 1000) {
      throw badRequest('PERIOD_TOO_LONG', `at most ${MAX_PERIOD_DAYS} days per report`, [{ field: 'to', reasons: [`at most ${MAX_PERIOD_DAYS} days after from`] }]);
    }
    await this.counters.flush();

    const rows = new Map<string, Counts & { ruleId: string; actionType: string }>();
    const row = (ruleId: string, actionType: string) => {
      const key = `${ruleId}|${actionType}`;
      let r = rows.get(key);
      if (!r) {
        r = { ruleId, actionType, ...zero() };
        rows.set(key, r);
      }
      return r;
    };
    // Counters are per UTC day: a day counts when the period touches it.
    const counted: { rule_id: string; action_type: string; evaluated: string; matched: string }[] = await this.dataSource.query(
      `SELECT rule_id, action_type, sum(evaluated) AS evaluated, sum(matched) AS matched FROM targeting_counter
        WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date AND day <= (($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC')::date
        GROUP BY rule_id, action_type`,
      [from, to],
    );
    for (const c of counted) {
      const r = row(c.rule_id, c.action_type);
      r.evaluated += Number(c.evaluated);
      r.matched += Number(c.matched);
    }
    const actions: Record<string, string>[] = await this.dataSource.query(
      `SELECT rule_id, type,
              count(*) FILTER (WHERE NOT control) AS shown,
              count(*) FILTER (WHERE NOT control AND response = 'accepted') AS accepted,
              count(*) FILTER (WHERE NOT control AND response = 'declined') AS declined,
              count(*) FILTER (WHERE NOT control AND response = 'dismissed') AS dismissed,
              count(*) FILTER (WHERE NOT control AND converted_at IS NOT NULL) AS converted,
              count(*) FILTER (WHERE control) AS control,
              count(*) FILTER (WHERE control AND converted_at IS NOT NULL) AS control_converted
         FROM targeting_action WHERE shown_at >= $1 AND shown_at < $2
        GROUP BY rule_id, type`,
      [from, to],
    );
    for (const a of actions) {
      const r = row(a.rule_id, a.type);
      r.shown += Number(a.shown);
      r.accepted += Number(a.accepted);
      r.declined += Number(a.declined);
      r.dismissed += Number(a.dismissed);
      r.converted += Number(a.converted);
      r.control += Number(a.control);
      r.controlConverted += Number(a.control_converted);
    }

    const names = await this.rules.namesOf([...new Set([...rows.values()].map((r) => r.ruleId))]);
    const totals = zero();
    const proactive = zero();
    const reactive = zero();
    const byType = new Map<string, Counts>();
    const byRule: TargetingRuleFiguresDto[] = [];
    for (const r of rows.values()) {
      const { ruleId, actionType, ...counts } = r;
      const isProactive = PROACTIVE_ACTIONS.has(actionType as ActionType);
      add(totals, counts);
      add(isProactive ? proactive : reactive, counts);
      if (!byType.has(actionType)) byType.set(actionType, zero());
      add(byType.get(actionType)!, counts);
      byRule.push({ ruleId, ruleName: names.get(ruleId) ?? null, actionType, proactive: isProactive, ...withRates(counts) });
    }
    byRule.sort((a, b) => b.shown - a.shown || b.evaluated - a.evaluated || (a.ruleId < b.ruleId ? -1 : 1));
    return {
      from,
      to,
      totals: withRates(totals),
      proactive: withRates(proactive),
      reactive: withRates(reactive),
      byActionType: [...byType.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([actionType, c]) => ({ actionType, proactive: PROACTIVE_ACTIONS.has(actionType as ActionType), ...withRates(c) })),
      byRule,
    };
  }
}
