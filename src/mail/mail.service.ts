import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { LessThanOrEqual, Repository } from 'typeorm';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { byJobName } from '../common/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { OutboxMailResponseDto, OutboxQueryDto } from './dto/outbox.dto';
import { MAIL_JOBS, MAIL_QUEUE, type MailJobData, SendMailJob, sendMailJobId } from './mail.queue';
import { OutboxMail } from './outbox-mail.entity';

/** The sender shown on every mail; mail servers rewrite it to the authenticated account when they must. */
export const MAIL_FROM = 'Relais <no-reply@relais.invalid>';
const MAX_ATTEMPTS = 5;
const SWEEP_EVERY_MS = 60_000;
/** A queued mail older than this without a result is delivered again by the sweep. */
const REDELIVER_AFTER_MS = 2 * 60_000;
/** An SMTP server that stops answering fails the send (and the job retries) instead of holding it for minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export interface MailToSend {
  /** Idempotency: a second mail with the same key is ignored. */
  dedupeKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
}

export const toOutboxMailResponse = (m: OutboxMail): OutboxMailResponseDto => ({
  id: m.id,
  kind: m.kind,
  to: m.to,
  subject: m.subject,
  text: m.text,
  status: m.status,
  attempts: m.attempts,
  lastError: m.lastError,
  sentAt: m.sentAt,
  createdAt: m.createdAt,
});

/**
 * Every mail is first written to the outbox table. Without SMTP_URL it stays there (`stored`) for admins to read;
 * with SMTP_URL a job sends it and records the result, and a sweep re-delivers queued mails a crash left behind.
 */
@Injectable()
export class MailService implements OnModuleInit {
  private readonly logger = new Logger(MailService.name);
  private transporter?: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(OutboxMail) private readonly mails: Repository<OutboxMail>,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(MAIL_QUEUE, byJobName<MailJobData>(MAIL_QUEUE, { [MAIL_JOBS.send]: ({ mailId }) => this.deliver(mailId) }));
    if (this.config.smtpUrl) this.jobs.registerSweep('mail-redeliver', SWEEP_EVERY_MS, () => this.redeliver());
  }

  /** Writes the mail to the outbox (once per dedupe key) and, with SMTP, queues its sending. */
  async send(mail: MailToSend): Promise<void> {
    const status = this.config.smtpUrl ? 'queued' : 'stored';
    const inserted = await this.mails
      .createQueryBuilder()
      .insert()
      .values({ ...mail, to: mail.to.toLowerCase(), status })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    if (id && status === 'queued') await this.jobs.enqueueOrLeaveToSweep(MAIL_QUEUE, MAIL_JOBS.send, { mailId: id } satisfies SendMailJob, { jobId: sendMailJobId(id) });
  }

  async list(query: OutboxQueryDto): Promise<Page<OutboxMailResponseDto>> {
    const qb = this.mails.createQueryBuilder('m');
    if (query.to) qb.where('m.to_address = :to', { to: query.to.toLowerCase() });
    return mapPage(await keysetPage(qb, query, { column: 'm.created_at', value: (m) => m.createdAt, direction: 'DESC' }), toOutboxMailResponse);
  }

  private async deliver(mailId: string): Promise<void> {
    const mail = await this.mails.findOneBy({ id: mailId });
    if (!mail || mail.status !== 'queued' || !this.config.smtpUrl) return;
    try {
      this.transporter ??= createTransport({ url: this.config.smtpUrl, ...SMTP_TIMEOUTS });
      await this.transporter.sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
      await this.mails.update({ id: mail.id, status: 'queued' }, { status: 'sent', sentAt: new Date(), attempts: mail.attempts + 1, lastError: null });
    } catch (error) {
      const attempts = mail.attempts + 1;
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      await this.mails.update({ id: mail.id }, { attempts, lastError: message, status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued' });
      this.logger.warn({ mailId: mail.id, attempts }, 'Mail not sent');
      if (attempts < MAX_ATTEMPTS) throw error;
    }
  }

  private async redeliver(): Promise<void> {
    const stale = await this.mails.find({ select: { id: true }, where: { status: 'queued', updatedAt: LessThanOrEqual(new Date(Date.now() - REDELIVER_AFTER_MS)) }, take: 100 });
    for (const { id } of stale) await this.jobs.enqueue(MAIL_QUEUE, MAIL_JOBS.send, { mailId: id } satisfies SendMailJob, { jobId: sendMailJobId(id) });
  }
}
