import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { CUSTOMER_FACT_COLUMNS, toCustomerFacts } from '../tracking/identity/visitor-identity.service';
import { buildFacts, originOf } from '../tracking/visit-context';
import { Visit } from '../tracking/visit.entity';
import { RulePreviewResponseDto } from './dto/rule-preview.dto';
import { normalizeFacts } from './engine/condition-evaluator';
import { compileRule } from './engine/rule-compiler';
import { withRuleDefaults, type TargetingRuleInput } from './engine/targeting-rule';
import { validateRule } from './rule-validator';
import { invalidRule } from './targeting.errors';

export const PREVIEW_DEFAULT_VISITS = 200;
export const PREVIEW_MAX_VISITS = 1000;
const SAMPLE_SIZE = 20;

/**
 * Which recent visits a draft rule would have matched: its conditions and schedule evaluated by the engine on each
 * visit's facts as they stood at its last event (what the engine last saw of it). Advisor availability, frequency
 * caps and the control group depend on the moment and are left out: this sizes the audience, it does not replay.
 */
@Injectable()
export class RulePreviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async preview(payload: unknown, visits = PREVIEW_DEFAULT_VISITS): Promise<RulePreviewResponseDto> {
    const errors = validateRule(payload, 'create');
    if (errors.length) throw invalidRule(errors);
    const rule = compileRule({ id: 'preview', ...withRuleDefaults(payload as TargetingRuleInput) });
    const recent = await this.dataSource.getRepository(Visit).find({ order: { startedAt: 'DESC', id: 'DESC' }, take: visits });
    const customers = await this.customerFacts(recent);
    const matches = recent.filter((visit) => {
      const facts = buildFacts(visit.context, originOf(visit), visit.customerId ? (customers.get(visit.customerId) ?? null) : null, visit.lastEventAt);
      return rule.isActive(visit.lastEventAt) && rule.test(normalizeFacts(facts));
    });
    return {
      evaluated: recent.length,
      matched: matches.length,
      sample: matches.slice(0, SAMPLE_SIZE).map((v) => ({
        visitId: v.id,
        startedAt: v.startedAt,
        lastEventAt: v.lastEventAt,
        currentUrl: v.context.currentUrl,
        cartValue: v.context.cartValue,
        identified: v.customerId !== null,
      })),
    };
  }

  private async customerFacts(visits: Visit[]) {
    const ids = [...new Set(visits.flatMap((v) => (v.customerId ? [v.customerId] : [])))];
    const rows = ids.length ? await this.dataSource.getRepository(Customer).find({ where: { id: In(ids) }, select: CUSTOMER_FACT_COLUMNS }) : [];
    return new Map(rows.map((c) => [c.id, toCustomerFacts(c)]));
  }
}
