import { Column, Entity } from 'typeorm';
import { VisitorRequestEntity } from '../visitor-request.entity';

/** `booked`: waiting for its slot (or its retry); `assigned`: given to a phone advisor; `closed`: final outcome recorded. */
export const CALLBACK_STATUSES = ['booked', 'assigned', 'closed'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const CALL_OUTCOMES = ['reached', 'no_answer', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface OutcomeLogEntry {
  attempt: number;
  outcome: CallOutcome;
  note: string | null;
  advisorId: string;
  at: string;
}

@Entity('callback')
export class Callback extends VisitorRequestEntity {
  /** E.164; null once erased. */
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('timestamptz', { name: 'slot_start' })
  slotStart: Date;

  @Column('timestamptz', { name: 'slot_end' })
  slotEnd: Date;

  /** The visitor was promised a call by then. */
  @Column('timestamptz', { name: 'promised_by' })
  promisedBy: Date;

  @Column('text')
  status: CallbackStatus;

  /** When the next attempt should reach an advisor: the slot start, then the retry time. */
  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('integer')
  attempts: number;

  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('timestamptz', { name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  /** The last outcome recorded. */
  @Column('text', { nullable: true })
  outcome: CallOutcome | null;

  @Column('jsonb', { name: 'outcome_log' })
  outcomeLog: OutcomeLogEntry[];

  @Column('timestamptz', { name: 'first_outcome_at', nullable: true })
  firstOutcomeAt: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /** Set by the sweep when the promise passed with no outcome. */
  @Column('timestamptz', { name: 'late_at', nullable: true })
  lateAt: Date | null;
}
