import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

export type MessageAuthor = 'visitor' | 'bot' | 'advisor';

/** One message of a conversation; bot messages keep what the agent understood. */
@Entity('conversation_message')
export class ConversationMessage extends TimestampedEntity {
  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  @Column('text')
  author: MessageAuthor;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  intent: string | null;

  @Column('real', { nullable: true })
  confidence: number | null;

  /** For bot messages: answer, clarify or escalate. */
  @Column('text', { nullable: true })
  action: 'answer' | 'clarify' | 'escalate' | null;

  @Column('jsonb', { name: 'quick_replies', nullable: true })
  quickReplies: { intent: string; label: string }[] | null;
}
