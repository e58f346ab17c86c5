import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, MoreThan } from 'typeorm';
import { VisitorPrincipal } from '../common/auth/principal';
import { badRequest, notFound, unprocessable } from '../common/domain-error';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { identifiedCustomerOf } from '../tracking/identity/identified-customer';
import { PersonalDataRegistry } from '../customers/privacy/personal-data.registry';
import { AgentService, Understanding } from '../virtual-agent/agent.service';
import { AgentAction, AgentAnswerDto, QuickReplyDto } from '../virtual-agent/dto/agent.dto';
import { UnansweredQuestion } from '../virtual-agent/unanswered-question.entity';
import { AnswerFeedback } from './answer-feedback.entity';
import { clientMessageIdTaken, onceByClientId, storedByClientId } from './client-message-id';
import { appendIfConversation, appendMessage } from './append-message';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CONVERSATION_ESCALATED_PUBLISHED, DOMAIN_EVENTS, domainEvent } from '../common/domain-events';
import { conversationEscalatedData, type ConversationEscalated, type ConversationEscalatedAnswer, type ConversationMessagesAdded } from './conversation-events';
import { assertOpen, conversationNotFound } from './conversation-rules';
import { toConversationResponse, toConversationWithMessages, toMessageResponse } from './conversation.mapper';
import { Conversation } from './conversation.entity';
import { ConversationMessage } from './conversation-message.entity';
import {
  ConversationDto,
  ConversationListQueryDto,
  ConversationWithMessagesDto,
  FeedbackResponseDto,
  StartConversationDto,
  StartedConversationDto,
  TurnDto,
} from './dto/conversation.dto';

const DEFAULT_LOCALE = 'fr';

