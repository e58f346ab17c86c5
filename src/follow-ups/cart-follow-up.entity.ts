import { Column, Entity } from 'typeorm';
import { bigintAsNumber, TimestampedEntity } from '../database/timestamped.entity';

export const CART_FOLLOW_UP_STATUSES = ['scheduled', 'sent', 'task_open', 'done', 'cancelled', 'skipped'] as const;
/**
 * `scheduled` until due; then `sent` (automatic e-mail) or `task_open` (manual, for the owner advisor or the phone
 * team) until `done`; `cancelled` by a purchase before it was due; `skipped` when nothing may be sent (see `skipReason`).
 */
export type CartFollowUpStatus = (typeof CART_FOLLOW_UP_STATUSES)[number];
export type FollowUpMode = 'automatic' | 'manual';
export type CartLine = { sku: string; price: number; quantity: number; family?: string };

@Entity('cart_follow_up')
export class CartFollowUp extends TimestampedEntity {
  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('uuid', { name: 'visit_id' })
  visitId: string;

  @Column('text', { name: 'visitor_id' })
  visitorId: string;

  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('uuid', { name: 'owner_advisor_id', nullable: true })
  ownerAdvisorId: string | null;

  @Column('jsonb')
  cart: CartLine[];

  @Column('numeric', { name: 'cart_value', precision: 14, scale: 2, transformer: bigintAsNumber })
  cartValue: number;

  /** The visit's last activity. */
  @Column('timestamptz', { name: 'abandoned_at' })
  abandonedAt: Date;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  /** Nothing is sent after this (abandonment + the policy's maximum), and an unrecovered cart is counted lost. */
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('text')
  mode: FollowUpMode;

  /** Why it is manual: `high_value` or `payment_failed`. */
  @Column('text', { name: 'manual_reason', nullable: true })
  manualReason: string | null;

  @Column('text')
  status: CartFollowUpStatus;

  /** `no_marketing_consent`, `no_email`, `expired`, `customer_gone`, `policy_disabled`. */
  @Column('text', { name: 'skip_reason', nullable: true })
  skipReason: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('uuid', { name: 'done_by_id', nullable: true })
  doneById: string | null;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt: Date | null;

  /** `recovered` (a purchase between abandonment and expiry) or `not_recovered` once expired. */
  @Column('text', { nullable: true })
  outcome: 'recovered' | 'not_recovered' | null;

  @Column('numeric', { name: 'recovered_amount', precision: 14, scale: 2, nullable: true, transformer: bigintAsNumber })
  recoveredAmount: number | null;

  @Column('timestamptz', { name: 'recovered_at', nullable: true })
  recoveredAt: Date | null;
}
