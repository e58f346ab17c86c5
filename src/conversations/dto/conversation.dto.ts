import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { AgentAction, EscalationDto, LOCALE_PATTERN, QuickReplyDto, toLocale } from '../../virtual-agent/dto/agent.dto';
import type { Locale } from '../../virtual-agent/nlp/text-normalizer';
import { CONVERSATION_STATES, ConversationState } from '../conversation.entity';
import type { MessageAuthor } from '../conversation-message.entity';
import { Omittable } from '../../common/omittable';

export class StartConversationDto {
  /** The visit the chat starts from; defaults to the visit token's, and must be it when given. */
  @IsUUID()
  @Omittable()
  visitId?: string;

  /** The page's language (default fr); each message is answered in its own language. */
  @Transform(toLocale)
  @Matches(LOCALE_PATTERN, { message: 'locale must be fr or en (a tag such as fr-FR is accepted)' })
  @Omittable()
  locale?: Locale;
}

export class PostMessageDto {
  /** 1 to 5,000 characters of text. */
  @IsString()
  text: string;
}

export class FeedbackDto {
  /** Whether the bot's answer helped. */
  @IsBoolean()
  helpful: boolean;
}

export class ConversationListQueryDto extends PageQueryDto {
  @IsIn(CONVERSATION_STATES)
  @Omittable()
  state?: ConversationState;
}

export class MessageDto {
  id: string;
  /** Order in the conversation; resume from it after a reconnection (`?after=`). */
  seq: number;
  author: MessageAuthor;
  text: string;
  /** Bot messages: the intent answered (null for a fallback or a hand-over not understood). */
  intent: string | null;
  confidence: number | null;
  /** Bot messages: `answer`, `clarify` (with quick replies), `escalate` or `fallback` (not answered). */
  action: AgentAction | null;
  quickReplies: QuickReplyDto[] | null;
  /** For `advisor` messages: who wrote it. */
  advisorId: string | null;
  /** The id the client sent the message with (`chat:message`'s `clientMessageId`), so it can match its own echo. */
  clientMessageId: string | null;
  createdAt: Date;
}

export class ConversationEscalationDto extends EscalationDto {
  at: Date;
}

export class StartedConversationDto {
  id: string;
  state: ConversationState;
}

export class ConversationDto {
  id: string;
  state: ConversationState;
  locale: Locale;
  visitId: string | null;
  customerId: string | null;
  /** Set once the agent handed over: where to and why. */
  escalation: ConversationEscalationDto | null;
  /** The advisor who has (or had) the conversation. */
  advisorId: string | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  closedBy: 'visitor' | 'advisor' | null;
  /** Read receipts: the last `seq` each side has seen. */
  visitorReadSeq: number;
  advisorReadSeq: number;
  rating: number | null;
  ratingComment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export class ConversationWithMessagesDto extends ConversationDto {
  /** Oldest first. */
  messages: MessageDto[];
}

export class TurnDto {
  /** The conversation's state after this message. */
  state: ConversationState;
  /** The visitor's message as stored (a retry with the same `clientMessageId` gets the same one). */
  message?: MessageDto;
  /** What the bot says back; empty once the conversation waits for or is with a person. */
  replies: MessageDto[];
  /** Present when this message made the agent hand over. */
  escalation?: EscalationDto;
  /** With an escalation to a person: queued (position, estimated wait) or, when nobody can take the chat, the alternatives. */
  handover?: HandoverDto;
}

export class QueueStatusDto {
  /** 1 = next to be served. */
  position: number;
  /** Null while no chat advisor is online. */
  estimatedWaitSeconds: number | null;
}

export const HANDOVER_ALTERNATIVES = ['callback', 'call', 'store', 'message'] as const;
export type HandoverAlternative = (typeof HANDOVER_ALTERNATIVES)[number];

export class HandoverDto {
  /** `queued`: an advisor will answer; `unavailable`: nobody can now, pick an alternative; `other_route`: the escalation is not a chat (callback, call, store). */
  status: 'queued' | 'unavailable' | 'other_route';
  /** Why nobody can take the chat: `closed_hours`, `no_advisor_online` or `wait_too_long`. */
  reason?: 'closed_hours' | 'no_advisor_online' | 'wait_too_long';
  queue?: QueueStatusDto;
  /** Open routes the widget can offer instead (`message`: leave a message, answered later). */
  alternatives?: HandoverAlternative[];
  /** The first free callback slot, when `callback` is offered. */
  nextCallbackSlot?: string | null;
  /** When the chat team opens again, after closed hours. */
  chatOpensAt?: string | null;
}

export class FeedbackResponseDto {
  messageId: string;
  helpful: boolean;
}
