import { EntityManager } from 'typeorm';
import type { Conversation } from './conversation.entity';
import { ConversationMessage } from './conversation-message.entity';

type NewMessage = Pick<ConversationMessage, 'conversationId' | 'author' | 'text'> &
  Partial<Pick<ConversationMessage, 'intent' | 'confidence' | 'action' | 'quickReplies' | 'advisorId' | 'clientMessageId'>>;

/**
 * Inserts a message and returns it with its database-assigned `seq`. Callers hold the conversation's row lock,
 * so `seq` follows commit order within a conversation and is a safe resume cursor.
 */
export async function appendMessage(m: EntityManager, values: NewMessage): Promise<ConversationMessage> {
  const result = await m.createQueryBuilder().insert().into(ConversationMessage).values(values).returning(['id', 'seq', 'created_at', 'updated_at']).execute();
  const [row] = result.raw as InsertedRow[];
  return toMessage(m, values, row);
}

interface InsertedRow {
  id: string;
  seq: string;
  created_at: Date;
  updated_at: Date;
}

function toMessage(m: EntityManager, values: NewMessage, row: InsertedRow): ConversationMessage {
  return m.create(ConversationMessage, {
    intent: null,
    confidence: null,
    action: null,
    quickReplies: null,
    advisorId: null,
    ...values,
    clientMessageId: values.clientMessageId ?? null,
    id: row.id,
    seq: Number(row.seq),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

type Writer = Pick<ConversationMessage, 'author' | 'text'> & { advisorId?: string | null; clientMessageId?: string | null };
/**
 * The fast path of live chat: one statement that locks the conversation row only if it matches `condition`
 * (SQL over the `conversation` table, parameters from $5) and appends the message. Null when it does not match,
 * and the caller takes its slower path, which explains why.
 */
export async function appendIfConversation(
  m: EntityManager,
  conversationId: string,
  condition: string,
  params: unknown[],
  writer: Writer,
): Promise<{ message: ConversationMessage; state: Conversation['state'] } | null> {
  const [row] = (await m.query(
    `WITH c AS (SELECT id, state FROM conversation WHERE id = $1 AND ${condition} FOR UPDATE),
          added AS (INSERT INTO conversation_message (conversation_id, author, text, advisor_id, client_message_id)
                    SELECT id, $2, $3, $4, $${5 + params.length} FROM c RETURNING id, seq, created_at, updated_at)
     SELECT added.*, c.state FROM added, c`,
    [conversationId, writer.author, writer.text, writer.advisorId ?? null, ...params, writer.clientMessageId ?? null],
  )) as (InsertedRow & { state: Conversation['state'] })[];
  return row ? { message: toMessage(m, { conversationId, ...writer }, row), state: row.state } : null;
}
