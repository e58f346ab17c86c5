import { EventEmitter2 } from '@nestjs/event-emitter';
import { DOMAIN_EVENTS, domainEvent } from '../common/domain-events';
import { conversationClosedData } from '../conversations/conversation-events';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { VisitorPrincipal } from '../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { unprocessable } from '../common/domain-error';
import { appendMessage } from '../conversations/append-message';
import { toMessageResponse } from '../conversations/conversation.mapper';
import { Conversation } from '../conversations/conversation.entity';
import { assertOpen } from '../conversations/conversation-rules';
import { ConversationsService } from '../conversations/conversations.service';
import { QueueStatusDto } from '../conversations/dto/conversation.dto';
import { ChatRealtime } from './chat-realtime.service';
import { ChatRoutingService } from './routing/chat-routing.service';
import { LeaveMessageDto, RatingDto, ResumeDto } from './dto/live-chat.dto';
import { FollowUpTask } from './follow-ups/follow-up-task.entity';
import { messagesAfter } from './messages-after';
import { QueueService } from './routing/queue.service';
import { markRead } from './read-receipts';
import { systemMessages } from './system-messages';

/**
 * When a queued visitor of conversation `c` was last heard from: the later of their last sign of life (join,
 * resume, queue poll, read receipt; else the escalation) and their last message.
 */
const LAST_SIGN_OF_LIFE = `greatest(coalesce(c.visitor_seen_at, c.escalated_at),
  (SELECT max(m.created_at) FROM conversation_message m WHERE m.conversation_id = c.id AND m.author = 'visitor'))`;

