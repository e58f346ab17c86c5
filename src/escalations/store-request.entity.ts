import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { QueueItemStatus } from './call-request.entity';

/** "Have the store contact me": waits in the store's queue until one of its advisors takes it. */
@Entity('store_request')
export class StoreRequest extends TimestampedEntity {
  @Column('uuid', { name: 'store_id' })
  storeId: string;

  @Column('uuid', { name: 'site_id', nullable: true })
  siteId: string | null;

  @Column('uuid', { name: 'visit_id', nullable: true })
  visitId: string | null;

  @Column('text', { name: 'visitor_id', nullable: true })
  visitorId: string | null;

  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId: string | null;

  @Column('uuid', { name: 'conversation_id', nullable: true })
  conversationId: string | null;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text')
  status: QueueItemStatus;

  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('timestamptz', { name: 'taken_at', nullable: true })
  takenAt: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
