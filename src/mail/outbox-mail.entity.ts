import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** `stored`: kept in the outbox because no SMTP_URL is set; `queued`: waiting for the SMTP job; `sent`; `failed` after the last attempt. */
export const MAIL_STATUSES = ['stored', 'queued', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

@Entity('outbox_mail')
export class OutboxMail extends TimestampedEntity {
  /** What the mail is about, e.g. `callback_confirmation:<id>`: the same key is never mailed twice. */
  @Column('text', { name: 'dedupe_key' })
  dedupeKey: string;

  @Column('text')
  kind: string;

  @Column('text', { name: 'to_address' })
  to: string;

  @Column('text')
  subject: string;

  @Column('text', { name: 'body_text' })
  text: string;

  @Column('text')
  status: MailStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
