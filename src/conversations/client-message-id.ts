import { EntityManager, QueryFailedError } from 'typeorm';
import { conflict } from '../common/domain-error';
import { ConversationMessage } from './conversation-message.entity';

/** What a client message id may be: a UUID or any short token, nothing to escape. */
export const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{1,100}$/;

const UNIQUE_INDEX = 'conversation_message_client_id_idx';

/** The id is already on someone else's message of the conversation: never answered with theirs. */
export const clientMessageIdTaken = () => conflict('CLIENT_MESSAGE_ID_TAKEN', 'Another message of this conversation has this clientMessageId; pick a new random id per message');

/** The message already stored under this client id, if any. */
export function storedByClientId(m: EntityManager, conversationId: string, clientMessageId: string | undefined): Promise<ConversationMessage | null> {
  if (!clientMessageId) return Promise.resolve(null);
  return m.findOne(ConversationMessage, { where: { conversationId, clientMessageId } });
}

/**
 * Runs `write`; when a concurrent retry stored the same client id first (the unique index refuses the second),
 * answers with what `replay` reads instead of failing.
 */
export async function onceByClientId<T>(write: () => Promise<T>, replay: () => Promise<T | null>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
    if (driverError?.code !== '23505' || (driverError.constraint && driverError.constraint !== UNIQUE_INDEX)) throw error;
    const replayed = await replay();
    if (replayed === null) throw error;
    return replayed;
  }
}
