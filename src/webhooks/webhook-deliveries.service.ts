import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CONVERSATION_ESCALATED_PUBLISHED, DOMAIN_EVENT_TYPES, DOMAIN_EVENTS, type DomainEvent } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { WebhookDeliveryAttempt } from './webhook-delivery.entity';
import { postJson, type PostResult } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import { WebhookSettings } from './webhook.settings';
import { deliverJobId, WEBHOOK_JOBS, WEBHOOKS_QUEUE, type DeliverWebhookJob } from './webhooks.queue';

/** An attempt in progress holds its delivery this long past its timeout, so the sweep does not start a second one. */
const LEASE_MARGIN_MS = 60_000;

interface ClaimedDelivery {
  id: string;
  attempts: number;
  payload: DomainEvent;
  subscription_id: string;
  url: string;
  secret: string;
}

/**
 * Turns domain events into signed deliveries: a row per subscriber, then one job per attempt. Attempts are claimed
 * in the row (status, due time, attempt count), so a job delivered twice, or a sweep racing a retry, sends once.
 */
@Injectable()
export class WebhookDeliveriesService implements OnModuleInit {
  private readonly logger = new Logger(WebhookDeliveriesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    private readonly settings: WebhookSettings,
    private readonly emitter: EventEmitter2,
  ) {}

  onModuleInit(): void {
    // Retries are this service's own delayed jobs, so the job system must not retry an attempt on top.
    this.jobs.register(WEBHOOKS_QUEUE, (_name, data) => this.attempt((data as DeliverWebhookJob).deliveryId));
    this.jobs.registerSweep('webhooks-due', this.settings.sweepEveryMs, () => this.enqueueDue());
    for (const type of DOMAIN_EVENT_TYPES) {
      // A listener on `conversation.escalated` itself would take the place of the live chat's answer: see CONVERSATION_ESCALATED_PUBLISHED.
      const channel = type === DOMAIN_EVENTS.conversationEscalated ? CONVERSATION_ESCALATED_PUBLISHED : type;
      this.emitter.on(channel, (event: DomainEvent) => {
        this.fanOut(event).catch((error: unknown) => this.logger.error({ err: error, type }, 'Webhook deliveries not queued'));
      });
    }
  }

