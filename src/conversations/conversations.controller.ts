import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { VisitorPrincipal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { MessageTextPipe } from '../virtual-agent/message-text.pipe';
import { ConversationsService } from './conversations.service';
import {
  ConversationDto,
  ConversationListQueryDto,
  ConversationWithMessagesDto,
  FeedbackDto,
  FeedbackResponseDto,
  PostMessageDto,
  StartConversationDto,
  StartedConversationDto,
  TurnDto,
} from './dto/conversation.dto';

@ApiTags('Widget: conversations')
@Authenticated({ visitor: 'visit-token' })
@ApiNotFoundResponse({ description: 'No such conversation for this visitor (CONVERSATION_NOT_FOUND)' })
@Controller('widget/v1/conversations')
export class ConversationsWidgetController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Opens a chat with the virtual agent for the visitor of the visit token. */
  @Post()
  @ApiCreatedResponse({ type: StartedConversationDto })
  start(@CurrentPrincipal() visitor: VisitorPrincipal, @Body() dto: StartConversationDto): Promise<StartedConversationDto> {
    return this.conversations.start(visitor, dto);
  }

  /** The visitor's conversation with its messages. */
  @Get(':id')
  @ApiOkResponse({ type: ConversationWithMessagesDto })
  get(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<ConversationWithMessagesDto> {
    return this.conversations.getForVisitor(visitor, id);
  }

  /** Sends a visitor message; while the bot has the conversation its reply comes back, stored like the message. */
  @Post(':id/messages')
  @ApiCreatedResponse({ type: TurnDto })
  @ApiPayloadTooLargeResponse({ description: 'text is longer than 5,000 characters (MESSAGE_TOO_LONG)' })
  @ApiUnprocessableEntityResponse({ description: 'The conversation is closed (CONVERSATION_CLOSED)' })
  post(@CurrentPrincipal() visitor: VisitorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body(MessageTextPipe) dto: PostMessageDto): Promise<TurnDto> {
    return this.conversations.post(visitor, id, dto.text);
  }

  /** "Did this help?" on one of the bot's answers. */
  @Post(':id/messages/:messageId/feedback')
  @ApiCreatedResponse({ type: FeedbackResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'The message is not an answer of the bot (NOT_A_BOT_MESSAGE)' })
  feedback(
    @CurrentPrincipal() visitor: VisitorPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('messageId', ParseUUIDPipe) messageId: string,
    @Body() dto: FeedbackDto,
  ): Promise<FeedbackResponseDto> {
    return this.conversations.feedback(visitor, id, messageId, dto.helpful);
  }
}

/** What advisors see of the bot's conversations (routing to them comes with escalations). */
@ApiTags('Console: conversations')
@Authenticated({ roles: [] })
@Controller('console/v1/conversations')
export class ConversationsConsoleController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Newest first; `state=waiting_human` lists those handed over. */
  @Get()
  @ApiPageResponse(ConversationDto)
  list(@Query() query: ConversationListQueryDto) {
    return this.conversations.list(query);
  }

  /** A conversation with its messages. */
  @Get(':id')
  @ApiOkResponse({ type: ConversationWithMessagesDto })
  @ApiNotFoundResponse({ description: 'No such conversation (CONVERSATION_NOT_FOUND)' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ConversationWithMessagesDto> {
    return this.conversations.getForAdvisor(id);
  }
}
