import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DOMAIN_EVENTS } from '../common/domain-events';
import type { ConversationEscalated, ConversationMessagesAdded } from '../conversations/conversation-events';
import { toMessageResponse } from '../conversations/conversation.mapper';
import { Conversation } from '../conversations/conversation.entity';
import { ConversationMessage } from '../conversations/conversation-message.entity';
import { HandoverAlternative, HandoverDto } from '../conversations/dto/conversation.dto';
import { AvailabilityResponse, AvailabilityService } from '../escalations/availability.service';
import { TeamsService } from '../escalations/teams.service';
import { ChatRealtime } from './chat-realtime.service';
import { ChatRoutingService } from './routing/chat-routing.service';
import { QueueService } from './routing/queue.service';
import { noPersonAvailable } from './system-messages';

/**
 * Follows bot conversations: delivers their messages live and, when the agent hands over to a person, queues the
 * chat for an advisor or, when nobody can take it, tells the visitor which other routes are open. Never a silent wait.
 */
@Injectable()
export class ChatIntakeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routing: ChatRoutingService,
    private readonly queue: QueueService,
    private readonly availability: AvailabilityService,
    private readonly realtime: ChatRealtime,
    private readonly teams: TeamsService,
  ) {}

  @OnEvent(DOMAIN_EVENTS.conversationMessagesAdded)
  messagesAdded({ conversationId, messages }: ConversationMessagesAdded): void {
    for (const message of messages) this.realtime.toConversation(conversationId, 'chat:message', { conversationId, message: toMessageResponse(message) });
  }

  // The visitor's answer depends on it: a failure must reach the request, not be logged and dropped.
  @OnEvent(DOMAIN_EVENTS.conversationEscalated, { suppressErrors: false })
  async escalated({ conversation, reply }: ConversationEscalated): Promise<HandoverDto> {
    if (conversation.escalationRoute !== 'human') return { status: 'other_route' };
    const open = await this.availability.now({}, { queueing: true });
    const alternatives = { alternatives: alternativesFrom(open), nextCallbackSlot: open.callback.nextSlot };
    if (!open.chat.open) {
      const handover = { status: 'unavailable' as const, reason: open.chat.reason as HandoverDto['reason'], chatOpensAt: open.chat.opensAt ?? null, ...alternatives };
      await this.backToBot(conversation, reply, handover);
      return handover;
    }
    await this.routing.route(conversation.id);
    const queue = (await this.queue.statusOf(conversation.id)) ?? { position: 1, estimatedWaitSeconds: 0 };
    await this.queue.publish();
    if (queue.estimatedWaitSeconds === null || queue.estimatedWaitSeconds > this.config.chat.maxWaitSeconds) {
      return { status: 'unavailable', reason: 'wait_too_long', queue, ...alternatives };
    }
    return { status: 'queued', queue };
  }
  /**
   * Nobody will come (closed hours, nobody online): the reply says so instead of promising a person, and the bot
   * keeps the conversation, so no advisor is offered a chat whose visitor was already told to choose another route.
   */
  private async backToBot(
    conversation: Conversation,
    reply: ConversationMessage,
    handover: Required<Pick<HandoverDto, 'alternatives' | 'nextCallbackSlot' | 'chatOpensAt'>>,
  ): Promise<void> {
    const text = noPersonAvailable(conversation.locale, handover, (await this.teams.find('chat')).timeZone);
    await this.dataSource.transaction(async (m) => {
      const back = await m
        .createQueryBuilder()
        .update(Conversation)
        .set({ state: 'bot' })
        .where(`id = :id AND state = 'waiting_human' AND advisor_id IS NULL`, { id: conversation.id })
        .execute();
      if (!back.affected) return;
      await m.update(ConversationMessage, reply.id, { text });
      conversation.state = 'bot';
      reply.text = text;
    });
  }
}

function alternativesFrom(open: AvailabilityResponse): HandoverAlternative[] {
  const routes: HandoverAlternative[] = [];
  if (open.callback.open) routes.push('callback');
  if (open.call.open) routes.push('call');
  if (open.store.open) routes.push('store');
  routes.push('message');
  return routes;
}
