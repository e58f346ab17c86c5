import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { ChatPresenceService } from './chat-presence.service';
import { ChatRoutingService } from './chat-routing.service';
import { ExpireOfferJob, LIVE_CHAT_JOBS, LIVE_CHAT_QUEUE, PresenceGraceJob } from './live-chat.queue';
import { VisitorChatService } from './visitor-chat.service';

// Short: it is what catches an advisor who came online through the HTTP API, or an offer whose job was lost.
const ROUTING_SWEEP_EVERY_MS = 5_000;
const ABANDONED_SWEEP_EVERY_MS = 15_000;

/** Consumes the live-chat queue; handlers read the rows before acting, so a job delivered twice does nothing twice. */
@Injectable()
export class LiveChatProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly routing: ChatRoutingService,
    private readonly presence: ChatPresenceService,
    private readonly visitorChat: VisitorChatService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(LIVE_CHAT_QUEUE, async (name, data) => {
      switch (name) {
        case LIVE_CHAT_JOBS.expireOffer:
          await this.routing.expire((data as ExpireOfferJob).offerId);
          return;
        case LIVE_CHAT_JOBS.presenceGrace:
          await this.presence.graceOver((data as PresenceGraceJob).advisorId);
          return;
        default:
          throw new Error(`Unknown live-chat job ${name}`);
      }
    });
    this.jobs.registerSweep('chat-routing', ROUTING_SWEEP_EVERY_MS, () => this.routing.sweep());
    this.jobs.registerSweep('chat-abandoned', ABANDONED_SWEEP_EVERY_MS, () => this.visitorChat.closeAbandoned().then(() => undefined));
  }
}
