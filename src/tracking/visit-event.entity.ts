import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** A raw tracking event as received, kept for analytics for the retention period. */
@Entity('visit_event')
export class VisitEvent extends TimestampedEntity {
  @Column('uuid', { name: 'visit_id' })
  visitId: string;

  @Column('text', { name: 'client_event_id', nullable: true })
  clientEventId: string | null;

  @Column('text')
  type: string;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;

  @Column('timestamptz', { name: 'client_at', nullable: true })
  clientAt: Date | null;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}
