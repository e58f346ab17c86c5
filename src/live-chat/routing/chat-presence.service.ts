import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PresenceStatus } from '../../advisors/advisor.entity';
import { AdvisorsService } from '../../advisors/advisors.service';
import { AdvisorResponseDto } from '../../advisors/dto/advisor.dto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Conversation } from '../../conversations/conversation.entity';
import { JobsService } from '../../jobs/jobs.service';
import { ChatRealtime } from '../chat-realtime.service';
import { ChatRoutingService } from './chat-routing.service';
import { LIVE_CHAT_JOBS, LIVE_CHAT_QUEUE, presenceGraceJobId, type PresenceGraceJob } from '../live-chat.queue';

/** Console sockets confirm their advisors this often: well within the grace period, so an open console never lapses. */
export const heartbeatEveryMs = (graceSeconds: number) => Math.min(20_000, Math.max(250, (graceSeconds * 1000) / 3));
/** How often unseen advisors are looked for: an advisor goes offline between grace and grace plus this. */
export const expirySweepEveryMs = (graceSeconds: number) => Math.min(15_000, Math.max(250, (graceSeconds * 1000) / 2));

/**
 * Advisor presence as live chat sees it: set from the console (socket or HTTP), and offline once no console socket
 * has been open for the grace period. The row is the truth: each instance's open sockets touch \`presence_seen_at\`,
 * and a sweep on any instance takes offline whoever was not seen, even when the instance holding their last
 * socket died without a disconnect.
 */
@Injectable()
export class ChatPresenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly advisors: AdvisorsService,
    private readonly routing: ChatRoutingService,
    private readonly realtime: ChatRealtime,
    private readonly jobs: JobsService,
  ) {}

  /** Offers pending on an advisor who leaves go to others; one who comes online gets the chats waiting. */
  async set(advisorId: string, status: PresenceStatus): Promise<AdvisorResponseDto> {
    const advisor = await this.advisors.setPresence(advisorId, status);
    if (status !== 'online') await this.withdrawOffers(advisorId);
    await this.routing.routeWaiting();
    return advisor;
  }

  /** A console socket dropped: check again after the grace period (a page reload reconnects well within it). */
  async socketDropped(advisorId: string, socketId: string): Promise<void> {
    const delayMs = this.config.chat.presenceGraceSeconds * 1000;
    await this.jobs.enqueue(LIVE_CHAT_QUEUE, LIVE_CHAT_JOBS.presenceGrace, { advisorId } satisfies PresenceGraceJob, { jobId: presenceGraceJobId(advisorId, socketId), delayMs });
  }

  /** The heartbeat: these advisors have a console socket open on this instance. */
  async touch(advisorIds: string[]): Promise<void> {
    if (advisorIds.length) await this.dataSource.query(`UPDATE advisor SET presence_seen_at = now() WHERE id = ANY($1::uuid[])`, [advisorIds]);
  }

  /** Takes offline every advisor not seen for the grace period; one statement, so a heartbeat landing meanwhile wins. */
  async expireUnseen(): Promise<void> {
    const [rows] = (await this.dataSource.query(
      `UPDATE advisor SET presence = 'offline', presence_changed_at = now(), updated_at = now()
       WHERE presence <> 'offline' AND (presence_seen_at IS NULL OR presence_seen_at < now() - make_interval(secs => $1))
       RETURNING id`,
      [this.config.chat.presenceGraceSeconds],
    )) as [{ id: string }[], number];
    if (!rows.length) return;
    for (const { id } of rows) await this.withdrawOffers(id);
    await this.routing.routeWaiting();
  }

  async graceOver(advisorId: string): Promise<void> {
    if (await this.realtime.advisorConnected(advisorId)) return;
    await this.set(advisorId, 'offline');
  }

  /** Offers waiting on an advisor who left go back to routing. */
  private async withdrawOffers(advisorId: string): Promise<void> {
    const offered = await this.dataSource.manager.find(Conversation, { where: { offeredToId: advisorId }, select: { id: true } });
    for (const { id } of offered) {
      await this.dataSource.transaction(async (m) => {
        const c = await m.findOne(Conversation, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (c?.offeredToId === advisorId) await this.routing.endOffer(m, c, 'withdrawn');
      });
      this.realtime.toAdvisor(advisorId, 'chat:offer-withdrawn', { conversationId: id, reason: 'presence' });
    }
  }
}
