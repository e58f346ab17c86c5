import { EventEmitter2 } from '@nestjs/event-emitter';
import { DOMAIN_EVENTS, domainEvent } from '../common/domain-events';
import { conversationClosedData } from '../conversations/conversation-events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Advisor } from '../advisors/advisor.entity';
import { AdvisorPrincipal } from '../common/auth/principal';
import { conflict, forbidden, unprocessable } from '../common/domain-error';
import { appendIfConversation, appendMessage } from '../conversations/append-message';
import { clientMessageIdTaken, onceByClientId, storedByClientId } from '../conversations/client-message-id';
import { toMessageResponse } from '../conversations/conversation.mapper';
import { Conversation } from '../conversations/conversation.entity';
import { ConversationMessage } from '../conversations/conversation-message.entity';
import { assertOpen, conversationNotFound } from '../conversations/conversation-rules';
import { MessageDto } from '../conversations/dto/conversation.dto';
import { ChatRealtime } from './chat-realtime.service';
import { ChatRoutingService } from './routing/chat-routing.service';
import { HandoffDto, ResumeDto, TransferDto } from './dto/live-chat.dto';
import { HandoffPacketService } from './handoff-packet.service';
import { messagesAfter } from './messages-after';
import { markRead } from './read-receipts';
import { systemMessages } from './system-messages';

const SUPERVISING_ROLES = ['supervisor', 'admin'];
export const isSupervisor = (advisor: AdvisorPrincipal) => advisor.roles.some((r) => SUPERVISING_ROLES.includes(r));

