import type { Conversation } from './conversation.entity';
import type { ConversationMessage } from './conversation-message.entity';
import type { HandoverDto } from './dto/conversation.dto';

// Events a conversation emits in-process (@nestjs/event-emitter), so live chat can follow bot conversations
// without the conversations module depending on it.

/** Messages stored (and committed) in a conversation, for realtime delivery. */
export const CONVERSATION_MESSAGES_ADDED = 'conversation.messages-added';
export type ConversationMessagesAdded = { conversationId: string; messages: ConversationMessage[] };

/** The agent handed the conversation over; the listener's answer tells the visitor what happens next. */
export const CONVERSATION_ESCALATED = 'conversation.escalated';
export type ConversationEscalated = { conversation: Conversation };
export type ConversationEscalatedAnswer = HandoverDto | undefined;
