import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AdvisorPrincipal } from '../common/auth/principal';
import { DomainError, notFound } from '../common/domain-error';
import { DOMAIN_EVENTS, domainEvent } from '../common/domain-events';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CustomersService } from '../customers/customers.service';
import { textLanguage } from '../escalations/texts/visitor-texts';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { Clock } from '../targeting/clock';
import { CartFollowUp } from './cart-follow-up.entity';
import { CartFollowUpDto, CartFollowUpQueryDto } from './dto/follow-up.dto';
import { FollowUpPoliciesService } from './follow-up-policies.service';
import { followUpMode, MAX_FOLLOW_UP_DAYS } from './follow-up-policy';
import { cartReminderMail, unsubscribedPage } from './follow-up-texts';
import { followUpIdOf, unsubscribeToken } from './unsubscribe-token';

const SWEEP_EVERY_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;

const toDto = (f: CartFollowUp): CartFollowUpDto => ({
  id: f.id,
  siteId: f.siteId,
  visitId: f.visitId,
  customerId: f.customerId,
  ownerAdvisorId: f.ownerAdvisorId,
  cart: f.cart,
  cartValue: f.cartValue,
  abandonedAt: f.abandonedAt,
  dueAt: f.dueAt,
  expiresAt: f.expiresAt,
  mode: f.mode,
  manualReason: f.manualReason,
  status: f.status,
  skipReason: f.skipReason,
  sentAt: f.sentAt,
  doneById: f.doneById,
  doneAt: f.doneAt,
  outcome: f.outcome,
  recoveredAmount: f.recoveredAmount,
  recoveredAt: f.recoveredAt,
});

interface Candidate {
  id: string;
  site_id: string;
  visitor_id: string;
  customer_id: string;
  owner_advisor_id: string | null;
  cart: CartFollowUp['cart'];
  cart_value: string;
  last_event_at: Date;
  payment_failed: boolean;
}

interface Recipient {
  email: string | null;
  locale: string | null;
  ownerAdvisorId: string | null;
  marketing: boolean;
  gone: boolean;
}

/** Why nothing may be done for a due follow-up; a manual one needs only a customer still there. */
function skipReason(followUp: CartFollowUp, policyEnabled: boolean, recipient: Recipient | undefined, now: Date): string | undefined {
  if (now > followUp.expiresAt) return 'expired';
  if (!policyEnabled) return 'policy_disabled';
  if (!recipient || recipient.gone) return 'customer_gone';
  if (followUp.mode === 'manual') return undefined;
  if (!recipient.email) return 'no_email';
  if (!recipient.marketing) return 'no_marketing_consent';
  return undefined;
}

/**
 * Abandoned carts, found by a sweep on the server's clock: a visit of a known customer with a non-empty cart, no
 * purchase and no activity for the policy's time. Each cart has one row that is its whole life (see the entity);
 * the row is the truth, so a sweep after a crash or a restart carries on where things stood, and a mail has a
 * dedupe key, so it is never sent twice.
 */
@Injectable()
export class CartFollowUpsService implements OnModuleInit {
  private readonly logger = new Logger(CartFollowUpsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly policies: FollowUpPoliciesService,
    private readonly mail: MailService,
    private readonly customers: CustomersService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('cart-follow-ups', SWEEP_EVERY_MS, () => this.sweep());
  }

