import { Column, Entity } from 'typeorm';
import { bigintAsNumber, TimestampedEntity } from '../database/timestamped.entity';

/** A site's abandoned-cart policy; a site without a row follows `DEFAULT_FOLLOW_UP_POLICY`. */
@Entity('follow_up_policy')
export class FollowUpPolicy extends TimestampedEntity {
  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('integer', { name: 'inactivity_minutes' })
  inactivityMinutes: number;

  @Column('integer', { name: 'delay_hours' })
  delayHours: number;

  @Column('integer', { name: 'max_days' })
  maxDays: number;

  @Column('numeric', { name: 'manual_above_amount', precision: 14, scale: 2, transformer: bigintAsNumber })
  manualAboveAmount: number;

  @Column('text', { name: 'incentive_code', nullable: true })
  incentiveCode: string | null;
}
