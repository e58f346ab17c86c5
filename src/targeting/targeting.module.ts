import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AvailabilityModule } from '../availability/availability.module';
import { Clock } from './clock';
import { DecisionRecordsService } from './decision-records.service';
import { TargetingAction } from './targeting-action.entity';
import { TargetingAnalyticsController } from './targeting-analytics.controller';
import { TargetingAnalyticsService } from './analytics/targeting-analytics.service';
import { TargetingDecision } from './targeting-decision.entity';
import { TargetingCountersService } from './analytics/targeting-counters.service';
import { TargetingDecisionsService } from './targeting-decisions.service';
import { RulePreviewService } from './rule-preview.service';
import { TargetingRuleEntity } from './targeting-rule.entity';
import { TargetingRulesController } from './targeting-rules.controller';
import { TargetingRulesService } from './targeting-rules.service';
import { TargetingSettings } from './targeting.settings';

@Module({
  imports: [TypeOrmModule.forFeature([TargetingRuleEntity, TargetingAction, TargetingDecision]), AvailabilityModule],
  controllers: [TargetingRulesController, TargetingAnalyticsController],
  providers: [
    Clock,
    TargetingSettings,
    TargetingRulesService,
    RulePreviewService,
    TargetingCountersService,
    TargetingDecisionsService,
    TargetingAnalyticsService,
    DecisionRecordsService,
  ],
  exports: [Clock, TargetingSettings, TargetingRulesService, TargetingDecisionsService, DecisionRecordsService],
})
export class TargetingModule {}
