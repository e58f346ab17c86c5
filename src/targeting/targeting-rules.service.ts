import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { isObject } from '../common/schema';
import { TargetingRuleListQueryDto, TargetingRuleResponseDto } from './dto/targeting-rule.dto';
import { compileRules, type CompiledRule } from './engine/rule-compiler';
import { validateRule } from './rule-validator';
import { invalidRule, ruleNotFound } from './targeting.errors';
import { withRuleDefaults, type TargetingRuleInput } from './engine/targeting-rule';
import { TargetingRuleEntity } from './targeting-rule.entity';
import { toTargetingRule, toTargetingRuleResponse } from './targeting-rule.mapper';

/**
 * Other instances see a change within this time: instances are stateless behind a load balancer, and a
 * short TTL costs nothing per request where a version check would cost a round trip per event batch.
 */
export const RULES_CACHE_TTL_MS = 5_000;

const OPTIONAL_FIELDS = ['fallbackAction', 'requiresAdvisor', 'schedule', 'controlGroupPercent', 'frequency'] as const;

@Injectable()
export class TargetingRulesService {
  private cache: { rules: CompiledRule[]; names: Map<string, string>; loadedAt: number } | undefined;
  private loading: Promise<CompiledRule[]> | undefined;
  /** Bumped by every local change, so a load that started before it does not cache stale rules. */
  private generation = 0;

  constructor(@InjectRepository(TargetingRuleEntity) private readonly rules: Repository<TargetingRuleEntity>) {}

  async create(payload: unknown): Promise<TargetingRuleResponseDto> {
    const errors = validateRule(payload, 'create');
    if (errors.length) throw invalidRule(errors);
    const input = withRuleDefaults(payload as TargetingRuleInput);
    const saved = await this.rules.save(this.rules.create(this.toColumns(input)));
    this.invalidate();
    return toTargetingRuleResponse(saved);
  }

  async get(id: string): Promise<TargetingRuleResponseDto> {
    return toTargetingRuleResponse(await this.find(id));
  }

  async list(query: TargetingRuleListQueryDto): Promise<Page<TargetingRuleResponseDto>> {
    const qb = this.rules.createQueryBuilder('r').where('r.deleted_at IS NULL');
    if (query.enabled) qb.andWhere('r.enabled = :enabled', { enabled: query.enabled === 'true' });
    return mapPage(await keysetPage(qb, query, { column: 'r.created_at', value: (r) => r.createdAt, direction: 'ASC' }), toTargetingRuleResponse);
  }

  /** Validates the patch's shape, then the merged rule as a whole (fallback vs action, from <= to). */
  async update(id: string, payload: unknown): Promise<TargetingRuleResponseDto> {
    if (!isObject(payload)) throw invalidRule([{ path: '', code: 'invalid_type', message: 'a rule patch must be an object' }]);
    const row = await this.find(id);
    const patch: Record<string, unknown> = { ...payload };
    const cleared = OPTIONAL_FIELDS.filter((field) => patch[field] === null);
    for (const field of cleared) delete patch[field];
    const shapeErrors = validateRule(patch, 'patch');
    if (shapeErrors.length) throw invalidRule(shapeErrors);
    const merged: Record<string, unknown> = { ...toTargetingRule(row), ...patch };
    delete merged.id;
    for (const field of cleared) delete merged[field];
    const errors = validateRule(merged, 'create');
    if (errors.length) throw invalidRule(errors);
    Object.assign(row, this.toColumns(merged as unknown as TargetingRuleInput));
    const saved = await this.rules.save(row);
    this.invalidate();
    return toTargetingRuleResponse(saved);
  }

  async remove(id: string): Promise<void> {
    const row = await this.find(id);
    await this.rules.update(row.id, { deletedAt: new Date(), enabled: false });
    this.invalidate();
  }

  /**
   * The enabled rules, compiled and ordered for the decision engine; reloaded after a change or the TTL.
   * Inside a transaction pass its manager: the embedded database has one connection.
   */
  async compiled(manager: EntityManager = this.rules.manager): Promise<CompiledRule[]> {
    if (this.cache && Date.now() - this.cache.loadedAt < RULES_CACHE_TTL_MS) return this.cache.rules;
    // One reload at a time: a burst of batches after expiry shares it.
    if (!this.loading) {
      const loading = this.load(manager).finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Rule names for explanations and reports, deleted rules included. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const missing = ids.filter((id) => {
      const cached = this.cache?.names.get(id);
      if (cached !== undefined) names.set(id, cached);
      return cached === undefined;
    });
    if (missing.length) {
      const rows = await this.rules.find({ where: { id: In([...new Set(missing)]) }, select: { id: true, name: true } });
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  }

  invalidate(): void {
    this.generation += 1;
    this.cache = undefined;
    this.loading = undefined;
  }

  private async load(manager: EntityManager): Promise<CompiledRule[]> {
    const generation = this.generation;
    const rows = await manager.find(TargetingRuleEntity, { where: { deletedAt: IsNull(), enabled: true } });
    const rules = compileRules(rows.map(toTargetingRule));
    if (generation === this.generation) this.cache = { rules, names: new Map(rows.map((r) => [r.id, r.name])), loadedAt: Date.now() };
    return rules;
  }

  private async find(id: string): Promise<TargetingRuleEntity> {
    const row = await this.rules.findOneBy({ id, deletedAt: IsNull() });
    if (!row) throw ruleNotFound(id);
    return row;
  }

  private toColumns(input: TargetingRuleInput): Partial<TargetingRuleEntity> {
    return {
      name: input.name.trim(),
      enabled: input.enabled,
      priority: input.priority,
      conditions: input.conditions,
      action: input.action,
      fallbackAction: input.fallbackAction ?? null,
      requiresAdvisor: input.requiresAdvisor ?? null,
      schedule: input.schedule ?? null,
      controlGroupPercent: input.controlGroupPercent ?? null,
      frequency: input.frequency ?? null,
    };
  }
}
