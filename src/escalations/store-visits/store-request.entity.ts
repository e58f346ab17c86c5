import { Column, Entity } from 'typeorm';
import { VisitorRequestEntity } from '../visitor-request.entity';
import type { QueueItemStatus } from '../call-requests/call-request.entity';

/** "Have the store contact me": waits in the store's queue until one of its advisors takes it. */
@Entity('store_request')
export class StoreRequest extends VisitorRequestEntity {
  @Column('uuid', { name: 'store_id' })
  storeId: string;

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
