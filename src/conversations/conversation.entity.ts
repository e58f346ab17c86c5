import { Column, Entity } from 'typeorm';
import { bigintAsNumber, TimestampedEntity } from '../database/timestamped.entity';
import type { EscalationReason } from '../virtual-agent/escalation-policy';
import type { Route } from '../virtual-agent/knowledge-base/knowledge-base.loader';
import type { Locale } from '../virtual-agent/nlp/text-normalizer';

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

  /** `visitor` or `advisor`. */
  @Column('text', { name: 'closed_by', nullable: true })
  closedBy: 'visitor' | 'advisor' | null;

  /** The advisor who has the conversation (state `with_human`), or had it. */
  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('timestamptz', { name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  /** The advisor it is offered to right now, until accepted, declined or expired. */
  @Column('uuid', { name: 'offered_to_id', nullable: true })
  offeredToId: string | null;

  @Column('timestamptz', { name: 'offer_expires_at', nullable: true })
  offerExpiresAt: Date | null;

  /** While queued: the visitor's last sign of life besides a message (join, resume, queue poll, read receipt); null until then. */
  @Column('timestamptz', { name: 'visitor_seen_at', nullable: true })
  visitorSeenAt: Date | null;

  /** Read receipts: the last message `seq` each side has seen. */
  @Column('bigint', { name: 'visitor_read_seq', transformer: bigintAsNumber })
  visitorReadSeq: number;

  @Column('bigint', { name: 'advisor_read_seq', transformer: bigintAsNumber })
  advisorReadSeq: number;

  /** The visitor's satisfaction (1-5) after a chat with an advisor. */
  @Column('smallint', { nullable: true })
  rating: number | null;

  @Column('text', { name: 'rating_comment', nullable: true })
  ratingComment: string | null;
}
