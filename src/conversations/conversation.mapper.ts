import { Conversation } from './conversation.entity';
import { ConversationMessage } from './conversation-message.entity';
import { ConversationDto, ConversationWithMessagesDto, MessageDto } from './dto/conversation.dto';

export const toMessageResponse = (m: ConversationMessage): MessageDto => ({
  id: m.id,
  seq: m.seq,
  author: m.author,
  text: m.text,
  intent: m.intent,
  confidence: m.confidence,
  action: m.action,
  quickReplies: m.quickReplies,
  advisorId: m.advisorId,
  clientMessageId: m.clientMessageId,
  createdAt: m.createdAt,
});

export const toConversationResponse = (c: Conversation): ConversationDto => ({
  id: c.id,
  state: c.state,
  locale: c.locale,
  visitId: c.visitId,
  customerId: c.customerId,
  escalation:
    c.escalationRoute && c.escalationReason && c.escalatedAt
      ? { route: c.escalationRoute, reason: c.escalationReason, ...(c.escalationSkill ? { skill: c.escalationSkill } : {}), at: c.escalatedAt }
      : null,
  advisorId: c.advisorId,
  assignedAt: c.assignedAt,
  closedAt: c.closedAt,
  closedBy: c.closedBy,
  visitorReadSeq: c.visitorReadSeq,
  advisorReadSeq: c.advisorReadSeq,
  rating: c.rating,
  ratingComment: c.ratingComment,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const toConversationWithMessages = (c: Conversation, messages: ConversationMessage[]): ConversationWithMessagesDto => ({
  ...toConversationResponse(c),
  messages: messages.map(toMessageResponse),
});
