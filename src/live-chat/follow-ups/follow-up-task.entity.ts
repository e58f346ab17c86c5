import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../../database/timestamped.entity';

/** Work left for advisors when nobody could answer live, e.g. a visitor's message to be answered by mail or phone. */
@Entity('follow_up_task')
export class FollowUpTask extends TimestampedEntity {
  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('uuid', { name: 'conversation_id', nullable: true })
  conversationId: string | null;

  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId: string | null;

  /** `left_message` for now. */
  @Column('text')
  kind: string;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text')
  status: 'open' | 'done';

  @Column('uuid', { name: 'done_by_id', nullable: true })
  doneById: string | null;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt: Date | null;
}