  /** One pending delivery per enabled subscription to the event's type, each queued for its first attempt. */
  async fanOut(event: DomainEvent): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, payload, status, next_attempt_at)
       SELECT s.id, $1, $2, $3::jsonb, 'pending', now() FROM webhook_subscription s WHERE s.enabled AND $2 = ANY (s.events)
       ON CONFLICT ON CONSTRAINT webhook_delivery_once DO NOTHING
       RETURNING id`,
      [event.id, event.type, JSON.stringify(event)],
    );
    for (const { id } of rows) await this.enqueue(id, 1);
    return rows.map((r) => r.id);
  }

  /** Makes a delivery due now again (manual redelivery); its attempts keep counting. */
  async enqueue(deliveryId: string, attempt: number, delayMs = 0): Promise<void> {
    await this.jobs.enqueue(WEBHOOKS_QUEUE, WEBHOOK_JOBS.deliver, { deliveryId } satisfies DeliverWebhookJob, { jobId: deliverJobId(deliveryId, attempt), delayMs, attempts: 1 });
  }

  /** The sweep: deliveries due and not being attempted, e.g. after a restart or once a subscription is enabled again. */
  async enqueueDue(): Promise<void> {
    const due: { id: string; attempts: number }[] = await this.dataSource.query(
      `SELECT d.id, d.attempts FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id AND s.enabled
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() ORDER BY d.next_attempt_at LIMIT 500`,
    );
    for (const d of due) await this.enqueue(d.id, d.attempts + 1);
  }

  async attempt(deliveryId: string): Promise<void> {
    const now = new Date();
    // An UPDATE answers [rows, count].
    const [[claimed]]: [ClaimedDelivery[]] = await this.dataSource.query(
      `UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = $2, updated_at = now()
         FROM webhook_subscription s
        WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $3 AND s.id = d.subscription_id AND s.enabled
       RETURNING d.id, d.attempts, d.payload, d.subscription_id, s.url, s.secret`,
      [deliveryId, new Date(now.getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS), now],
    );
    if (!claimed) return; // done, not due yet, already being attempted, or its subscription is disabled
    const body = JSON.stringify(claimed.payload);
    const result = await postJson(
      claimed.url,
      body,
      {
        'x-relais-signature': signWebhook(claimed.secret, body, now),
        'x-relais-event-id': claimed.payload.id,
        'x-relais-event': claimed.payload.type,
        'x-relais-delivery': claimed.id,
        'x-relais-attempt': String(claimed.attempts),
      },
      { timeoutMs: this.settings.timeoutMs, allowPrivate: this.config.webhooksAllowPrivateNetworks },
    );
    await this.record(claimed, result, now);
  }

  private async record(delivery: ClaimedDelivery, result: PostResult, attemptedAt: Date): Promise<void> {
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const error = ok ? null : (result.error ?? `HTTP ${result.statusCode}`);
    await this.dataSource
      .getRepository(WebhookDeliveryAttempt)
      .insert({ deliveryId: delivery.id, attempt: delivery.attempts, statusCode: result.statusCode, latencyMs: result.latencyMs, error, attemptedAt });
    const last = { last_status_code: result.statusCode, last_latency_ms: result.latencyMs, last_error: error };
    if (ok) {
      await this.update(delivery.id, { ...last, status: 'succeeded', delivered_at: new Date(), next_attempt_at: null });
      await this.dataSource.query(`UPDATE webhook_subscription SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures > 0`, [delivery.subscription_id]);
      return;
    }
    if (delivery.attempts >= this.settings.maxAttempts) {
      await this.update(delivery.id, { ...last, status: 'failed', next_attempt_at: null });
      await this.countFailure(delivery.subscription_id);
      return;
    }
    const waitMs = this.settings.retryBaseMs * 2 ** (delivery.attempts - 1);
    await this.update(delivery.id, { ...last, next_attempt_at: new Date(Date.now() + waitMs) });
    await this.enqueue(delivery.id, delivery.attempts + 1, waitMs);
  }

  private async update(id: string, set: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(set);
    await this.dataSource.query(`UPDATE webhook_delivery SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [
      id,
      ...Object.values(set),
    ]);
  }

  /** A delivery failed for good: after enough in a row the subscription stops, and the admins hear why. */
  private async countFailure(subscriptionId: string): Promise<void> {
    const reason = `${this.settings.disableAfterFailedDeliveries} deliveries in a row failed after ${this.settings.maxAttempts} attempts each`;
    await this.dataSource.query(`UPDATE webhook_subscription SET consecutive_failures = consecutive_failures + 1, updated_at = now() WHERE id = $1`, [subscriptionId]);
    // Only one caller flips `enabled`, so the admins get one e-mail.
    const [[disabled]]: [{ url: string; created_by: string; disabled_at: Date }[]] = await this.dataSource.query(
      `UPDATE webhook_subscription SET enabled = false, disabled_at = now(), disabled_reason = $3, updated_at = now()
        WHERE id = $1 AND enabled AND consecutive_failures >= $2
       RETURNING url, created_by, disabled_at`,
      [subscriptionId, this.settings.disableAfterFailedDeliveries, reason],
    );
    if (!disabled) return;
    this.logger.warn({ subscriptionId }, 'Webhook subscription disabled after repeated failures');
    const admins: { email: string }[] = await this.dataSource.query(`SELECT email FROM advisor WHERE 'admin' = ANY (roles) AND disabled_at IS NULL`);
    for (const { email } of admins) {
      await this.mail.send({
        dedupeKey: `webhook_disabled:${subscriptionId}:${disabled.disabled_at.toISOString()}:${email}`,
        kind: 'webhook_disabled',
        to: email,
        subject: 'Relais: a webhook was disabled',
        text:
          `The webhook ${subscriptionId} to ${disabled.url} (created by "${disabled.created_by}") was disabled: ${reason}.\n\n` +
          `Its pending events are kept. Fix the receiver, then enable it again with PATCH /api/v1/webhooks/${subscriptionId} {"enabled": true}; ` +
          `failed deliveries can be sent again with POST /api/v1/webhooks/${subscriptionId}/deliveries/{deliveryId}/redeliver.`,
      });
    }
  }
}
