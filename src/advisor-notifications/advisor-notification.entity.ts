import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

export const NOTIFICATION_KINDS = ['client_purchase'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a `client_purchase` notification says: who bought what, where the purchase was seen. */
export interface ClientPurchaseData {
  customerName: string | null;
  orderId: string;
  amount: number | null;
  items: string[];
  channel: 'web' | 'integration';
}

/** One notification on an advisor's console; `delivered_at` once mailed and pushed, `read_at` once they opened it. */
@Entity('advisor_notification')
export class AdvisorNotification extends TimestampedEntity {
  @Column('uuid', { name: 'advisor_id' })
  advisorId: string;

  @Column('text')
  kind: NotificationKind;

  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId: string | null;

  @Column('text', { name: 'order_id', nullable: true })
  orderId: string | null;

  @Column('jsonb', { default: {} })
  data: ClientPurchaseData;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;
}
