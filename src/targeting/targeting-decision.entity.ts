import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { ConditionExplanation } from './engine/condition-evaluator';
import type { DecisionOutcome } from './engine/decision-engine';

/** A decision as it was made (see `TargetingDecisionsService.decideForBatch`): read back, never recomputed. */
@Entity('targeting_decision')
export class TargetingDecision extends TimestampedEntity {
  @Column('uuid', { name: 'visit_id' })
  visitId: string;

  @Column('uuid', { name: 'rule_id' })
  ruleId: string;

  @Column('text')
  outcome: DecisionOutcome;

  @Column('text', { nullable: true })
  action: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('jsonb')
  facts: Record<string, unknown>;

  @Column('jsonb')
  conditions: ConditionExplanation;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt: Date;
}
