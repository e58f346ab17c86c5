import type { Conversation, ConversationState } from './conversation.entity';
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

/** Data of the `conversation.escalated` webhook: why the bot handed over and what the visitor was told next. */
export interface ConversationEscalatedData {
  conversationId: string;
  siteId: string;
  visitId: string | null;
  customerId: string | null;
  /** `chat`, `callback`, `call` or `store`. */
  route: string | null;
  reason: string | null;
  skill: string | null;
  /** `waiting_human` when a person is coming, `bot` when nobody could (see `handover`). */
  state: ConversationState;
  /** `queued`, `unavailable` or `other_route`; null when live chat gave no answer. */
  handover: string | null;
}

export const conversationEscalatedData = (c: Conversation, handover: ConversationEscalatedAnswer): ConversationEscalatedData => ({
  conversationId: c.id,
  siteId: c.siteId,
  visitId: c.visitId,
  customerId: c.customerId,
  route: c.escalationRoute,
  reason: c.escalationReason,
  skill: c.escalationSkill,
  state: c.state,
  handover: handover?.status ?? null,
});

/** Data of the `conversation.closed` webhook. */
export interface ConversationClosedData {
  conversationId: string;
  siteId: string;
  visitId: string | null;
  customerId: string | null;
  closedBy: 'visitor' | 'advisor' | null;
  advisorId: string | null;
}

export const conversationClosedData = (c: Conversation): ConversationClosedData => ({
  conversationId: c.id,
  siteId: c.siteId,
  visitId: c.visitId,
  customerId: c.customerId,
  closedBy: c.closedBy,
  advisorId: c.advisorId,
});
