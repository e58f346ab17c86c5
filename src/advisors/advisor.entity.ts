import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { AdvisorRole } from '../common/auth/principal';

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const ADVISOR_CHANNELS = ['chat', 'phone', 'store'] as const;
export type AdvisorChannel = (typeof ADVISOR_CHANNELS)[number];

@Entity('advisor')
export class Advisor extends TimestampedEntity {
  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Column('text', { array: true })
  roles: AdvisorRole[];

  @Column('text', { array: true, default: '{}' })
  skills: string[];

  @Column('text', { array: true, default: '{fr}' })
  languages: string[];

  @Column('text', { array: true, default: '{chat}' })
  channels: AdvisorChannel[];

  @Column('uuid', { name: 'store_id', nullable: true })
  storeId: string | null;

  @Column('integer', { name: 'max_concurrent_chats', default: 3 })
  maxConcurrentChats: number;

  @Column('text', { default: 'offline' })
  presence: PresenceStatus;

  @Column('timestamptz', { name: 'presence_changed_at', nullable: true })
  presenceChangedAt: Date | null;

  /** Last heartbeat: an open console socket, or setting the presence. Unseen for the grace period means offline. */
  @Column('timestamptz', { name: 'presence_seen_at', nullable: true })
  presenceSeenAt: Date | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;
}
