/** One queue for webhook attempts; a job carries the delivery id and the attempt it is for, the row is the truth. */
export const WEBHOOKS_QUEUE = 'webhooks';
export const WEBHOOK_JOBS = { deliver: 'deliver' } as const;

export interface DeliverWebhookJob {
  deliveryId: string;
}

export const deliverJobId = (deliveryId: string, attempt: number) => `webhook-${deliveryId}-${attempt}`;
