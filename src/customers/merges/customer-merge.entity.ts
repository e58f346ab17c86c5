import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../../database/timestamped.entity';

/** The target's own fields before a merge filled them from the source, restored by undo. */
export interface ProfileFields {
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  preferredStoreId: string | null;
  ownerAdvisorId: string | null;
}

@Entity('customer_merge')
export class CustomerMerge extends TimestampedEntity {
  @Column('uuid', { name: 'target_id' })
  targetId: string;

  @Column('uuid', { name: 'source_id' })
  sourceId: string;

  /** Ids of the rows moved from source to target, per kind of data, so undo moves exactly those back. */
  @Column('jsonb')
  moved: Record<string, string[]>;

  @Column('jsonb', { name: 'target_before' })
  targetBefore: ProfileFields;

  @Column('text', { name: 'performed_by' })
  performedBy: string;

  @Column('timestamptz', { name: 'undone_at', nullable: true })
  undoneAt: Date | null;

  @Column('text', { name: 'undone_by', nullable: true })
  undoneBy: string | null;
}
