import { EntityManager } from 'typeorm';
import { ConversationMessage } from './conversation-message.entity';

type NewMessage = Pick<ConversationMessage, 'conversationId' | 'author' | 'text'> & Partial<Pick<ConversationMessage, 'intent' | 'confidence' | 'action' | 'quickReplies' | 'advisorId'>>;

/**
 * Inserts a message and returns it with its database-assigned `seq`. Callers hold the conversation's row lock,
 * so `seq` follows commit order within a conversation and is a safe resume cursor.
 */
export async function appendMessage(m: EntityManager, values: NewMessage): Promise<ConversationMessage> {
  const result = await m.createQueryBuilder().insert().into(ConversationMessage).values(values).returning(['id', 'seq', 'created_at', 'updated_at']).execute();
  const [row] = result.raw as { id: string; seq: string; created_at: Date; updated_at: Date }[];
  return m.create(ConversationMessage, {
    intent: null,
    confidence: null,
    action: null,
    quickReplies: null,
    advisorId: null,
    ...values,
    id: row.id,
    seq: Number(row.seq),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
