import { Column, Entity } from 'typeorm';
import type { DomainEvent } from '../common/domain-events';
import { TimestampedEntity } from '../database/timestamped.entity';

/** `pending`: an attempt is due at `nextAttemptAt`; `succeeded` (2xx); `failed` after the last attempt (redelivery makes it pending again). */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

@Entity('webhook_delivery')
export class WebhookDelivery extends TimestampedEntity {
  @Column('uuid', { name: 'subscription_id' })
  subscriptionId: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('text', { name: 'event_type' })
  eventType: string;

  /** The exact JSON body sent (and signed). */
  @Column('jsonb')
  payload: DomainEvent;

  @Column('text')
  status: DeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode: number | null;

  @Column('integer', { name: 'last_latency_ms', nullable: true })
  lastLatencyMs: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}

@Entity('webhook_delivery_attempt')
export class WebhookDeliveryAttempt extends TimestampedEntity {
  @Column('uuid', { name: 'delivery_id' })
  deliveryId: string;

  @Column('integer')
  attempt: number;

  /** Null when no HTTP answer came (refused address, connection error, timeout). */
  @Column('integer', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('integer', { name: 'latency_ms' })
  latencyMs: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt: Date;
}
