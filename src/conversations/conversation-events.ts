import type { Conversation } from './conversation.entity';
import type { ConversationMessage } from './conversation-message.entity';
import type { HandoverDto } from './dto/conversation.dto';

// Payloads of the events a conversation emits in-process (names in common/domain-events.ts), so live chat can follow
// bot conversations without the conversations module depending on it.

/** Payload of DOMAIN_EVENTS.conversationMessagesAdded. */
export type ConversationMessagesAdded = { conversationId: string; messages: ConversationMessage[] };

/** Payload of DOMAIN_EVENTS.conversationEscalated, and the listener's answer. */
export type ConversationEscalated = { conversation: Conversation };
export type ConversationEscalatedAnswer = HandoverDto | undefined;