/** What advisors do with live chats: take an offer, talk, transfer, close; supervisors also reassign. */
@Injectable()
export class AdvisorChatService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routing: ChatRoutingService,
    private readonly handoff: HandoffPacketService,
    private readonly realtime: ChatRealtime,
    private readonly events: EventEmitter2,
  ) {}

  async accept(advisor: AdvisorPrincipal, conversationId: string): Promise<HandoffDto> {
    await this.changing(conversationId, async (m, c) => {
      if (c.offeredToId !== advisor.id) throw conflict('OFFER_NOT_YOURS', 'This conversation is not offered to you: the offer expired, was declined or went to someone else');
      await this.routing.endOffer(m, c, 'accepted');
      return this.assign(m, c, advisor.id);
    });
    this.realtime.toConversation(conversationId, 'chat:state', { conversationId, state: 'with_human', advisorId: advisor.id });
    await this.routing.routeWaiting();
    return this.handoff.build(conversationId, advisor);
  }

  async decline(advisor: AdvisorPrincipal, conversationId: string): Promise<void> {
    await this.changing(conversationId, async (m, c) => {
      if (c.offeredToId !== advisor.id) throw conflict('OFFER_NOT_YOURS', 'This conversation is not offered to you');
      await this.routing.endOffer(m, c, 'declined');
      return [];
    });
    await this.routing.routeWaiting();
  }

  /** A supervisor hands a conversation to an advisor directly, taking it from whoever had it or its offer. */
  async reassign(supervisor: AdvisorPrincipal, conversationId: string, advisorId: string): Promise<void> {
    const target = await this.dataSource.manager.findOne(Advisor, { where: { id: advisorId } });
    if (!target || target.disabledAt) throw unprocessable('ADVISOR_UNAVAILABLE', `No active advisor with id ${advisorId}`);
    await this.changing(conversationId, async (m, c) => {
      assertOpen(c);
      if (c.offeredToId) await this.routing.endOffer(m, c, 'withdrawn');
      return this.assign(m, c, advisorId);
    });
    this.realtime.toConversation(conversationId, 'chat:state', { conversationId, state: 'with_human', advisorId });
    this.realtime.toAdvisor(advisorId, 'chat:assigned', { conversationId, by: supervisor.id });
    await this.routing.routeWaiting();
  }

  /** Stores and relays an advisor's message; a retry with the same `clientMessageId` answers the stored one and relays nothing. */
  async send(advisor: AdvisorPrincipal, conversationId: string, text: string, clientMessageId?: string): Promise<MessageDto> {
    const replay = async () => {
      const stored = await storedByClientId(this.dataSource.manager, conversationId, clientMessageId);
      if (stored && (stored.author !== 'advisor' || stored.advisorId !== advisor.id)) throw clientMessageIdTaken();
      return stored && toMessageResponse(stored);
    };
    return (await replay()) ?? onceByClientId(() => this.sendOnce(advisor, conversationId, text, clientMessageId), replay);
  }

  private async sendOnce(advisor: AdvisorPrincipal, conversationId: string, text: string, clientMessageId: string | undefined): Promise<MessageDto> {
    const sent = await appendIfConversation(this.dataSource.manager, conversationId, `advisor_id = $5 AND state = 'with_human'`, [advisor.id], {
      author: 'advisor',
      text,
      advisorId: advisor.id,
      clientMessageId,
    });
    if (sent) {
      this.realtime.toConversation(conversationId, 'chat:message', { conversationId, message: toMessageResponse(sent.message) });
      return toMessageResponse(sent.message);
    }
    // Not this advisor's live chat: the locked path says why (or sends, if the state changed in between).
    const [message] = await this.changing(conversationId, async (m, c) => {
      this.assertHolder(advisor, c);
      return [await appendMessage(m, { conversationId, author: 'advisor', text, advisorId: advisor.id, clientMessageId })];
    });
    return toMessageResponse(message);
  }

  /** Back to the queue (or straight to a colleague), with a note the next advisor reads in the handoff packet. */
  async transfer(advisor: AdvisorPrincipal, conversationId: string, dto: TransferDto): Promise<void> {
    await this.changing(conversationId, async (m, c) => {
      this.assertHolder(advisor, c);
      if (dto.advisorId === advisor.id) throw unprocessable('TRANSFER_TO_SELF', 'Transfer to another advisor or to the queue');
      Object.assign(c, { state: 'waiting_human', advisorId: null, assignedAt: null, escalationRoute: 'human', escalationSkill: dto.skill ?? c.escalationSkill });
      await m.save(c);
      return [await appendMessage(m, { conversationId, author: 'system', text: systemMessages.transferred(c.locale) })];
    });
    this.realtime.toConversation(conversationId, 'chat:state', { conversationId, state: 'waiting_human', advisorId: null });
    const offered = dto.advisorId ? await this.routing.offerTo(conversationId, dto.advisorId, dto.note) : await this.routing.route(conversationId, dto.note);
    if (!offered && dto.advisorId) await this.routing.route(conversationId, dto.note);
    await this.routing.routeWaiting();
  }

  async close(advisor: AdvisorPrincipal, conversationId: string): Promise<void> {
    let closed: Conversation | undefined;
    await this.changing(conversationId, async (m, c) => {
      this.assertHolder(advisor, c);
      Object.assign(c, { state: 'closed', closedAt: new Date(), closedBy: 'advisor' });
      closed = await m.save(c);
      return [await appendMessage(m, { conversationId, author: 'system', text: systemMessages.closedByAdvisor(c.locale) })];
    });
    this.realtime.toConversation(conversationId, 'chat:state', { conversationId, state: 'closed', closedBy: 'advisor' });
    if (closed) this.events.emit(DOMAIN_EVENTS.conversationClosed, domainEvent(DOMAIN_EVENTS.conversationClosed, conversationClosedData(closed), closed.closedAt!));
    await this.routing.routeWaiting();
  }

  /** Read receipt: the advisor has seen everything up to `seq`. */
  async markRead(advisor: AdvisorPrincipal, conversationId: string, seq: number): Promise<void> {
    await this.assertCanSee(advisor, conversationId);
    await markRead(this.dataSource, this.realtime, conversationId, 'advisor', seq);
  }

  async resume(advisor: AdvisorPrincipal, conversationId: string, after = 0): Promise<ResumeDto> {
    const c = await this.assertCanSee(advisor, conversationId);
    return { state: c.state, messages: await messagesAfter(this.dataSource, conversationId, after), queue: null };
  }

  async handoffFor(advisor: AdvisorPrincipal, conversationId: string): Promise<HandoffDto> {
    await this.assertCanSee(advisor, conversationId);
    return this.handoff.build(conversationId, advisor);
  }

  /** Advisors see the conversations they have or are offered; supervisors see all. */
  async assertCanSee(advisor: AdvisorPrincipal, conversationId: string): Promise<Conversation> {
    const c = await this.dataSource.manager.findOne(Conversation, { where: { id: conversationId } });
    if (!c) throw conversationNotFound(conversationId);
    if (!isSupervisor(advisor) && c.advisorId !== advisor.id && c.offeredToId !== advisor.id) {
      throw forbidden('NOT_YOUR_CONVERSATION', 'This conversation is neither yours nor offered to you');
    }
    return c;
  }

  private assertHolder(advisor: AdvisorPrincipal, c: Conversation): void {
    assertOpen(c);
    if (c.state !== 'with_human' || c.advisorId !== advisor.id) throw forbidden('NOT_YOUR_CONVERSATION', 'Only the advisor who has this conversation can do this');
  }

  private async assign(m: EntityManager, c: Conversation, advisorId: string): Promise<ConversationMessage[]> {
    const { name } = await m.findOneOrFail(Advisor, { where: { id: advisorId } });
    Object.assign(c, { state: 'with_human', advisorId, assignedAt: new Date() });
    await m.save(c);
    return [await appendMessage(m, { conversationId: c.id, author: 'system', text: systemMessages.joined(c.locale, name) })];
  }

  /** Runs a change under the conversation's row lock, then delivers the messages it wrote. */
  private async changing(conversationId: string, change: (m: EntityManager, c: Conversation) => Promise<ConversationMessage[]>): Promise<ConversationMessage[]> {
    const messages = await this.dataSource.transaction(async (m) => {
      const c = await m.findOne(Conversation, { where: { id: conversationId }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw conversationNotFound(conversationId);
      return change(m, c);
    });
    for (const message of messages) this.realtime.toConversation(conversationId, 'chat:message', { conversationId, message: toMessageResponse(message) });
    return messages;
  }
}
