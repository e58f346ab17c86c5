import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** "Did this help?" on one bot answer; the intent is copied so answers can be rated per intent. */
@Entity('answer_feedback')
export class AnswerFeedback extends TimestampedEntity {
  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  @Column('text', { nullable: true })
  intent: string | null;

  @Column('boolean')
  helpful: boolean;
}