/** What the visitor does in a live chat beyond sending messages: resume, leave, rate, or leave a message for later. */
@Injectable()
export class VisitorChatService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly conversations: ConversationsService,
    private readonly routing: ChatRoutingService,
    private readonly realtime: ChatRealtime,
    private readonly queue: QueueService,
    private readonly events: EventEmitter2,
  ) {}

  /** What a reconnecting widget missed: the messages after the last `seq` it has, the state and the queue. */
  async resume(visitor: VisitorPrincipal, conversationId: string, after = 0): Promise<ResumeDto> {
    const c = await this.conversations.ownedBy(this.dataSource.manager, visitor, conversationId);
    const [messages, queue] = await Promise.all([messagesAfter(this.dataSource, conversationId, after), this.queue.statusOf(conversationId), this.seen(c)]);
    return { state: c.state, messages, queue };
  }

  async close(visitor: VisitorPrincipal, conversationId: string): Promise<void> {
    await this.closeAsVisitor(conversationId, async (m) => {
      const c = await this.conversations.ownedBy(m, visitor, conversationId, true);
      assertOpen(c);
      return c;
    });
  }

  /**
   * Closes queued chats whose visitor left without a word: no widget open on any instance and no sign of life
   * for `RELAIS_CHAT_ABANDON_SECONDS`. They would otherwise hold a place in the queue and be offered to advisors.
   */
  async closeAbandoned(): Promise<number> {
    const before = new Date(Date.now() - this.config.chat.abandonSeconds * 1000);
    const stale = (await this.dataSource.query(
      `SELECT id FROM conversation c WHERE state = 'waiting_human' AND escalation_route = 'human' AND ${LAST_SIGN_OF_LIFE} < $1
       ORDER BY escalated_at LIMIT 100`,
      [before],
    )) as { id: string }[];
    let closed = 0;
    for (const { id } of stale) {
      if (await this.realtime.visitorConnected(id)) {
        await this.markSeen(id);
        continue;
      }
      const abandoned = await this.closeAsVisitor(id, async (m) => {
        const c = await m.findOne(Conversation, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (c?.state !== 'waiting_human') return null;
        const [{ stale }] = await m.query(`SELECT ${LAST_SIGN_OF_LIFE} < $2 AS stale FROM conversation c WHERE id = $1`, [id, before]);
        return stale ? c : null;
      });
      if (abandoned) closed += 1;
    }
    if (closed) await this.queue.publish();
    return closed;
  }

  /**
   * Closes the conversation `lockOpen` returns (locked, still open), as its visitor leaving: a pending offer is
   * withdrawn and its advisor told, the advisor in the chat gets a seat back. False when `lockOpen` found nothing to close.
   */
  private async closeAsVisitor(conversationId: string, lockOpen: (m: EntityManager) => Promise<Conversation | null>): Promise<boolean> {
    const closed = await this.dataSource.transaction(async (m) => {
      const c = await lockOpen(m);
      if (!c) return null;
      const offeredTo = c.offeredToId;
      if (offeredTo) await this.routing.endOffer(m, c, 'withdrawn');
      const hadAdvisor = c.state === 'with_human';
      Object.assign(c, { state: 'closed', closedAt: new Date(), closedBy: 'visitor' });
      await m.save(c);
      return { message: await appendMessage(m, { conversationId, author: 'system', text: systemMessages.closedByVisitor(c.locale) }), hadAdvisor, offeredTo, conversation: c };
    });
    if (!closed) return false;
    this.publishClosed(closed.conversation);
    if (closed.offeredTo) this.realtime.toAdvisor(closed.offeredTo, 'chat:offer-withdrawn', { conversationId, reason: 'visitor_left' });
    this.realtime.toConversation(conversationId, 'chat:message', { conversationId, message: toMessageResponse(closed.message) });
    this.realtime.toConversation(conversationId, 'chat:state', { conversationId, state: 'closed', closedBy: 'visitor' });
    if (closed.hadAdvisor) await this.routing.routeWaiting();
    return true;
  }

  private publishClosed(c: Conversation): void {
    this.events.emit(DOMAIN_EVENTS.conversationClosed, domainEvent(DOMAIN_EVENTS.conversationClosed, conversationClosedData(c), c.closedAt ?? new Date()));
  }

  /** A queued visitor's sign of life. */
  private async seen(c: Conversation): Promise<void> {
    if (c.state === 'waiting_human') await this.markSeen(c.id);
  }

  private async markSeen(conversationId: string): Promise<void> {
    await this.dataSource.query(`UPDATE conversation SET visitor_seen_at = now() WHERE id = $1`, [conversationId]);
  }

  /** Satisfaction after a chat with an advisor; rating again replaces the earlier one. */
  async rate(visitor: VisitorPrincipal, conversationId: string, dto: RatingDto): Promise<void> {
    const c = await this.conversations.ownedBy(this.dataSource.manager, visitor, conversationId);
    if (c.state !== 'closed') throw unprocessable('CONVERSATION_OPEN', 'A conversation is rated once it is closed');
    if (!c.assignedAt) throw unprocessable('NO_ADVISOR', 'Only conversations with an advisor are rated');
    await this.dataSource.manager.update(Conversation, c.id, { rating: dto.rating, ratingComment: dto.comment ?? null });
  }

  /** Nobody could answer live: the message becomes a follow-up task for advisors and the chat closes. */
  async leaveMessage(visitor: VisitorPrincipal, conversationId: string, dto: LeaveMessageDto): Promise<{ taskId: string }> {
    const { task, messages, conversation } = await this.dataSource.transaction(async (m) => {
      const c = await this.conversations.ownedBy(m, visitor, conversationId, true);
      assertOpen(c);
      if (c.state === 'with_human') throw unprocessable('ADVISOR_PRESENT', 'An advisor is in this conversation: write to them directly');
      if (c.offeredToId) await this.routing.endOffer(m, c, 'withdrawn');
      const task = await m.save(FollowUpTask, {
        siteId: c.siteId,
        conversationId: c.id,
        customerId: c.customerId,
        kind: 'left_message',
        text: dto.text,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        status: 'open',
      });
      const left = await appendMessage(m, { conversationId, author: 'visitor', text: dto.text });
      const ack = await appendMessage(m, { conversationId, author: 'system', text: systemMessages.messageLeft(c.locale) });
      Object.assign(c, { state: 'closed', closedAt: new Date(), closedBy: 'visitor' });
      await m.save(c);
      return { task, messages: [left, ack], conversation: c };
    });
    this.publishClosed(conversation);
    for (const message of messages) this.realtime.toConversation(conversationId, 'chat:message', { conversationId, message: toMessageResponse(message) });
    this.realtime.toConversation(conversationId, 'chat:state', { conversationId, state: 'closed', closedBy: 'visitor' });
    return { taskId: task.id };
  }

  /** Position and estimated wait while waiting for an advisor; null otherwise. */
  async queueStatus(visitor: VisitorPrincipal, conversationId: string): Promise<QueueStatusDto | null> {
    await this.seen(await this.conversations.ownedBy(this.dataSource.manager, visitor, conversationId));
    return this.queue.statusOf(conversationId);
  }

  /** Read receipt: the visitor has seen everything up to `seq`. */
  async markRead(visitor: VisitorPrincipal, conversationId: string, seq: number): Promise<void> {
    await this.seen(await this.conversations.ownedBy(this.dataSource.manager, visitor, conversationId));
    await markRead(this.dataSource, this.realtime, conversationId, 'visitor', seq);
  }
}
