import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AdvisorPrincipal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ChatRealtime } from '../chat-realtime.service';
import { ChatPresenceService, heartbeatEveryMs } from './chat-presence.service';

/**
 * The console socket is the heartbeat: every instance serving sockets touches the advisors whose consoles are open on
 * it, whether or not it runs jobs. Timers alone would die with the instance; the touched row outlives it.
 */
@Injectable()
export class PresenceHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceHeartbeat.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly realtime: ChatRealtime,
    private readonly presence: ChatPresenceService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.realtime.serving()) return;
    this.timer = setInterval(() => this.beat(), heartbeatEveryMs(this.config.chat.presenceGraceSeconds));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Confirms these advisors now (a console that just connected), without waiting for the next beat. */
  seen(advisorId: string): void {
    this.presence.touch([advisorId]).catch((error: unknown) => this.logger.warn({ err: error }, 'Presence heartbeat failed'));
  }

  private beat(): void {
    const ids = new Set<string>();
    for (const socket of this.realtime.console().sockets.values()) ids.add((socket.data.principal as AdvisorPrincipal).id);
    this.presence.touch([...ids]).catch((error: unknown) => this.logger.warn({ err: error }, 'Presence heartbeat failed'));
  }
}
