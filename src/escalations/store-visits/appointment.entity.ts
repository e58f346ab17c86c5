import { Column, Entity } from 'typeorm';
import { VisitorRequestEntity } from '../visitor-request.entity';

export const APPOINTMENT_STATUSES = ['booked', 'attended', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

@Entity('appointment')
export class Appointment extends VisitorRequestEntity {
  @Column('uuid', { name: 'store_id' })
  storeId: string;

  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('text', { nullable: true })
  skill: string | null;

  @Column('timestamptz', { name: 'slot_start' })
  slotStart: Date;

  @Column('timestamptz', { name: 'slot_end' })
  slotEnd: Date;

  @Column('text')
  status: AppointmentStatus;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { name: 'outcome_note', nullable: true })
  outcomeNote: string | null;

  /** The day-before reminder; null when the appointment was booked too late for one. */
  @Column('timestamptz', { name: 'reminder_due_at', nullable: true })
  reminderDueAt: Date | null;

  @Column('timestamptz', { name: 'reminder_sent_at', nullable: true })
  reminderSentAt: Date | null;
}
