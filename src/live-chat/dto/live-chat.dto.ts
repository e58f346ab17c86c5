import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ConversationDto, MessageDto, QueueStatusDto } from '../../conversations/dto/conversation.dto';
import { CustomerResponseDto } from '../../customers/dto/customer.dto';
import { InteractionResponseDto } from '../../customers/dto/interaction.dto';
import { VisitResponseDto } from '../../tracking/dto/visit-view.dto';
import { Omittable } from '../../common/omittable';
import { CLIENT_MESSAGE_ID } from '../../conversations/client-message-id';

export class ChatTextDto {
  /** 1 to 5,000 characters of plain text. */
  @IsString()
  text: string;
}

export class MessagesAfterQueryDto {
  /** Messages with a `seq` greater than this (the last one the client has); 0 or absent for all. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Omittable()
  after?: number;
}

export class MessageListDto {
  items: MessageDto[];
}

export class ReadReceiptDto {
  @IsUUID()
  conversationId: string;

  /** The `seq` of the last message seen. */
  @IsInt()
  @Min(1)
  seq: number;
}

export class ConversationRefDto {
  @IsUUID()
  conversationId: string;
}

export class JoinConversationDto extends ConversationRefDto {
  /** Resume after this `seq`: the acknowledgement carries what was missed. */
  @IsInt()
  @Min(0)
  @Omittable()
  afterSeq?: number;
}

export class SocketChatMessageDto extends ChatTextDto {
  @IsUUID()
  conversationId: string;

  /** A random id the client picks per message and keeps across retries: a retried message is stored once. */
  @IsString()
  @Matches(CLIENT_MESSAGE_ID, { message: 'clientMessageId must be 1 to 100 letters, digits, dashes or underscores' })
  @Omittable()
  clientMessageId?: string;
}

export class ResumeDto {
  state: string;
  /** Messages after the `afterSeq` given, oldest first. */
  messages: MessageDto[];
  /** While waiting for an advisor. */
  queue: QueueStatusDto | null;
}

export class TypingDto {
  @IsUUID()
  conversationId: string;

  @IsBoolean()
  typing: boolean;
}

export class RatingDto {
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @IsString()
  @MaxLength(2000)
  @Omittable()
  comment?: string;
}

export class LeaveMessageDto extends ChatTextDto {
  /** How to answer: an e-mail or a phone number (at least one). */
  @ValidateIf((o: LeaveMessageDto) => o.phone === undefined)
  @IsEmail({}, { message: 'email must be an e-mail address (or give a phone)' })
  email?: string;

  @ValidateIf((o: LeaveMessageDto) => o.email === undefined)
  @Matches(/^\+?[0-9 .()-]{6,20}$/, { message: 'phone must be a phone number (or give an email)' })
  phone?: string;
}

export class TransferDto {
  /** Hand the chat to this advisor directly; without it, routing picks one (with `skill` when given). */
  @IsUUID()
  @Omittable()
  advisorId?: string;

  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  @Omittable()
  skill?: string;

  /** What the next advisor should know; shown in the handoff packet. */
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note: string;
}

export class AssignDto {
  @IsUUID()
  advisorId: string;
}

export class HandoffDto {
  conversation: ConversationDto;
  /** Everything said so far, oldest first, bot included. */
  transcript: MessageDto[];
  /** The last intent the agent understood before handing over. */
  lastIntent: string | null;
  /** The visitor's language: the advisor answers in it. */
  language: string;
  /** Why the agent handed over (`explicit_request`, `repeated_fallback`, `negative_sentiment`, `intent_needs_human`, ...). */
  escalationReason: string | null;
  /** The note of the advisor who transferred the chat, if any. */
  transferNote: string | null;
  /** The unified profile when the visitor is identified (this read is audited). */
  customer: CustomerResponseDto | null;
  /** The profile's latest interactions, newest first. */
  timeline: InteractionResponseDto[];
  /** Pages, products and cart of the visit the chat started from. */
  visit: VisitResponseDto | null;
}

export class QueueEntryDto {
  conversationId: string;
  position: number;
  locale: string;
  skill: string | null;
  escalatedAt: Date;
  waitedSeconds: number;
  estimatedWaitSeconds: number | null;
  offeredToId: string | null;
}

export class AdvisorLoadDto {
  id: string;
  name: string;
  presence: string;
  activeChats: number;
  capacity: number;
}

export class ChatQueueDto {
  waiting: QueueEntryDto[];
  advisors: AdvisorLoadDto[];
}

export class FollowUpQueryDto extends PageQueryDto {
  @IsIn(['open', 'done'])
  @Omittable()
  status?: 'open' | 'done';
}

export class FollowUpDto {
  id: string;
  kind: string;
  text: string;
  email: string | null;
  phone: string | null;
  status: 'open' | 'done';
  conversationId: string | null;
  customerId: string | null;
  doneById: string | null;
  doneAt: Date | null;
  createdAt: Date;
}
