import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AvailabilityModule } from '../availability/availability.module';
import { Clock } from './clock';
import { TargetingAction } from './targeting-action.entity';
import { TargetingAnalyticsApiController, TargetingAnalyticsConsoleController } from './targeting-analytics.controllers';
import { TargetingAnalyticsService } from './analytics/targeting-analytics.service';
import { TargetingCountersService } from './analytics/targeting-counters.service';
import { TargetingDecisionsService } from './targeting-decisions.service';
import { TargetingRuleEntity } from './targeting-rule.entity';
import { TargetingRulesApiController, TargetingRulesConsoleController } from './targeting-rules.controllers';
import { TargetingRulesService } from './targeting-rules.service';
import { TargetingSettings } from './targeting.settings';

@Module({
  imports: [TypeOrmModule.forFeature([TargetingRuleEntity, TargetingAction]), AvailabilityModule],
  controllers: [TargetingRulesApiController, TargetingRulesConsoleController, TargetingAnalyticsApiController, TargetingAnalyticsConsoleController],
  providers: [Clock, TargetingSettings, TargetingRulesService, TargetingCountersService, TargetingDecisionsService, TargetingAnalyticsService],
  exports: [Clock, TargetingSettings, TargetingRulesService, TargetingDecisionsService],
})
export class TargetingModule {}
