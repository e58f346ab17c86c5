import { Column, Entity } from 'typeorm';
import { VisitorRequestEntity } from '../visitor-request.entity';
import type { StoreRequestStatus } from './store-request-states';

/** "Have the store contact me": `new` in the store's queue, then taken, contacted and done by one of its advisors (see `store-request-states`). */
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
  status: StoreRequestStatus;

  /** The advisor the visitor chose, one of the store's. */
  @Column('uuid', { name: 'requested_advisor_id', nullable: true })
  requestedAdvisorId: string | null;

  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('timestamptz', { name: 'taken_at', nullable: true })
  takenAt: Date | null;

  @Column('timestamptz', { name: 'contacted_at', nullable: true })
  contactedAt: Date | null;

  /** When it was done or cancelled. */
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
