import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { ActionType } from './engine/targeting-rule';

export const ACTION_RESPONSES = ['accepted', 'declined', 'dismissed'] as const;
export type ActionResponse = (typeof ACTION_RESPONSES)[number];

/** An action shown to a visit, or held back because the visit is in the rule's control group. */
@Entity('targeting_action')
export class TargetingAction extends TimestampedEntity {
  @Column('uuid', { name: 'visit_id', nullable: true })
  visitId: string | null;

  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('text', { name: 'visitor_id', nullable: true })
  visitorId: string | null;

  @Column('uuid', { name: 'rule_id' })
  ruleId: string;

  @Column('text')
  type: ActionType;

  @Column('boolean')
  proactive: boolean;

  @Column('boolean', { default: false })
  fallback: boolean;

  @Column('boolean', { default: false })
  control: boolean;

  @Column('text', { nullable: true })
  message: string | null;

  @Column('jsonb', { nullable: true })
  offer: { code?: string; label?: string } | null;

  @Column('timestamptz', { name: 'shown_at' })
  shownAt: Date;

  @Column('text', { nullable: true })
  response: ActionResponse | null;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt: Date | null;

  @Column('timestamptz', { name: 'converted_at', nullable: true })
  convertedAt: Date | null;
}
