import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { byJobName } from '../common/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { ChatPresenceService, expirySweepEveryMs } from './routing/chat-presence.service';
import { ChatRoutingService } from './routing/chat-routing.service';
import { LIVE_CHAT_JOBS, LIVE_CHAT_QUEUE, type LiveChatJobData } from './live-chat.queue';
import { VisitorChatService } from './visitor-chat.service';

// Short: it is what catches an advisor who came online through the HTTP API, or an offer whose job was lost.
const ROUTING_SWEEP_EVERY_MS = 5_000;
const ABANDONED_SWEEP_EVERY_MS = 15_000;

/** Consumes the live-chat queue; handlers read the rows before acting, so a job delivered twice does nothing twice. */
@Injectable()
export class LiveChatProcessor implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly routing: ChatRoutingService,
    private readonly presence: ChatPresenceService,
    private readonly visitorChat: VisitorChatService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      LIVE_CHAT_QUEUE,
      byJobName<LiveChatJobData>(LIVE_CHAT_QUEUE, {
        [LIVE_CHAT_JOBS.expireOffer]: ({ offerId }) => this.routing.expire(offerId),
        [LIVE_CHAT_JOBS.presenceGrace]: ({ advisorId }) => this.presence.graceOver(advisorId),
      }),
    );
    this.jobs.registerSweep('chat-routing', ROUTING_SWEEP_EVERY_MS, () => this.routing.sweep());
    this.jobs.registerSweep('presence-expiry', expirySweepEveryMs(this.config.chat.presenceGraceSeconds), () => this.presence.expireUnseen());
    this.jobs.registerSweep('chat-abandoned', ABANDONED_SWEEP_EVERY_MS, () => this.visitorChat.closeAbandoned().then(() => undefined));
  }
}
