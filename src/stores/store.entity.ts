import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** Weekly hours keyed by ISO weekday (1 = Monday), each a list of `["09:30", "19:30"]` ranges in the store's time zone. */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

@Entity('store')
export class Store extends TimestampedEntity {
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  address: string;

  @Column('text')
  postcode: string;

  @Column('text')
  city: string;

  @Column('text', { default: 'FR' })
  country: string;

  @Column('double precision')
  latitude: number;

  @Column('double precision')
  longitude: number;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { name: 'time_zone', default: 'Europe/Paris' })
  timeZone: string;

  @Column('jsonb', { name: 'opening_hours', default: {} })
  openingHours: WeeklyHours;

  /** Exceptional closures: ISO dates (`2026-12-25`) in the store's time zone. */
  @Column('jsonb', { default: [] })
  closures: string[];

  @Column('text', { array: true, default: '{}' })
  services: string[];
}