  /** Finds newly abandoned carts, records purchases and expiries, then follows up what is due. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    await this.detect(now);
    await this.settle(now);
    const due: { id: string }[] = await this.dataSource.query(`SELECT id FROM cart_follow_up WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at LIMIT 500`, [now]);
    for (const { id } of due) await this.followUp(id, now);
  }

  private async detect(now: Date): Promise<void> {
    // Known customers only: an anonymous visitor cannot be followed up. One open sequence per customer.
    const candidates: Candidate[] = await this.dataSource.query(
      `SELECT v.id, v.site_id, v.visitor_id, v.customer_id, c.owner_advisor_id, v.context -> 'cart' AS cart, v.context ->> 'cartValue' AS cart_value, v.last_event_at,
              EXISTS (SELECT 1 FROM conversation cv JOIN conversation_message m ON m.conversation_id = cv.id
                       WHERE cv.visit_id = v.id AND m.intent = 'payment_failed') AS payment_failed
         FROM visit v JOIN customer c ON c.id = v.customer_id AND c.erased_at IS NULL AND c.merged_into_id IS NULL
         LEFT JOIN follow_up_policy p ON p.site_id = v.site_id
        WHERE v.customer_id IS NOT NULL AND v.started_at >= $2 AND v.purchased_at IS NULL
          AND (v.context ->> 'cartCount')::int > 0 AND coalesce(p.enabled, true)
          AND v.last_event_at <= $1::timestamptz - make_interval(mins => coalesce(p.inactivity_minutes, $3))
          AND NOT EXISTS (SELECT 1 FROM cart_follow_up f WHERE f.visit_id = v.id)
          AND NOT EXISTS (SELECT 1 FROM cart_follow_up f WHERE f.customer_id = v.customer_id AND f.status IN ('scheduled', 'task_open'))
        ORDER BY v.last_event_at LIMIT 500`,
      [now, new Date(now.getTime() - MAX_FOLLOW_UP_DAYS * DAY_MS), this.policies.defaults.inactivityMinutes],
    );
    const seenCustomers = new Set<string>();
    for (const v of candidates) {
      if (seenCustomers.has(v.customer_id)) continue;
      seenCustomers.add(v.customer_id);
      const policy = await this.policies.valuesFor(v.site_id);
      const cartValue = Number(v.cart_value);
      const { mode, reason } = followUpMode(cartValue, v.payment_failed, policy);
      const abandonedAt = new Date(v.last_event_at);
      const inserted = await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(CartFollowUp)
        .values({
          siteId: v.site_id,
          visitId: v.id,
          visitorId: v.visitor_id,
          customerId: v.customer_id,
          ownerAdvisorId: v.owner_advisor_id,
          cart: v.cart,
          cartValue,
          abandonedAt,
          dueAt: new Date(abandonedAt.getTime() + policy.delayHours * 3600 * 1000),
          expiresAt: new Date(abandonedAt.getTime() + policy.maxDays * DAY_MS),
          mode,
          manualReason: reason,
          status: 'scheduled',
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (id) this.publish(DOMAIN_EVENTS.cartAbandoned, { followUpId: id, customerId: v.customer_id, visitId: v.id, cartValue, mode, abandonedAt }, now);
    }
  }

  /** A purchase on any channel between abandonment and expiry recovers the cart (and cancels what was not sent yet); past expiry it is lost. */
  private async settle(now: Date): Promise<void> {
    const [recovered]: [{ id: string; customer_id: string; amount: string | null; at: Date }[]] = await this.dataSource.query(
      `WITH bought AS (
         SELECT f.id, p.at, p.amount FROM cart_follow_up f
           CROSS JOIN LATERAL (
             SELECT x.at, x.amount FROM (
               SELECT i.occurred_at AS at, i.amount FROM interaction i
                WHERE i.customer_id = f.customer_id AND i.type = 'purchase' AND i.occurred_at >= f.abandoned_at AND i.occurred_at <= least(f.expires_at, $1)
               UNION ALL
               SELECT e.received_at, (e.data ->> 'amount')::numeric FROM visit v JOIN visit_event e ON e.visit_id = v.id AND e.type = 'purchase'
                WHERE v.customer_id = f.customer_id AND v.purchased_at >= f.abandoned_at AND e.received_at >= f.abandoned_at AND e.received_at <= least(f.expires_at, $1)
             ) x ORDER BY x.at LIMIT 1) p
          WHERE f.outcome IS NULL)
       UPDATE cart_follow_up f SET outcome = 'recovered', recovered_amount = b.amount, recovered_at = b.at,
              status = CASE WHEN f.status = 'scheduled' THEN 'cancelled' ELSE f.status END, updated_at = now()
         FROM bought b WHERE f.id = b.id
       RETURNING f.id, f.customer_id, b.amount, b.at`,
      [now],
    );
    for (const r of recovered) {
      this.publish(DOMAIN_EVENTS.cartRecovered, { followUpId: r.id, customerId: r.customer_id, amount: r.amount === null ? null : Number(r.amount), purchasedAt: r.at }, now);
    }
    await this.dataSource.query(
      `UPDATE cart_follow_up SET outcome = 'not_recovered', status = CASE WHEN status = 'scheduled' THEN 'skipped' ELSE status END,
              skip_reason = CASE WHEN status = 'scheduled' THEN 'expired' ELSE skip_reason END, updated_at = now()
        WHERE outcome IS NULL AND expires_at < $1`,
      [now],
    );
  }