/** Conversations between visitors and the virtual agent: each visitor message gets the bot's reply, or waits for a person. */
@Injectable()
export class ConversationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agent: AgentService,
    private readonly personalData: PersonalDataRegistry,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    const ofCustomer = 'SELECT id FROM conversation WHERE customer_id = :customerId';
    this.personalData.register({
      name: 'conversations',
      export: async (customerId, m) => {
        const conversations = await m.find(Conversation, { where: { customerId }, order: { createdAt: 'ASC' } });
        const messages = await this.messagesOf(
          m,
          conversations.map((c) => c.id),
        );
        return conversations.map((c) =>
          toConversationWithMessages(
            c,
            messages.filter((msg) => msg.conversationId === c.id),
          ),
        );
      },
      // What was said goes (the visitor's words and the bot's replies that may quote them); the shape stays for figures.
      erase: async (customerId, m) => {
        await m.createQueryBuilder().delete().from(UnansweredQuestion).where(`conversation_id IN (${ofCustomer})`, { customerId }).execute();
        const blanked = await m
          .createQueryBuilder()
          .update(ConversationMessage)
          .set({ text: '', quickReplies: null })
          .where(`conversation_id IN (${ofCustomer})`, { customerId })
          .execute();
        await m.update(Conversation, { customerId }, { ratingComment: null });
        return blanked.affected ?? 0;
      },
      move: async (fromId, toId, m) => {
        const moved = await m.createQueryBuilder().update(Conversation).set({ customerId: toId }).where('customer_id = :fromId', { fromId }).returning('id').execute();
        return (moved.raw as { id: string }[]).map((r) => r.id);
      },
      moveBack: async (ids, toId, m) => {
        await m.update(Conversation, { id: In(ids) }, { customerId: toId });
      },
    });
  }

  async start(visitor: VisitorPrincipal, dto: StartConversationDto): Promise<StartedConversationDto> {
    const visitorId = this.visitorIdOf(visitor);
    if (dto.visitId && dto.visitId !== visitor.visitId)
      throw badRequest('VISIT_MISMATCH', 'visitId must be the visit of the visit token', [{ field: 'visitId', reasons: ['is not the visit of the visit token'] }]);
    const conversation = await this.dataSource.getRepository(Conversation).save({
      siteId: visitor.siteId,
      visitId: visitor.visitId ?? null,
      visitorId,
      customerId: await identifiedCustomerOf(this.dataSource.manager, visitor),
      locale: dto.locale ?? DEFAULT_LOCALE,
      state: 'bot',
      consecutiveFallbacks: 0,
      lastIntent: null,
    });
    return { id: conversation.id, state: conversation.state };
  }

  async getForVisitor(visitor: VisitorPrincipal, id: string): Promise<ConversationWithMessagesDto> {
    const conversation = await this.ownedBy(this.dataSource.manager, visitor, id);
    return toConversationWithMessages(conversation, await this.messagesOf(this.dataSource.manager, [id]));
  }

  /**
   * Stores the visitor's message and, while the bot has the conversation, its reply, both before answering.
   * The message is understood outside the transaction (the model may still be loading); the escalation
   * decision reads the conversation's facts under a row lock, so two messages at once count fallbacks right.
   */
  async post(visitor: VisitorPrincipal, id: string, text: string, clientMessageId?: string): Promise<TurnDto> {
    const current = await this.ownedBy(this.dataSource.manager, visitor, id);
    const stored = await storedByClientId(this.dataSource.manager, id, clientMessageId);
    if (stored) return this.replayTurn(current, stored);
    assertOpen(current);
    return onceByClientId(
      () => this.postOnce(visitor, current, text, clientMessageId),
      async () => {
        const again = await storedByClientId(this.dataSource.manager, id, clientMessageId);
        return again && this.replayTurn(current, again);
      },
    );
  }

  /**
   * A retried message already stored: its turn again, as far as the rows tell it (the message and the bot's replies
   * after it; a hand-over's queue position is not replayed, the client reads it from the queue).
   */
  private async replayTurn(current: Conversation, message: ConversationMessage): Promise<TurnDto> {
    if (message.author !== 'visitor') throw clientMessageIdTaken();
    const after = await this.dataSource.manager.find(ConversationMessage, { where: { conversationId: current.id, seq: MoreThan(message.seq) }, order: { seq: 'ASC' }, take: 5 });
    const firstOther = after.findIndex((m) => m.author !== 'bot');
    const replies = firstOther === -1 ? after : after.slice(0, firstOther);
    return { state: current.state, message: toMessageResponse(message), replies: replies.map(toMessageResponse) };
  }

  private async postOnce(visitor: VisitorPrincipal, current: Conversation, text: string, clientMessageId: string | undefined): Promise<TurnDto> {
    const id = current.id;
    await this.linkToIdentifiedCustomer(visitor, current);
    if (current.state !== 'bot') {
      // With a person (or waiting for one) the bot stays quiet: one statement stores the message, unless the
      // conversation changed meanwhile, and then the locked path below answers.
      const live = await appendIfConversation(this.dataSource.manager, id, `state IN ('waiting_human', 'with_human')`, [], { author: 'visitor', text, clientMessageId });
      if (live) {
        this.events.emit(DOMAIN_EVENTS.conversationMessagesAdded, { conversationId: id, messages: [live.message] } satisfies ConversationMessagesAdded);
        return { state: live.state, message: toMessageResponse(live.message), replies: [] };
      }
    }
    const understood = current.state === 'bot' ? await this.agent.understand(text, current.locale) : null;
    const { conversation, added, turn } = await this.dataSource.transaction(async (m) => {
      const locked = await this.ownedBy(m, visitor, id, true);
      assertOpen(locked);
      const message = await appendMessage(m, { conversationId: id, author: 'visitor', text, clientMessageId });
      // Waiting for or talking with a person: the message is kept for them, the bot stays quiet.
      if (locked.state !== 'bot' || !understood)
        return { conversation: locked, added: [message], turn: { state: locked.state, message: toMessageResponse(message), replies: [] } as TurnDto };
      const bot = await this.botTurn(m, locked, understood);
      return { conversation: locked, added: [message, bot.reply], turn: { ...bot.turn, message: toMessageResponse(message) } };
    });
    if (!turn.escalation) {
      this.events.emit(DOMAIN_EVENTS.conversationMessagesAdded, { conversationId: id, messages: added } satisfies ConversationMessagesAdded);
      return turn;
    }
    // The hand-over reply is only delivered once it is known whether a person can come: it must not promise one.
    const reply = added[added.length - 1];
    const [handover] = (await this.events.emitAsync(DOMAIN_EVENTS.conversationEscalated, { conversation, reply } satisfies ConversationEscalated)) as ConversationEscalatedAnswer[];
    this.events.emit(
      CONVERSATION_ESCALATED_PUBLISHED,
      domainEvent(DOMAIN_EVENTS.conversationEscalated, conversationEscalatedData(conversation, handover), conversation.escalatedAt ?? new Date()),
    );
    this.events.emit(DOMAIN_EVENTS.conversationMessagesAdded, { conversationId: id, messages: added } satisfies ConversationMessagesAdded);
    return { ...turn, state: conversation.state, replies: [toMessageResponse(reply)], ...(handover && { handover }) };
  }

  /** "Did this help?" on a bot answer; answering again replaces the earlier feedback. */
  async feedback(visitor: VisitorPrincipal, id: string, messageId: string, helpful: boolean): Promise<FeedbackResponseDto> {
    const m = this.dataSource.manager;
    await this.ownedBy(m, visitor, id);
    const message = await m.findOne(ConversationMessage, { where: { id: messageId, conversationId: id } });
    if (!message) throw notFound('MESSAGE_NOT_FOUND', `No message ${messageId} in conversation ${id}`);
    if (message.author !== 'bot') throw unprocessable('NOT_A_BOT_MESSAGE', 'Feedback is given on the answers of the virtual agent only');
    await m.upsert(AnswerFeedback, { messageId, conversationId: id, intent: message.intent, helpful }, { conflictPaths: ['messageId'] });
    return { messageId, helpful };
  }

  async list(query: ConversationListQueryDto): Promise<Page<ConversationDto>> {
    const qb = this.dataSource.getRepository(Conversation).createQueryBuilder('c');
    if (query.state) qb.where('c.state = :state', { state: query.state });
    return mapPage(await keysetPage(qb, query, { column: 'c.created_at', value: (c) => c.createdAt, direction: 'DESC' }), toConversationResponse);
  }

  async getForAdvisor(id: string): Promise<ConversationWithMessagesDto> {
    const conversation = await this.dataSource.manager.findOne(Conversation, { where: { id } });
    if (!conversation) throw conversationNotFound(id);
    return toConversationWithMessages(conversation, await this.messagesOf(this.dataSource.manager, [id]));
  }

  private async botTurn(m: EntityManager, conversation: Conversation, message: Understanding): Promise<{ reply: ConversationMessage; turn: TurnDto }> {
    const last = await this.lastBotReply(m, conversation.id);
    // After a clarifying question, picking one of the offered topics answers it.
    const understood = (last?.action === 'clarify' && (await this.agent.resolveClarification(message, last.quick_replies, m, conversation.id))) || message;
    const answer = this.agent.decide(understood, {
      consecutiveFallbacks: conversation.consecutiveFallbacks,
      previousIntent: conversation.lastIntent,
      stillStuck: last?.helpful === false,
    });
    await this.agent.logIfUnanswered(understood, m, conversation.id);
    const reply = await appendMessage(m, {
      conversationId: conversation.id,
      author: 'bot',
      text: answer.answer,
      intent: answer.intent,
      confidence: answer.confidence,
      action: answer.action,
      quickReplies: answer.quickReplies ?? null,
    });
    Object.assign(conversation, this.nextFacts(conversation, understood, answer));
    await m.save(conversation);
    return { reply, turn: { state: conversation.state, replies: [toMessageResponse(reply)], ...(answer.escalation && { escalation: answer.escalation }) } };
  }

  /** What the conversation remembers after this turn; an escalation hands it to a person. */
  private nextFacts(conversation: Conversation, understood: Understanding, answer: AgentAnswerDto): Partial<Conversation> {
    const facts: Partial<Conversation> = {
      locale: answer.locale,
      consecutiveFallbacks: understood.classification.action === 'fallback' ? conversation.consecutiveFallbacks + 1 : 0,
      lastIntent: answer.action === 'answer' ? answer.intent : null,
    };
    if (!answer.escalation) return facts;
    return {
      ...facts,
      state: 'waiting_human',
      escalationRoute: answer.escalation.route,
      escalationReason: answer.escalation.reason,
      escalationSkill: answer.escalation.skill ?? null,
      escalatedAt: new Date(),
    };
  }

  /** The bot's last reply: what it did, the quick replies it offered, and the visitor's feedback on it. */
  private async lastBotReply(
    m: EntityManager,
    conversationId: string,
  ): Promise<{ helpful: boolean | null; action: AgentAction | null; quick_replies: QuickReplyDto[] | null } | undefined> {
    const [last] = await m.query(
      `SELECT f.helpful, msg.action, msg.quick_replies FROM conversation_message msg LEFT JOIN answer_feedback f ON f.message_id = msg.id
       WHERE msg.conversation_id = $1 AND msg.author = 'bot' ORDER BY msg.created_at DESC, msg.id DESC LIMIT 1`,
      [conversationId],
    );
    return last as { helpful: boolean | null; action: AgentAction | null; quick_replies: QuickReplyDto[] | null } | undefined;
  }

  /** The visitor's own conversation (optionally row-locked), else 404. */
  async ownedBy(m: EntityManager, visitor: VisitorPrincipal, id: string, lock = false): Promise<Conversation> {
    const conversation = await m.findOne(Conversation, {
      where: { id, siteId: visitor.siteId, visitorId: this.visitorIdOf(visitor) },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!conversation) throw conversationNotFound(id);
    return conversation;
  }

  /** The widget routes require the visit token, so the guard always sets the visitor. */
  private visitorIdOf(visitor: VisitorPrincipal): string {
    if (!visitor.visitorId) throw new Error('Conversation routes need the visit token');
    return visitor.visitorId;
  }

  /**
   * Links a conversation started before its visitor was identified (`Relais.identify` starts a new visit with a
   * signed token and the chat carries on) to the customer that visit proved, so advisors get the profile.
   */
  private async linkToIdentifiedCustomer(visitor: VisitorPrincipal, conversation: Conversation): Promise<void> {
    if (conversation.customerId) return;
    const customerId = await identifiedCustomerOf(this.dataSource.manager, visitor);
    if (!customerId) return;
    await this.dataSource.manager.update(Conversation, { id: conversation.id, customerId: IsNull() }, { customerId });
    conversation.customerId = customerId;
  }

  private messagesOf(m: EntityManager, conversationIds: string[]): Promise<ConversationMessage[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return m.find(ConversationMessage, { where: { conversationId: In(conversationIds) }, order: { seq: 'ASC' } });
  }
}
