import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdvisorResponseDto, PresenceDto } from '../advisors/dto/advisor.dto';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal, AdvisorRole, VisitorPrincipal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { MessageDto, QueueStatusDto } from '../conversations/dto/conversation.dto';
import { MessageTextPipe } from '../virtual-agent/message-text.pipe';
import { AdvisorChatService } from './advisor-chat.service';
import { ChatPresenceService } from './routing/chat-presence.service';
import {
  AssignDto,
  ChatQueueDto,
  ChatTextDto,
  FollowUpDto,
  FollowUpQueryDto,
  HandoffDto,
  LeaveMessageDto,
  MessageListDto,
  MessagesAfterQueryDto,
  RatingDto,
  ResumeDto,
  TransferDto,
} from './dto/live-chat.dto';
import { FollowUpsService } from './follow-ups/follow-ups.service';
import { QueueService } from './routing/queue.service';
import { VisitorChatService } from './visitor-chat.service';

const CHAT_ROLES: AdvisorRole[] = ['chat_advisor', 'supervisor', 'admin'];

/** Live chat for the visitor; messages are posted on `POST /widget/v1/conversations/{id}/messages` or the `/widget` socket. */
@ApiTags('Widget: live chat')
@Authenticated({ visitor: 'visit-token' })
@ApiNotFoundResponse({ description: 'No such conversation for this visitor (CONVERSATION_NOT_FOUND)' })
@Controller('widget/v1/conversations/:id')
export class LiveChatWidgetController {
  constructor(private readonly chat: VisitorChatService) {}

  /** Messages after a `seq` (what a reconnecting widget missed), with the state and queue position. */
  @Get('messages')
  @ApiOkResponse({ type: ResumeDto })
  resume(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Query() query: MessagesAfterQueryDto): Promise<ResumeDto> {
    return this.chat.resume(visitor, id, query.after);
  }

  /** Position and estimated wait while waiting for an advisor (null otherwise). */
  @Get('queue')
  @ApiOkResponse({ type: QueueStatusDto })
  queue(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<QueueStatusDto | null> {
    return this.chat.queueStatus(visitor, id);
  }

  /** The visitor ends the chat. */
  @Post('close')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ description: 'Already closed (CONVERSATION_CLOSED)' })
  close(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.chat.close(visitor, id);
  }

  /** Satisfaction (1-5) and an optional comment, once a chat with an advisor is closed. */
  @Post('rating')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ description: 'Still open (CONVERSATION_OPEN) or no advisor took part (NO_ADVISOR)' })
  rate(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RatingDto): Promise<void> {
    return this.chat.rate(visitor, id, dto);
  }

  /** When nobody can answer live: the message becomes a follow-up task and the chat closes. */
  @Post('leave-message')
  @ApiCreatedResponse({ description: 'The follow-up task', schema: { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', format: 'uuid' } } } })
  @ApiUnprocessableEntityResponse({ description: 'Closed (CONVERSATION_CLOSED), or an advisor is already in the chat (ADVISOR_PRESENT)' })
  leaveMessage(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body(MessageTextPipe) dto: LeaveMessageDto): Promise<{ taskId: string }> {
    return this.chat.leaveMessage(visitor, id, dto);
  }
}

/** What advisors do with live chats; offers arrive on the `/console` socket (`chat:offer`) with the handoff packet. */
@ApiTags('Console: live chat')
@Authenticated({ roles: CHAT_ROLES })
@ApiNotFoundResponse({ description: 'No such conversation (CONVERSATION_NOT_FOUND)' })
@ApiForbiddenResponse({ description: 'Not your conversation (NOT_YOUR_CONVERSATION) or missing role' })
@Controller('console/v1/conversations/:id')
export class LiveChatConsoleController {
  constructor(private readonly chat: AdvisorChatService) {}

  /** Takes a conversation offered to you; answers the handoff packet. */
  @Post('accept')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoffDto })
  @ApiConflictResponse({ description: 'Not offered to you, or the offer expired (OFFER_NOT_YOURS)' })
  accept(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<HandoffDto> {
    return this.chat.accept(advisor, id);
  }

  /** Passes on an offer; routing offers it to the next advisor. */
  @Post('decline')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Not offered to you (OFFER_NOT_YOURS)' })
  decline(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.chat.decline(advisor, id);
  }

  /** The handoff packet of a conversation you have: transcript, last intent, reason, profile and timeline, visit. */
  @Get('handoff')
  @ApiOkResponse({ type: HandoffDto })
  handoff(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<HandoffDto> {
    return this.chat.handoffFor(advisor, id);
  }

  /** Messages after a `seq`, in order. */
  @Get('messages')
  @ApiOkResponse({ type: MessageListDto })
  async messages(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Query() query: MessagesAfterQueryDto): Promise<MessageListDto> {
    return { items: (await this.chat.resume(advisor, id, query.after)).messages };
  }

  /** Sends a message to the visitor; it is stored before it is relayed. */
  @Post('messages')
  @ApiCreatedResponse({ type: MessageDto })
  send(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body(MessageTextPipe) dto: ChatTextDto): Promise<MessageDto> {
    return this.chat.send(advisor, id, dto.text);
  }

  /** To a colleague (`advisorId`; the queue when they are not online with a free seat) or back to the queue (optionally for a `skill`), with a note for whoever takes it. */
  @Post('transfer')
  @HttpCode(204)
  @ApiNoContentResponse()
  transfer(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TransferDto): Promise<void> {
    return this.chat.transfer(advisor, id, dto);
  }

  /** The advisor ends the chat. */
  @Post('close')
  @HttpCode(204)
  @ApiNoContentResponse()
  close(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.chat.close(advisor, id);
  }

  /** Supervisors: give the conversation to this advisor now, whoever had it or its offer. */
  @Post('assign')
  @Authenticated({ roles: ['supervisor', 'admin'] })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ description: 'Unknown or disabled advisor (ADVISOR_UNAVAILABLE), or closed (CONVERSATION_CLOSED)' })
  assign(@CurrentPrincipal() supervisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignDto): Promise<void> {
    return this.chat.reassign(supervisor, id, dto.advisorId);
  }
}

