import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import { numericToNumber } from './customer.entity';

export const INTERACTION_CHANNELS = ['web', 'mobile', 'store', 'phone', 'email', 'chat'] as const;
export type InteractionChannel = (typeof INTERACTION_CHANNELS)[number];

/** Interaction types that move lifetime value and order count. */
export const PURCHASE_TYPE = 'purchase';
export const REFUND_TYPE = 'refund';

@Entity('interaction')
export class Interaction extends TimestampedEntity {
  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('text')
  channel: InteractionChannel;

  @Column('text')
  type: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('numeric', { precision: 14, scale: 2, nullable: true, transformer: numericToNumber })
  amount: number | null;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;
}