  /** One due follow-up: a task for a person, or the e-mail when the customer can and may receive it. */
  private async followUp(id: string, now: Date): Promise<void> {
    const followUp = await this.dataSource.getRepository(CartFollowUp).findOneByOrFail({ id });
    const policy = await this.policies.valuesFor(followUp.siteId);
    const recipient = await this.recipient(followUp.customerId);
    const skip = skipReason(followUp, policy.enabled, recipient, now);
    if (skip) return this.transition(id, { status: 'skipped', skipReason: skip });
    if (followUp.mode === 'manual') return this.transition(id, { status: 'task_open', ownerAdvisorId: recipient!.ownerAdvisorId });
    const mail = cartReminderMail(recipient!.locale, followUp.cart, followUp.cartValue, policy.incentiveCode, this.unsubscribeUrl(id));
    // The dedupe key makes a second run (a crash between these two lines, another instance's sweep) write nothing.
    await this.mail.send({ dedupeKey: `cart_follow_up:${id}`, kind: 'cart_follow_up', to: recipient!.email!, ...mail });
    await this.transition(id, { status: 'sent', sentAt: now });
  }

  private async recipient(customerId: string): Promise<Recipient | undefined> {
    const [row]: Recipient[] = await this.dataSource.query(
      `SELECT email, locale, owner_advisor_id AS "ownerAdvisorId", coalesce((consents -> 'marketingEmail' ->> 'granted')::boolean, false) AS marketing,
              (erased_at IS NOT NULL OR merged_into_id IS NOT NULL) AS gone
         FROM customer WHERE id = $1`,
      [customerId],
    );
    return row;
  }

  /** Moves a scheduled follow-up on; a follow-up moved meanwhile (purchase, another sweep) stays as it is. */
  private async transition(id: string, set: Partial<CartFollowUp>): Promise<void> {
    await this.dataSource.getRepository(CartFollowUp).update({ id, status: 'scheduled' }, set);
  }

  private unsubscribeUrl(id: string): string {
    return `${this.config.publicUrl}/unsubscribe/${unsubscribeToken(this.config.jwtSecret, id)}`;
  }

  /**
   * The e-mail's link: withdraws the customer's marketing e-mail consent (recorded with its source), for good, without
   * logging in. Using it again changes nothing. Unknown or forged tokens get 404.
   */
  async unsubscribe(token: string): Promise<string> {
    const id = followUpIdOf(this.config.jwtSecret, token);
    const followUp = id ? await this.dataSource.getRepository(CartFollowUp).findOneBy({ id }) : null;
    if (!followUp) throw notFound('UNSUBSCRIBE_LINK_INVALID', 'This unsubscribe link is not valid');
    let customerId = followUp.customerId;
    const recipient = await this.recipient(customerId);
    try {
      await this.customers.update(customerId, { consents: { marketingEmail: { granted: false }, source: 'unsubscribe_link' } }, 'unsubscribe_link');
    } catch (error) {
      // A profile merged since: the person is now the merge's target. An erased one gets nothing anyway.
      const mergedIntoId = error instanceof DomainError ? (error.details as { mergedIntoId?: string } | undefined)?.mergedIntoId : undefined;
      if (!mergedIntoId) throw error;
      customerId = mergedIntoId;
      await this.customers.update(customerId, { consents: { marketingEmail: { granted: false }, source: 'unsubscribe_link' } }, 'unsubscribe_link');
    }
    this.logger.log({ followUpId: followUp.id, customerId }, 'Marketing e-mail consent withdrawn through an unsubscribe link');
    return unsubscribedPage(textLanguage(recipient?.locale));
  }

  async list(query: CartFollowUpQueryDto, advisor?: AdvisorPrincipal): Promise<Page<CartFollowUpDto>> {
    const qb = this.dataSource.getRepository(CartFollowUp).createQueryBuilder('f');
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    if (query.customerId) qb.andWhere('f.customer_id = :customerId', { customerId: query.customerId });
    // A store advisor works the tasks of their own clients; the phone team and supervisors see every task.
    if (advisor && !advisor.roles.some((r) => r === 'admin' || r === 'supervisor' || r === 'phone_advisor')) qb.andWhere('f.owner_advisor_id = :me', { me: advisor.id });
    return mapPage(await keysetPage(qb, query, { column: 'f.created_at', value: (f) => f.createdAt, direction: 'ASC' }), toDto);
  }

  async markDone(advisor: AdvisorPrincipal, id: string): Promise<CartFollowUpDto> {
    const repository = this.dataSource.getRepository(CartFollowUp);
    await repository.update({ id, status: 'task_open' }, { status: 'done', doneById: advisor.id, doneAt: this.clock.now() });
    const followUp = await repository.findOneBy({ id });
    if (!followUp) throw notFound('FOLLOW_UP_NOT_FOUND', `No cart follow-up with id ${id}`);
    return toDto(followUp);
  }

  private publish(type: (typeof DOMAIN_EVENTS)[keyof typeof DOMAIN_EVENTS], data: object, now: Date): void {
    this.events.emit(type, domainEvent(type, data, now));
  }
}
