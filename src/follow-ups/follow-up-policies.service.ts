import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound, unprocessable } from '../common/domain-error';
import { FollowUpPolicyDto } from './dto/follow-up.dto';
import { FollowUpPolicy } from './follow-up-policy.entity';
import { DEFAULT_FOLLOW_UP_POLICY, MAX_FOLLOW_UP_DAYS, type FollowUpPolicyValues } from './follow-up-policy';

const valuesOf = (p: FollowUpPolicy): FollowUpPolicyValues => ({
  enabled: p.enabled,
  inactivityMinutes: p.inactivityMinutes,
  delayHours: p.delayHours,
  maxDays: p.maxDays,
  manualAboveAmount: p.manualAboveAmount,
  incentiveCode: p.incentiveCode,
});

/** Each site's abandoned-cart policy, edited by supervisors and integrators. */
@Injectable()
export class FollowUpPoliciesService {
  readonly defaults = DEFAULT_FOLLOW_UP_POLICY;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async valuesFor(siteId: string): Promise<FollowUpPolicyValues> {
    const row = await this.dataSource.getRepository(FollowUpPolicy).findOneBy({ siteId });
    return row ? valuesOf(row) : { ...this.defaults };
  }

  async get(siteId: string): Promise<FollowUpPolicyValues & { siteId: string }> {
    await this.checkSite(siteId);
    return { siteId, ...(await this.valuesFor(siteId)) };
  }

  /** Fields left out keep their current value (or the default). */
  async put(siteId: string, dto: FollowUpPolicyDto): Promise<FollowUpPolicyValues & { siteId: string }> {
    await this.checkSite(siteId);
    const values = { ...(await this.valuesFor(siteId)), ...dto };
    if (values.delayHours > values.maxDays * 24) {
      throw unprocessable('FOLLOW_UP_DELAY_TOO_LONG', `The first follow-up (${values.delayHours} h) must come before the last day (${values.maxDays} days)`);
    }
    if (values.maxDays > MAX_FOLLOW_UP_DAYS) throw unprocessable('FOLLOW_UP_TOO_LATE', `Follow-ups end at most ${MAX_FOLLOW_UP_DAYS} days after abandonment`);
    await this.dataSource.getRepository(FollowUpPolicy).upsert({ siteId, ...values }, ['siteId']);
    return { siteId, ...values };
  }

  private async checkSite(siteId: string): Promise<void> {
    const [site] = await this.dataSource.query(`SELECT 1 FROM site WHERE id = $1`, [siteId]);
    if (!site) throw notFound('SITE_NOT_FOUND', `No site with id ${siteId}`);
  }
}
