import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { badRequest, conflict, notFound, unprocessable } from '../common/domain-error';
import { keysetPage, Page } from '../common/pagination';
import type { PageQueryDto } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CreatedWebhookResponseDto, CreateWebhookDto, UpdateWebhookDto, WebhookDeliveryResponseDto, WebhookResponseDto } from './dto/webhook.dto';
import { privateAddressOf } from './private-network';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook-delivery.entity';
import { newWebhookSecret } from './webhook-signature';
import { WebhookSubscription } from './webhook-subscription.entity';

const toWebhookResponse = (s: WebhookSubscription): WebhookResponseDto => ({
  id: s.id,
  url: s.url,
  events: s.events,
  description: s.description,
  enabled: s.enabled,
  consecutiveFailures: s.consecutiveFailures,
  disabledAt: s.disabledAt,
  disabledReason: s.disabledReason,
  createdAt: s.createdAt,
});

const toDeliveryResponse = (d: WebhookDelivery, log: WebhookDeliveryAttempt[]): WebhookDeliveryResponseDto => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastLatencyMs: d.lastLatencyMs,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
  payload: { ...d.payload },
  log: log.map((a) => ({ attempt: a.attempt, statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error, attemptedAt: a.attemptedAt })),
});

/** Integrators' webhook subscriptions and their delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  async create(dto: CreateWebhookDto, createdBy: string): Promise<CreatedWebhookResponseDto> {
    await this.checkTarget(dto.url);
    const secret = newWebhookSecret();
    const saved = await this.dataSource.getRepository(WebhookSubscription).save({ url: dto.url, events: dto.events, description: dto.description ?? null, secret, createdBy });
    return { ...toWebhookResponse(saved), secret };
  }

  async list(query: PageQueryDto): Promise<Page<WebhookResponseDto>> {
    const page = await keysetPage(this.dataSource.getRepository(WebhookSubscription).createQueryBuilder('s'), query, {
      column: 's.created_at',
      value: (s) => s.createdAt,
      direction: 'DESC',
    });
    return { items: page.items.map(toWebhookResponse), nextCursor: page.nextCursor };
  }

  /** Enabling again starts over the failure count; pending deliveries go out at the next sweep. */
  async update(id: string, dto: UpdateWebhookDto): Promise<WebhookResponseDto> {
    const subscription = await this.find(id);
    if (dto.url !== undefined) await this.checkTarget(dto.url);
    const enabling = dto.enabled === true && !subscription.enabled;
    Object.assign(subscription, {
      ...(dto.url !== undefined && { url: dto.url }),
      ...(dto.events !== undefined && { events: dto.events }),
      ...(dto.description !== undefined && { description: dto.description }),
      ...(dto.enabled !== undefined && { enabled: dto.enabled }),
      ...(enabling && { consecutiveFailures: 0, disabledAt: null, disabledReason: null }),
    });
    const saved = await this.dataSource.getRepository(WebhookSubscription).save(subscription);
    if (enabling) await this.deliveries.enqueueDue();
    return toWebhookResponse(saved);
  }

  async remove(id: string): Promise<void> {
    const { affected } = await this.dataSource.getRepository(WebhookSubscription).delete({ id });
    if (!affected) throw notFound('WEBHOOK_NOT_FOUND', `No webhook with id ${id}`);
  }

  /** Newest first, each with its attempt log. */
  async listDeliveries(id: string, query: PageQueryDto): Promise<Page<WebhookDeliveryResponseDto>> {
    await this.find(id);
    const qb = this.dataSource.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.subscription_id = :id', { id });
    const page = await keysetPage(qb, query, { column: 'd.created_at', value: (d) => d.createdAt, direction: 'DESC' });
    const attempts = page.items.length
      ? await this.dataSource.getRepository(WebhookDeliveryAttempt).find({ where: { deliveryId: In(page.items.map((d) => d.id)) }, order: { attempt: 'ASC' } })
      : [];
    return {
      items: page.items.map((d) =>
        toDeliveryResponse(
          d,
          attempts.filter((a) => a.deliveryId === d.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** Sends a delivery again, same event id and body (a fresh signature); its attempts keep counting. */
  async redeliver(id: string, deliveryId: string): Promise<WebhookDeliveryResponseDto> {
    const subscription = await this.find(id);
    if (!subscription.enabled) throw unprocessable('WEBHOOK_DISABLED', 'This webhook is disabled; enable it first (PATCH with {"enabled": true})');
    const [[delivery]]: [{ id: string; attempts: number }[]] = await this.dataSource.query(
      `UPDATE webhook_delivery SET status = 'pending', next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND subscription_id = $2 AND status <> 'pending' RETURNING id, attempts`,
      [deliveryId, id],
    );
    if (!delivery) {
      const exists = await this.dataSource.getRepository(WebhookDelivery).existsBy({ id: deliveryId, subscriptionId: id });
      throw exists
        ? conflict('DELIVERY_PENDING', 'This delivery is already waiting for its next attempt')
        : notFound('DELIVERY_NOT_FOUND', `No delivery ${deliveryId} for webhook ${id}`);
    }
    await this.deliveries.enqueue(delivery.id, delivery.attempts + 1);
    const saved = await this.dataSource.getRepository(WebhookDelivery).findOneByOrFail({ id: delivery.id });
    return toDeliveryResponse(saved, await this.dataSource.getRepository(WebhookDeliveryAttempt).find({ where: { deliveryId: saved.id }, order: { attempt: 'ASC' } }));
  }

  private async find(id: string): Promise<WebhookSubscription> {
    const subscription = await this.dataSource.getRepository(WebhookSubscription).findOneBy({ id });
    if (!subscription) throw notFound('WEBHOOK_NOT_FOUND', `No webhook with id ${id}`);
    return subscription;
  }

  /** Saved only if it can be delivered to: a private or loopback receiver is refused unless the instance allows it. */
  private async checkTarget(url: string): Promise<void> {
    if (this.config.webhooksAllowPrivateNetworks) return;
    const address = await privateAddressOf(new URL(url).hostname);
    if (address) {
      throw badRequest('WEBHOOK_URL_PRIVATE', 'Webhooks cannot target loopback or private network addresses (RELAIS_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true allows them)', {
        address,
      });
    }
  }
}
