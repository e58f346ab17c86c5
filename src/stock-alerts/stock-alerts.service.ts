import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { Clock } from '../targeting/clock';
import { CreateStockAlertDto, RestockedResponseDto, StockAlertResponseDto } from './dto/stock-alert.dto';
import { backInStockMail, STOCK_ALERT_CONSENT, stockAlertConfirmationMail } from './stock-alert-texts';
import { StockAlert } from './stock-alert.entity';

const CLAIM_BATCH = 200;
const SWEEP_EVERY_MS = 60_000;
/** A claim this old without its mail marked sent was left by a crash (a claim's mails take well under this). */
const STALE_CLAIM_MS = 2 * 60_000;

interface Claimed {
  id: string;
  sku: string;
  email: string;
  locale: string | null;
}

/** Back-in-stock alerts: each waiting alert is mailed exactly once, however many restocks arrive and whatever crashes. */
@Injectable()
export class StockAlertsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('stock-alerts-claimed', SWEEP_EVERY_MS, () => this.finishStaleClaims(STALE_CLAIM_MS).then(() => undefined));
  }

  /** Asking twice for the same product while waiting is the same alert. */
  async create(siteId: string, dto: CreateStockAlertDto): Promise<StockAlertResponseDto> {
    const email = dto.email.trim().toLowerCase();
    const sku = dto.sku.trim();
    const repository = this.dataSource.getRepository(StockAlert);
    await repository
      .createQueryBuilder()
      .insert()
      .values({ siteId, sku, email, locale: dto.locale ?? null, consentText: STOCK_ALERT_CONSENT, consentedAt: this.clock.now(), status: 'waiting' })
      .orIgnore()
      .execute();
    const alert = await repository.findOneByOrFail({ siteId, sku, email, status: 'waiting' });
    await this.mail.send({ dedupeKey: `stock_alert_confirmation:${alert.id}`, kind: 'stock_alert_confirmation', to: email, ...stockAlertConfirmationMail(alert.locale, sku) });
    return { id: alert.id, sku, status: alert.status, consentedAt: alert.consentedAt };
  }

  /**
   * Claims the waiting alerts a batch at a time (rows another call holds are skipped, not waited for), mails each,
   * then marks it sent. A crash after a claim leaves `sending` rows that `finishStaleClaims` completes; the mail's
   * dedupe key makes a mail already written before the crash count as sent.
   */
  async restocked(sku: string): Promise<RestockedResponseDto> {
    let notified = 0;
    for (;;) {
      const [claimed]: [Claimed[]] = await this.dataSource.query(
        `UPDATE stock_alert SET status = 'sending', claimed_at = $2, updated_at = now()
          WHERE id IN (SELECT id FROM stock_alert WHERE sku = $1 AND status = 'waiting' ORDER BY created_at LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id, sku, email, locale`,
        [sku, this.clock.now()],
      );
      for (const alert of claimed) await this.send(alert);
      notified += claimed.length;
      if (claimed.length < CLAIM_BATCH) return { sku, notified };
    }
  }

  /** Completes alerts claimed longer than `olderThanMs` ago and never marked sent. */
  async finishStaleClaims(olderThanMs: number): Promise<number> {
    const stale: Claimed[] = await this.dataSource.query(`SELECT id, sku, email, locale FROM stock_alert WHERE status = 'sending' AND claimed_at <= $1 LIMIT 1000`, [
      new Date(this.clock.now().getTime() - olderThanMs),
    ]);
    for (const alert of stale) await this.send(alert);
    return stale.length;
  }

  private async send(alert: Claimed): Promise<void> {
    await this.mail.send({ dedupeKey: `stock_alert:${alert.id}`, kind: 'stock_alert', to: alert.email, ...backInStockMail(alert.locale, alert.sku) });
    await this.dataSource.query(`UPDATE stock_alert SET status = 'sent', sent_at = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`, [alert.id, this.clock.now()]);
  }
}
