import { Column, Entity } from 'typeorm';
import { bigintAsNumber, TimestampedEntity } from '../database/timestamped.entity';
import type { AgentAction } from '../virtual-agent/dto/agent.dto';

/** `system`: what happened in the conversation (an advisor joined, a transfer), shown to both sides. */
export type MessageAuthor = 'visitor' | 'bot' | 'advisor' | 'system';

/** One message of a conversation; bot messages keep what the agent understood. */
@Entity('conversation_message')
export class ConversationMessage extends TimestampedEntity {
  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  /** Order within the conversation, and the cursor a reconnecting client resumes from. */
  @Column({ type: 'bigint', insert: false, update: false, transformer: bigintAsNumber })
  seq: number;

  /** The advisor who wrote an `advisor` message. */
  @Column('uuid', { name: 'advisor_id', nullable: true })
  advisorId: string | null;

  @Column('text')
  author: MessageAuthor;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  intent: string | null;

  @Column('real', { nullable: true })
  confidence: number | null;

  /** For bot messages: answer, clarify, escalate or fallback (see AgentAction). */
  @Column('text', { nullable: true })
  action: AgentAction | null;

  /** The id the chat client gave the message: a retry with the same id is not stored twice. */
  @Column('text', { name: 'client_message_id', nullable: true })
  clientMessageId: string | null;

  @Column('jsonb', { name: 'quick_replies', nullable: true })
  quickReplies: { intent: string; label: string }[] | null;
}
