import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookSettings } from './webhook.settings';
import { WebhooksApiController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Signed deliveries of domain events to integrators' URLs, with retries, a log, and auto-disable. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSubscription, WebhookDelivery, WebhookDeliveryAttempt]), MailModule],
  controllers: [WebhooksApiController],
  providers: [WebhookSettings, WebhooksService, WebhookDeliveriesService],
})
export class WebhooksModule {}
