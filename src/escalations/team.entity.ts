import { Column, Entity } from 'typeorm';
import type { WeeklyHours } from '../business-hours/business-hours';
import { TimestampedEntity } from '../database/timestamped.entity';

export const TEAM_KEYS = ['phone', 'chat'] as const;
export type TeamKey = (typeof TEAM_KEYS)[number];

/**
 * A remote team (phone, chat) with its business hours; stores carry their own hours.
 * Two rows seeded by the migration, edited with `PATCH /api/v1/teams/{key}`: a table rather than
 * environment variables because hours change with seasons and closures, and every instance must agree.
 * Callback capacity is planned staffing (`slotCapacity`), not whoever happens to be online when the visitor books.
 */
@Entity('team')
export class Team extends TimestampedEntity {
  @Column('text')
  key: TeamKey;

  @Column('text')
  name: string;

  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Column('jsonb')
  hours: WeeklyHours;

  @Column('jsonb')
  closures: string[];

  /** Length of a callback slot. */
  @Column('integer', { name: 'slot_minutes' })
  slotMinutes: number;

  /** Callbacks one slot can take: the number of advisors planned on the phones. */
  @Column('integer', { name: 'slot_capacity' })
  slotCapacity: number;

  /** A callback is kept when its first outcome is recorded within this many minutes of the slot start. */
  @Column('integer', { name: 'promise_minutes' })
  promiseMinutes: number;
}
