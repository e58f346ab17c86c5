import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../../database/timestamped.entity';
import type { ConsentKind } from '../customer.entity';

/** Every consent change, kept as proof of when and where it was given or withdrawn. */
@Entity('consent_event')
export class ConsentEvent extends TimestampedEntity {
  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('text')
  consent: ConsentKind;

  @Column('boolean')
  granted: boolean;

  @Column('text')
  source: string;
}
