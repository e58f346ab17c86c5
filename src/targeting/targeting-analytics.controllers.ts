import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth, ConsoleAuth } from '../auth/auth.decorators';
import { TargetingAnalyticsQueryDto, TargetingAnalyticsResponseDto } from './dto/targeting-analytics.dto';
import { TargetingAnalyticsService } from './analytics/targeting-analytics.service';

@ApiTags('Analytics')
@ApiAuth('analytics:read')
@Controller('api/v1/analytics/targeting')
export class TargetingAnalyticsApiController {
  constructor(private readonly analytics: TargetingAnalyticsService) {}

  /** Per rule and action type: evaluated, matched, shown, accepted, declined, converted, control; rates and uplift. */
  @Get()
  report(@Query() query: TargetingAnalyticsQueryDto): Promise<TargetingAnalyticsResponseDto> {
    return this.analytics.report(query);
  }
}

@ApiTags('Analytics')
@ConsoleAuth('admin', 'supervisor')
@Controller('console/v1/analytics/targeting')
export class TargetingAnalyticsConsoleController {
  constructor(private readonly analytics: TargetingAnalyticsService) {}

  @Get()
  report(@Query() query: TargetingAnalyticsQueryDto): Promise<TargetingAnalyticsResponseDto> {
    return this.analytics.report(query);
  }
}
