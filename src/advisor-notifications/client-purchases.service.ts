import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { ChatRealtime } from '../live-chat/chat-realtime.service';
import { MailService } from '../mail/mail.service';
import { AdvisorNotification } from './advisor-notification.entity';
import { AdvisorNotificationsService, toNotificationResponse } from './advisor-notifications.service';
import { clientPurchaseMail } from './client-purchase-texts';

const SWEEP_EVERY_MS = 10_000;
/** Purchases are looked for this far back, so a sweep after a long stop still finds what came in meanwhile. */
const LOOKBACK_MS = 2 * 24 * 3600 * 1000;

/** Online purchases of owned clients, from both channels; an interaction without an order id is its own order. */
const RECENT_PURCHASES_SQL = `
  SELECT v.customer_id, e.data ->> 'orderId' AS order_id, (e.data ->> 'amount')::numeric AS amount, e.received_at AS at, 'web' AS channel,
         coalesce((SELECT jsonb_agg((it ->> 'sku') || ' x ' || (it ->> 'quantity'))
                     FROM (SELECT ce.data FROM visit_event ce WHERE ce.visit_id = e.visit_id AND ce.type = 'cart_update' AND ce.received_at <= e.received_at
                            ORDER BY ce.received_at DESC LIMIT 1) last_cart,
                          jsonb_array_elements(last_cart.data -> 'items') it), '[]'::jsonb) AS items
    FROM visit_event e JOIN visit v ON v.id = e.visit_id
   WHERE e.type = 'purchase' AND e.received_at >= $1 AND v.customer_id IS NOT NULL
  UNION ALL
  SELECT i.customer_id, coalesce(i.data ->> 'orderId', i.id::text), i.amount, i.occurred_at, 'integration',
         CASE WHEN i.summary IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(i.summary) END
    FROM interaction i
   WHERE i.type = 'purchase' AND i.created_at >= $1 AND i.channel IN ('web', 'mobile')`;

/**
 * "Your client X bought Y online": a sweep turns each online purchase of a client who has an owner advisor into one
 * notification row per order (the row is the truth, the unique index the dedupe), then delivers the rows not delivered
 * yet: a mail in the advisor's language and a `notification:new` event on their console sockets.
 */
@Injectable()
export class ClientPurchasesService implements OnModuleInit {
  private readonly logger = new Logger(ClientPurchasesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    private readonly realtime: ChatRealtime,
    private readonly notifications: AdvisorNotificationsService,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('client-purchases', SWEEP_EVERY_MS, () => this.sweep());
  }

  async sweep(): Promise<void> {
    await this.record(new Date(Date.now() - LOOKBACK_MS));
    const due: { id: string }[] = await this.dataSource.query(`SELECT id FROM advisor_notification WHERE delivered_at IS NULL ORDER BY created_at LIMIT 200`);
    for (const { id } of due) {
      await this.deliver(id).catch((error: unknown) => this.logger.warn({ err: error, notificationId: id }, 'Notification not delivered yet'));
    }
  }

  private async record(since: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO advisor_notification (advisor_id, kind, customer_id, order_id, data, occurred_at)
       SELECT DISTINCT ON (p.customer_id, p.order_id) c.owner_advisor_id, 'client_purchase', c.id, p.order_id,
              jsonb_build_object('customerName', c.name, 'orderId', p.order_id, 'amount', p.amount::float8, 'items', p.items, 'channel', p.channel), p.at
         FROM (${RECENT_PURCHASES_SQL}) p
         JOIN customer c ON c.id = p.customer_id AND c.owner_advisor_id IS NOT NULL AND c.erased_at IS NULL AND c.merged_into_id IS NULL
        WHERE p.order_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM advisor_notification n WHERE n.kind = 'client_purchase' AND n.customer_id = p.customer_id AND n.order_id = p.order_id)
        ORDER BY p.customer_id, p.order_id, p.at
       ON CONFLICT (customer_id, order_id) WHERE kind = 'client_purchase' DO NOTHING`,
      [since],
    );
  }

  /** Mail first (deduped by the row id), then the socket; the row is marked last, so a crash in between only repeats the socket event. */
  private async deliver(id: string): Promise<void> {
    const notification = await this.dataSource.getRepository(AdvisorNotification).findOneBy({ id });
    if (!notification || notification.deliveredAt || !notification.customerId) return;
    const [advisor]: { email: string; language: string | null; disabled_at: Date | null }[] = await this.dataSource.query(
      `SELECT email, languages[1] AS language, disabled_at FROM advisor WHERE id = $1`,
      [notification.advisorId],
    );
    if (advisor && !advisor.disabled_at) {
      const mail = clientPurchaseMail(notification.data, advisor.language, notification.customerId);
      await this.mail.send({ dedupeKey: `client_purchase:${notification.id}`, kind: 'client_purchase', to: advisor.email, ...mail });
      this.realtime.toAdvisor(notification.advisorId, 'notification:new', toNotificationResponse(notification, advisor.language));
    }
    await this.dataSource.getRepository(AdvisorNotification).update({ id }, { deliveredAt: new Date() });
  }
}
