import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** `waiting` for the product; `sending` once a restock claimed it (mail being written); `sent`. */
export type StockAlertStatus = 'waiting' | 'sending' | 'sent';

@Entity('stock_alert')
export class StockAlert extends TimestampedEntity {
  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('text')
  sku: string;

  /** Typed by a visitor: used only for this alert, never linked to a profile. */
  @Column('text')
  email: string;

  @Column('text', { nullable: true })
  locale: string | null;

  /** What the visitor agreed to, as shown to them, and when. */
  @Column('text', { name: 'consent_text' })
  consentText: string;

  @Column('timestamptz', { name: 'consented_at' })
  consentedAt: Date;

  @Column('text')
  status: StockAlertStatus;

  @Column('timestamptz', { name: 'claimed_at', nullable: true })
  claimedAt: Date | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
