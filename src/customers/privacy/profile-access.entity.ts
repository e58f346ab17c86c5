import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../../database/timestamped.entity';

/** Who looked at or changed which profile, through which route. */
@Entity('profile_access')
export class ProfileAccess extends TimestampedEntity {
  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('text', { name: 'actor_type' })
  actorType: string;

  @Column('uuid', { name: 'actor_id' })
  actorId: string;

  @Column('text', { name: 'actor_label' })
  actorLabel: string;

  @Column('text')
  action: string;

  @Column('text')
  route: string;
}
