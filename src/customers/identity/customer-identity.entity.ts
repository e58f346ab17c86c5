import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../../database/timestamped.entity';
import type { IdentityKind } from './identity-normalizer';

/** One way of recognising a customer; `(kind, value)` belongs to exactly one profile. */
@Entity('customer_identity')
export class CustomerIdentity extends TimestampedEntity {
  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('text')
  kind: IdentityKind;

  @Column('text')
  value: string;
}
