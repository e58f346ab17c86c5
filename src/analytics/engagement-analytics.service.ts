import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest } from '../common/domain-error';
import { Clock } from '../targeting/clock';
import { TargetingRulesService } from '../targeting/targeting-rules.service';
import type { EngagementQueryDto, EngagementReportDto } from './dto/engagement.dto';
import type { CountKey, Counts } from './engagement-figures';
import { type Dimension, FAMILIES, type Family, type GroupBy, type QueryPeriod } from './engagement-queries';
import { assemble, type FamilyResult, type ReportGroup, utcDays } from './engagement-report';

/** A purchase is attributed to an engagement the visitor took up (accepted a proposal, or chatted) at most this many days before. */
export const ENGAGEMENT_ATTRIBUTION_DAYS = 7;
const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;
const ROUTES = ['human', 'callback', 'call', 'store'];

const countKeysOf = (family: Family) => Object.keys(family.columns) as CountKey[];

/** The engagement report: from visits to proposals, chats, escalations and sales, with attribution and control-group uplift. */
@Injectable()
export class EngagementAnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: TargetingRulesService,
    private readonly clock: Clock,
  ) {}

  async report(query: EngagementQueryDto): Promise<EngagementReportDto & { groups: ReportGroup[] }> {
    const groupBy = query.groupBy ?? 'day';
    const period = this.period(query);
    // One statement per family, in sequence: a report is a read of a few indexed ranges, not worth a pool's connections.
    const results: FamilyResult[] = [];
    for (const family of FAMILIES) results.push(await this.run(family, groupBy, period));
    const seeds = groupBy === 'day' ? utcDays(period.from, period.to) : groupBy === 'route' ? ROUTES : [];
    const { totals, groups } = assemble(groupBy, results, (i) => countKeysOf(FAMILIES[i]), seeds);
    const names = groupBy === 'rule' ? await this.rules.namesOf(groups.flatMap((g) => (g.key ? [g.key] : []))) : new Map<string, string>();
    return {
      from: period.from,
      to: period.to,
      groupBy,
      attributionWindowDays: ENGAGEMENT_ATTRIBUTION_DAYS,
      totals,
      groups: groups.map((g) => ({ ...g, name: (g.key && names.get(g.key)) ?? null })),
    };
  }

  private period(query: EngagementQueryDto): QueryPeriod {
    const now = this.clock.now();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    if (from >= to) throw badRequest('INVALID_PERIOD', 'from must be before to', [{ field: 'from', reasons: ['must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
      throw badRequest('PERIOD_TOO_LONG', `at most ${MAX_PERIOD_DAYS} days per report`, [{ field: 'to', reasons: [`at most ${MAX_PERIOD_DAYS} days after from`] }]);
    }
    return { from, to, now, attributionDays: ENGAGEMENT_ATTRIBUTION_DAYS };
  }

  private async run(family: Family, groupBy: GroupBy, period: QueryPeriod): Promise<FamilyResult> {
    const dimension: Dimension = family.keys[groupBy] ? groupBy : 'none';
    const rows: Record<string, string | null>[] = await this.dataSource.query(family.sql(family.keys[dimension]!), family.params(period));
    const columns = Object.entries(family.columns) as [CountKey, string][];
    return {
      grouped: dimension !== 'none',
      rows: rows.map((row) => ({ key: row.key, counts: Object.fromEntries(columns.map(([key, column]) => [key, Number(row[column] ?? 0)])) as Counts })),
    };
  }
}
