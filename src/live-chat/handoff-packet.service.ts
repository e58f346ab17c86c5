import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdvisorPrincipal } from '../common/auth/principal';
import { DomainError } from '../common/domain-error';
import { Advisor } from '../advisors/advisor.entity';
import { toConversationResponse, toMessageResponse } from '../conversations/conversation.mapper';
import { Conversation } from '../conversations/conversation.entity';
import { ConversationMessage } from '../conversations/conversation-message.entity';
import { conversationNotFound } from '../conversations/conversation-rules';
import { CustomersService } from '../customers/customers.service';
import { ProfileAccessLog } from '../customers/privacy/profile-access.log';
import { VisitsService } from '../tracking/visits.service';
import { ConversationOffer } from './routing/conversation-offer.entity';
import { HandoffDto } from './dto/live-chat.dto';

const TIMELINE_ITEMS = 20;

/** What an advisor needs to pick up a conversation without asking the visitor to repeat themselves. */
@Injectable()
export class HandoffPacketService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly visits: VisitsService,
    private readonly profileAccess: ProfileAccessLog,
  ) {}

  /** The packet for an advisor by id (offers are pushed to advisors who did not ask through a request). */
  async forAdvisor(conversationId: string, advisorId: string): Promise<HandoffDto> {
    const advisor = await this.dataSource.manager.findOneOrFail(Advisor, { where: { id: advisorId } });
    return this.build(conversationId, { kind: 'advisor', id: advisor.id, email: advisor.email, roles: advisor.roles, storeId: advisor.storeId });
  }

  /** The packet; reading the customer's profile through it is audited like any other profile read. */
  async build(conversationId: string, viewer: AdvisorPrincipal): Promise<HandoffDto> {
    const m = this.dataSource.manager;
    const conversation = await m.findOne(Conversation, { where: { id: conversationId } });
    if (!conversation) throw conversationNotFound(conversationId);
    const [messages, transfer, customer, visit] = await Promise.all([
      m.find(ConversationMessage, { where: { conversationId }, order: { seq: 'ASC' } }),
      m.findOne(ConversationOffer, { where: { conversationId }, order: { createdAt: 'DESC' } }),
      this.customerOf(conversation),
      conversation.visitId ? nullIfGone(this.visits.get(conversation.visitId)) : null,
    ]);
    if (customer) this.profileAccess.record(viewer, [customer.profile.id], 'chat_handoff', `conversation ${conversationId}`);
    return {
      conversation: toConversationResponse(conversation),
      transcript: messages.map(toMessageResponse),
      lastIntent: [...messages].reverse().find((msg) => msg.author === 'bot' && msg.intent)?.intent ?? null,
      language: conversation.locale,
      escalationReason: conversation.escalationReason,
      transferNote: transfer?.note ?? null,
      customer: customer?.profile ?? null,
      timeline: customer?.timeline ?? [],
      visit,
    };
  }

  private async customerOf(conversation: Conversation) {
    if (!conversation.customerId) return null;
    // Erased or merged away since the conversation started: the packet goes on without a profile.
    const profile = await nullIfGone(this.customers.get(conversation.customerId));
    if (!profile) return null;
    const timeline = await this.customers.timeline(profile.id, { limit: TIMELINE_ITEMS });
    return { profile, timeline: timeline.items };
  }
}

async function nullIfGone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return null;
    throw error;
  }
}
