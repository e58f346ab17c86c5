import { Injectable } from '@nestjs/common';

/** Retry and disable policy; tests and embedding code may change the instance (`app.get(WebhookSettings)`). */
@Injectable()
export class WebhookSettings {
  /** Attempts per delivery: waits of 30 s, 1, 2, 4 ... 32 min between them (about an hour in all). */
  maxAttempts = 8;
  /** The first wait; each next one doubles. */
  retryBaseMs = 30_000;
  /** A receiver that answers nothing useful in this time failed the attempt. */
  timeoutMs = 10_000;
  /** After this many deliveries failed for good in a row, the subscription is disabled and the admins told. */
  disableAfterFailedDeliveries = 5;
  /** How often due deliveries are looked for (a crash or a restart leaves them in the table). */
  sweepEveryMs = 30_000;
}
