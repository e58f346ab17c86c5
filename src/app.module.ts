import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AdvisorNotificationsModule } from './advisor-notifications/advisor-notifications.module';
import { AdvisorsModule } from './advisors/advisors.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { loggerParams } from './common/logging';
import { APP_CONFIG, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { CustomersModule } from './customers/customers.module';
import { EscalationsModule } from './escalations/escalations.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { createDataSource } from './database/data-source';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { LiveChatModule } from './live-chat/live-chat.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { PagesModule } from './pages/pages.module';
import { RedisModule } from './redis/redis.module';
import { SetupModule } from './setup/setup.module';
import { SitesModule } from './sites/sites.module';
import { StockAlertsModule } from './stock-alerts/stock-alerts.module';
import { StoresModule } from './stores/stores.module';
import { VirtualAgentModule } from './virtual-agent/virtual-agent.module';
import { TargetingModule } from './targeting/targeting.module';
import { TrackingModule } from './tracking/tracking.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: loggerParams }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', autoLoadEntities: true }),
      // The factory gets no injection; the configuration is pure and cached, so reading it here is the same value.
      dataSourceFactory: async (options) => (await createDataSource(loadConfig(), options!.entities)).initialize(),
    }),
    EventEmitterModule.forRoot(),
    RedisModule,
    JobsModule,
    AuthModule,
    HealthModule,
    MetricsModule,
    ApiKeysModule,
    SitesModule,
    StoresModule,
    AdvisorsModule,
    AdvisorNotificationsModule,
    CustomersModule,
    TargetingModule,
    TrackingModule,
    MailModule,
    EscalationsModule,
    VirtualAgentModule,
    ConversationsModule,
    LiveChatModule,
    SetupModule,
    WebhooksModule,
    FollowUpsModule,
    StockAlertsModule,
    AnalyticsModule,
    PagesModule,
  ],
})
export class AppModule {}
