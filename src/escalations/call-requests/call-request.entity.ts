import { Column, Entity } from 'typeorm';
import { VisitorRequestEntity } from '../visitor-request.entity';
import type { CallOutcome } from '../callbacks/callback.entity';

export const QUEUE_ITEM_STATUSES = ['waiting', 'taken', 'closed'] as const;
export type QueueItemStatus = (typeof QUEUE_ITEM_STATUSES)[number];

/** Click-to-call: a visitor waiting for a phone advisor to call now. */
@Entity('call_request')
export class CallRequest extends VisitorRequestEntity {
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text')
  status: QueueItemStatus;

  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('timestamptz', { name: 'taken_at', nullable: true })
  takenAt: Date | null;

  @Column('text', { nullable: true })
  outcome: CallOutcome | null;

  @Column('text', { name: 'outcome_note', nullable: true })
  outcomeNote: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
