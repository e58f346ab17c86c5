import { Column, Entity } from 'typeorm';
import type { DomainEventType } from '../common/domain-events';
import { TimestampedEntity } from '../database/timestamped.entity';

@Entity('webhook_subscription')
export class WebhookSubscription extends TimestampedEntity {
  @Column('text')
  url: string;

  @Column('text', { array: true })
  events: DomainEventType[];

  /** Signs each delivery; shown once, when the subscription is created. */
  @Column('text', { select: false })
  secret: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('boolean', { default: true })
  enabled: boolean;

  /** Deliveries that failed for good in a row; reset by a success. */
  @Column('integer', { name: 'consecutive_failures', default: 0 })
  consecutiveFailures: number;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  /** The API key that created it (its name), for the admin's e-mail when it is disabled. */
  @Column('text', { name: 'created_by' })
  createdBy: string;
}
