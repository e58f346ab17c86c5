import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { FallbackReason } from './classifier/intent-classifier';
import type { Locale } from './nlp/text-normalizer';

/** A visitor question the agent fell back on or had to clarify: the material to grow the knowledge base. */
@Entity('unanswered_question')
export class UnansweredQuestion extends TimestampedEntity {
  @Column('text')
  text: string;

  @Column('text')
  locale: Locale;

  @Column('text')
  action: 'fallback' | 'clarify';

  /** The intent the classifier leaned to, even below its threshold. */
  @Column('text', { name: 'best_guess', nullable: true })
  bestGuess: string | null;

  @Column('real')
  confidence: number;

  /** With `fallback`: why the agent did not answer. */
  @Column('text', { name: 'fallback_reason', nullable: true })
  fallbackReason: FallbackReason | null;

  /** With `clarify`: the topic the visitor then chose among the two offered. */
  @Column('text', { name: 'chosen_intent', nullable: true })
  chosenIntent: string | null;

  @Column('uuid', { name: 'conversation_id', nullable: true })
  conversationId: string | null;
}
