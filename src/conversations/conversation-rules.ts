import { notFound, unprocessable } from '../common/domain-error';
import type { Conversation } from './conversation.entity';

// The same answer for "no such conversation" and "someone else's": existence is not leaked.
export const conversationNotFound = (id: string) => notFound('CONVERSATION_NOT_FOUND', `No conversation with id ${id}`);

export function assertOpen(conversation: Conversation): void {
  if (conversation.state === 'closed') throw unprocessable('CONVERSATION_CLOSED', 'This conversation is closed; start a new one');
}
