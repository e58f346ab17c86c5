import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../../database/timestamped.entity';

export type OfferOutcome = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** A conversation offered to one advisor; declined and expired offers keep routing from offering it to them again. */
@Entity('conversation_offer')
export class ConversationOffer extends TimestampedEntity {
  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  @Column('uuid', { name: 'advisor_id' })
  advisorId: string;

  @Column('text')
  outcome: OfferOutcome;

  /** A transfer's note for the next advisor. */
  @Column('text', { nullable: true })
  note: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;
}
