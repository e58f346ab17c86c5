import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { EscalationReason } from '../virtual-agent/escalation-policy';
import type { Route } from '../virtual-agent/knowledge-base.loader';
import type { Locale } from '../virtual-agent/text-normalizer';

export const CONVERSATION_STATES = ['bot', 'waiting_human', 'with_human', 'closed'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** A chat between a website visitor and the virtual agent, later an advisor. */
@Entity('conversation')
export class Conversation extends TimestampedEntity {
  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('uuid', { name: 'visit_id', nullable: true })
  visitId: string | null;

  /** The visitor it belongs to (from the visit token); nobody else may read or write it. */
  @Column('text', { name: 'visitor_id' })
  visitorId: string;

  /** The unified profile, when the visitor is known. */
  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId: string | null;

  @Column('text')
  locale: Locale;

  @Column('text')
  state: ConversationState;

  /** Fallbacks in a row, for the escalation policy. */
  @Column('integer', { name: 'consecutive_fallbacks' })
  consecutiveFallbacks: number;

  /** The intent the bot answered last (an `if_stuck` intent escalates when the visitor is still stuck). */
  @Column('text', { name: 'last_intent', nullable: true })
  lastIntent: string | null;

  @Column('text', { name: 'escalation_route', nullable: true })
  escalationRoute: Route | null;

  @Column('text', { name: 'escalation_skill', nullable: true })
  escalationSkill: string | null;

  @Column('text', { name: 'escalation_reason', nullable: true })
  escalationReason: EscalationReason | null;

  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
