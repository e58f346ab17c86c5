import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { Condition, RuleAction, RuleFrequency, RuleSchedule } from './engine/targeting-rule';

@Entity('targeting_rule')
export class TargetingRuleEntity extends TimestampedEntity {
  @Column('text')
  name: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('integer', { default: 0 })
  priority: number;

  @Column('jsonb')
  conditions: Condition;

  @Column('jsonb')
  action: RuleAction;

  @Column('jsonb', { name: 'fallback_action', nullable: true })
  fallbackAction: RuleAction | null;

  @Column('jsonb', { name: 'requires_advisor', nullable: true })
  requiresAdvisor: { skill?: string } | null;

  @Column('jsonb', { nullable: true })
  schedule: RuleSchedule | null;

  @Column('double precision', { name: 'control_group_percent', nullable: true })
  controlGroupPercent: number | null;

  @Column('jsonb', { nullable: true })
  frequency: RuleFrequency | null;

  /** Deleted rules stay for the analytics of what they showed. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;
}
