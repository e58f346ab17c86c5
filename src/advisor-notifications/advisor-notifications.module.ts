import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../customers/customers.module';
import { LiveChatModule } from '../live-chat/live-chat.module';
import { MailModule } from '../mail/mail.module';
import { AdvisorNotification } from './advisor-notification.entity';
import { AdvisorNotificationsController } from './advisor-notifications.controller';
import { AdvisorNotificationsService } from './advisor-notifications.service';
import { ClientPurchasesService } from './client-purchases.service';
import { NotificationsPersonalData } from './notifications-personal-data';

/** What the console tells an advisor about their own clients (today: their online purchases), listed and pushed live. */
@Module({
  imports: [TypeOrmModule.forFeature([AdvisorNotification]), CustomersModule, LiveChatModule, MailModule],
  controllers: [AdvisorNotificationsController],
  providers: [AdvisorNotificationsService, ClientPurchasesService, NotificationsPersonalData],
})
export class AdvisorNotificationsModule {}
