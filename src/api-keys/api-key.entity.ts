import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { ApiScope } from '../common/auth/principal';

@Entity('api_key')
export class ApiKey extends TimestampedEntity {
  @Column('text')
  name: string;

  /** The first characters of the key, kept in clear so people can tell keys apart. */
  @Column('text')
  prefix: string;

  @Column('text', { name: 'key_hash', select: false })
  keyHash: string;

  @Column('text', { array: true })
  scopes: ApiScope[];

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
