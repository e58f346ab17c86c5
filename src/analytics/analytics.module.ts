import { Module } from '@nestjs/common';
import { TargetingModule } from '../targeting/targeting.module';
import { EngagementAnalyticsController } from './engagement-analytics.controller';
import { EngagementAnalyticsService } from './engagement-analytics.service';

// Reads other modules' tables (visits, targeting actions, conversations, callbacks, appointments); writes none.
@Module({
  imports: [TargetingModule],
  controllers: [EngagementAnalyticsController],
  providers: [EngagementAnalyticsService],
})
export class AnalyticsModule {}
