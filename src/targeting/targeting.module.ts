import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvisorAvailabilityService } from './advisor-availability.service';
import { Clock } from './clock';
import { DecisionRecordsService } from './decision-records.service';
import { TargetingAction } from './targeting-action.entity';
import { TargetingAnalyticsController } from './targeting-analytics.controller';
import { TargetingAnalyticsService } from './targeting-analytics.service';
import { TargetingCountersService } from './targeting-counters.service';
import { TargetingDecision } from './targeting-decision.entity';
import { TargetingDecisionsService } from './targeting-decisions.service';
import { TargetingRuleEntity } from './targeting-rule.entity';
import { TargetingRulesController } from './targeting-rules.controller';
import { TargetingRulesService } from './targeting-rules.service';
import { TargetingSettings } from './targeting.settings';

@Module({
  imports: [TypeOrmModule.forFeature([TargetingRuleEntity, TargetingAction, TargetingDecision])],
  controllers: [TargetingRulesController, TargetingAnalyticsController],
  providers: [Clock, TargetingSettings, TargetingRulesService, AdvisorAvailabilityService, TargetingCountersService, TargetingDecisionsService, TargetingAnalyticsService, DecisionRecordsService],
  exports: [Clock, TargetingSettings, TargetingRulesService, TargetingDecisionsService, DecisionRecordsService],
})
export class TargetingModule {}
