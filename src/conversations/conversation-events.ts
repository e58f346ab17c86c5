import type { Conversation } from './conversation.entity';
import type { ConversationMessage } from './conversation-message.entity';
import type { HandoverDto } from './dto/conversation.dto';

// Payloads of the events a conversation emits in-process (names in common/domain-events.ts), so live chat can follow
// bot conversations without the conversations module depending on it.

/** Payload of DOMAIN_EVENTS.conversationMessagesAdded. */
export type ConversationMessagesAdded = { conversationId: string; messages: ConversationMessage[] };

/**
 * Payload of DOMAIN_EVENTS.conversationEscalated. Before anyone sees the bot's hand-over `reply`, the listener may
 * reword it and give the conversation back to the bot when no person can come (both objects are updated in place).
 */
export type ConversationEscalated = { conversation: Conversation; reply: ConversationMessage };
export type ConversationEscalatedAnswer = HandoverDto | undefined;