@ApiTags('Console: live chat')
@Controller('console/v1')
export class ChatQueueConsoleController {
  constructor(
    private readonly queue: QueueService,
    private readonly followUps: FollowUpsService,
  ) {}

  /**
   * Who waits (position, wait so far, estimate, current offer) and each chat advisor's load. Chat advisors read it
   * too: the console's chat desk shows the queue and picks the colleague a chat is transferred to.
   */
  @Get('chat-queue')
  @Authenticated({ roles: CHAT_ROLES })
  @ApiOkResponse({ type: ChatQueueDto })
  chatQueue(): Promise<ChatQueueDto> {
    return this.queue.snapshot();
  }

  /** Messages left by visitors when nobody could answer live; oldest first. */
  @Get('follow-ups')
  @Authenticated({ roles: CHAT_ROLES })
  @ApiPageResponse(FollowUpDto)
  list(@Query() query: FollowUpQueryDto) {
    return this.followUps.list(query);
  }

  /** Marks a left message as answered. */
  @Post('follow-ups/:taskId/done')
  @Authenticated({ roles: CHAT_ROLES })
  @HttpCode(200)
  @ApiOkResponse({ type: FollowUpDto })
  @ApiNotFoundResponse({ description: 'No such task (FOLLOW_UP_NOT_FOUND)' })
  done(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('taskId', ParseUUIDPipe) taskId: string): Promise<FollowUpDto> {
    return this.followUps.markDone(advisor, taskId);
  }
}

@ApiTags('Console: session')
@Authenticated({ roles: [] })
@Controller('console/v1/me')
export class PresenceController {
  constructor(private readonly presence: ChatPresenceService) {}

  /** Sets the advisor's availability for chats, calls and store requests (the `/console` socket's `presence` event does the same). */
  @Put('presence')
  @ApiOkResponse({ type: AdvisorResponseDto })
  setPresence(@CurrentPrincipal() advisor: AdvisorPrincipal, @Body() dto: PresenceDto): Promise<AdvisorResponseDto> {
    return this.presence.set(advisor.id, dto.status);
  }
}
