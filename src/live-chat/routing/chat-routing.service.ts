import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { chatLoad, freeForChat, takesChats } from '../../availability/advisor-availability';
import { AdvisorSeatsService } from '../../availability/advisor-seats.service';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Conversation } from '../../conversations/conversation.entity';
import { JobsService } from '../../jobs/jobs.service';
import { pickAdvisor, RoutingCandidate } from './advisor-picker';
import { ChatRealtime } from '../chat-realtime.service';
import { ConversationOffer } from './conversation-offer.entity';
import { HandoffPacketService } from '../handoff-packet.service';
import { expireOfferJobId, LIVE_CHAT_JOBS, LIVE_CHAT_QUEUE, type ExpireOfferJob } from '../live-chat.queue';
import { QueueService } from './queue.service';

// One routing decision at a time across all instances, so two conversations never take an advisor's last seat.
const ROUTING_LOCK_KEY = 7_361_500;

interface Offered {
  offerId: string;
  conversationId: string;
  advisorId: string;
  expiresAt: Date;
}

/** Offers waiting conversations to the best available advisor, one at a time, and moves on when an offer lapses. */
@Injectable()
export class ChatRoutingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly realtime: ChatRealtime,
    private readonly handoff: HandoffPacketService,
    private readonly queue: QueueService,
    private readonly seats: AdvisorSeatsService,
  ) {}

  /** Offers the conversation if it waits for a chat advisor and nobody has the offer yet; true when offered. */
  async route(conversationId: string, note: string | null = null): Promise<boolean> {
    const offered = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [ROUTING_LOCK_KEY]);
      const conversation = await m.findOne(Conversation, { where: { id: conversationId }, lock: { mode: 'pessimistic_write' } });
      if (!conversation || conversation.state !== 'waiting_human' || conversation.escalationRoute !== 'human' || conversation.offeredToId) return null;
      const advisor = pickAdvisor(await this.candidates(m, conversationId), { locale: conversation.locale, skill: conversation.escalationSkill });
      return advisor ? this.offer(m, conversation, advisor.id, note) : null;
    });
    if (offered) await this.announce(offered);
    return offered !== null;
  }

  /** Offers a conversation to one advisor, e.g. a transfer; false when they are not online with a free seat. */
  async offerTo(conversationId: string, advisorId: string, note: string | null): Promise<boolean> {
    const offered = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [ROUTING_LOCK_KEY]);
      const conversation = await m.findOneOrFail(Conversation, { where: { id: conversationId }, lock: { mode: 'pessimistic_write' } });
      const advisor = (await this.seats.seats(m)).find((a) => a.id === advisorId);
      return advisor && freeForChat(advisor) ? this.offer(m, conversation, advisorId, note) : null;
    });
    if (offered) await this.announce(offered);
    return offered !== null;
  }

  /** Offers waiting conversations, oldest first, while advisors have free seats. */
  async routeWaiting(): Promise<void> {
    const waiting = (await this.dataSource.query(
      `SELECT id FROM conversation WHERE state = 'waiting_human' AND escalation_route = 'human' AND offered_to_id IS NULL ORDER BY escalated_at, id LIMIT 100`,
    )) as { id: string }[];
    for (const { id } of waiting) if (!(await this.route(id))) break;
    await this.queue.publish();
  }

  /** An offer not taken in time goes back to routing; the advisor is told it is gone. Idempotent. */
  async expire(offerId: string): Promise<void> {
    const lapsed = await this.dataSource.transaction(async (m) => {
      const offer = await m.findOne(ConversationOffer, { where: { id: offerId, outcome: 'pending' }, lock: { mode: 'pessimistic_write' } });
      if (!offer) return null;
      const conversation = await m.findOne(Conversation, { where: { id: offer.conversationId }, lock: { mode: 'pessimistic_write' } });
      if (conversation?.offeredToId !== offer.advisorId || !conversation.offerExpiresAt || conversation.offerExpiresAt.getTime() > Date.now()) return null;
      await this.endOffer(m, conversation, 'expired');
      return offer;
    });
    if (!lapsed) return;
    this.realtime.toAdvisor(lapsed.advisorId, 'chat:offer-withdrawn', { conversationId: lapsed.conversationId, reason: 'expired' });
    await this.route(lapsed.conversationId, lapsed.note);
    await this.queue.publish();
  }

  /** Clears the conversation's pending offer and records how it ended. The caller holds the row lock. */
  async endOffer(m: EntityManager, conversation: Conversation, outcome: 'accepted' | 'declined' | 'expired' | 'withdrawn'): Promise<void> {
    await m.update(ConversationOffer, { conversationId: conversation.id, advisorId: conversation.offeredToId!, outcome: 'pending' }, { outcome, decidedAt: new Date() });
    Object.assign(conversation, { offeredToId: null, offerExpiresAt: null });
    await m.update(Conversation, conversation.id, { offeredToId: null, offerExpiresAt: null });
  }

  /** Finds lapsed offers and waiting conversations, in case a job was lost or an advisor came online. */
  async sweep(): Promise<void> {
    const lapsed = (await this.dataSource.query(
      `SELECT o.id FROM conversation c JOIN conversation_offer o ON o.conversation_id = c.id AND o.advisor_id = c.offered_to_id AND o.outcome = 'pending'
       WHERE c.offered_to_id IS NOT NULL AND c.offer_expires_at <= now()`,
    )) as { id: string }[];
    for (const { id } of lapsed) await this.expire(id);
    await this.routeWaiting();
  }

  private async offer(m: EntityManager, conversation: Conversation, advisorId: string, note: string | null): Promise<Offered> {
    const expiresAt = new Date(Date.now() + this.config.chat.offerTimeoutSeconds * 1000);
    await m.update(Conversation, conversation.id, { offeredToId: advisorId, offerExpiresAt: expiresAt });
    const offer = await m.save(ConversationOffer, { conversationId: conversation.id, advisorId, outcome: 'pending', note, decidedAt: null });
    return { offerId: offer.id, conversationId: conversation.id, advisorId, expiresAt };
  }

  private async announce(offered: Offered): Promise<void> {
    const delayMs = offered.expiresAt.getTime() - Date.now();
    await this.jobs.enqueue(LIVE_CHAT_QUEUE, LIVE_CHAT_JOBS.expireOffer, { offerId: offered.offerId } satisfies ExpireOfferJob, {
      jobId: expireOfferJobId(offered.offerId),
      delayMs: Math.max(0, delayMs),
    });
    const handoff = await this.handoff.forAdvisor(offered.conversationId, offered.advisorId);
    this.realtime.toAdvisor(offered.advisorId, 'chat:offer', { offerId: offered.offerId, conversationId: offered.conversationId, expiresAt: offered.expiresAt, handoff });
  }

  /**
   * The advisors who take chats, with their live load. Those who declined this conversation are left out; those
   * who let an offer of it lapse come last (they may be away from their desk), so a lone advisor still gets it again.
   */
  private async candidates(m: EntityManager, conversationId: string): Promise<RoutingCandidate[]> {
    const advisors = (await this.seats.seats(m)).filter(takesChats);
    if (advisors.length === 0) return [];
    const rows = (await m.query(
      `SELECT a.id, (SELECT max(c.assigned_at) FROM conversation c WHERE c.advisor_id = a.id) AS last_assigned_at,
              EXISTS (SELECT 1 FROM conversation_offer o WHERE o.conversation_id = $1 AND o.advisor_id = a.id AND o.outcome = 'expired') AS missed,
              EXISTS (SELECT 1 FROM conversation_offer o WHERE o.conversation_id = $1 AND o.advisor_id = a.id AND o.outcome = 'declined') AS declined
       FROM unnest($2::uuid[]) AS a(id)`,
      [conversationId, advisors.map((a) => a.id)],
    )) as { id: string; last_assigned_at: Date | null; missed: boolean; declined: boolean }[];
    const history = new Map(rows.map((r) => [r.id, r]));
    const candidates = advisors
      .filter((a) => !history.get(a.id)?.declined)
      .map((a) => ({
        id: a.id,
        skills: a.skills,
        languages: a.languages,
        capacity: a.capacity,
        load: chatLoad(a),
        lastAssignedAt: history.get(a.id)?.last_assigned_at ?? null,
        missed: history.get(a.id)?.missed ?? false,
      }));
    const fresh = candidates.filter((c) => !c.missed);
    return fresh.some((c) => c.load < c.capacity) ? fresh : candidates;
  }
}
