import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { Identity } from './identity/identity-normalizer';

export const CONSENT_KINDS = ['marketingEmail', 'tracking'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export type ConsentState = { granted: boolean; at: string; source: string };
export type Consents = Partial<Record<ConsentKind, ConsentState>>;

/** Custom attributes are typed scalars so they can be filtered and exported faithfully. */
export type AttributeValue = string | number | boolean | null;

// numeric(14,2) arrives as a string from pg; money stays exact in the database and becomes a number at the edge.
const numericToNumber = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

@Entity('customer')
export class Customer extends TimestampedEntity {
  @Column('text', { nullable: true })
  name: string | null;

  /** Primary e-mail and phone, for display; identities are what lookups use. */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  locale: string | null;

  @Column('jsonb', { default: {} })
  consents: Consents;

  @Column('jsonb', { default: {} })
  attributes: Record<string, AttributeValue>;

  @Column('text', { array: true, default: '{}' })
  tags: string[];

  @Column('uuid', { name: 'preferred_store_id', nullable: true })
  preferredStoreId: string | null;

  @Column('uuid', { name: 'owner_advisor_id', nullable: true })
  ownerAdvisorId: string | null;

  @Column('numeric', { name: 'lifetime_value', precision: 14, scale: 2, default: 0, transformer: numericToNumber })
  lifetimeValue: number;

  @Column('integer', { name: 'order_count', default: 0 })
  orderCount: number;

  /** A copy of the profile's identities, oldest first, kept by database triggers: read it, never write it. */
  @Column({ type: 'jsonb', insert: false, update: false })
  readonly identities: Identity[];

  @Column('text', { name: 'search_text', default: '', select: false })
  searchText: string;

  @Column('uuid', { name: 'merged_into_id', nullable: true })
  mergedIntoId: string | null;

  @Column('timestamptz', { name: 'erased_at', nullable: true })
  erasedAt: Date | null;
}

export { numericToNumber };
