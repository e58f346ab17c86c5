import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { TargetingAnalyticsQueryDto, TargetingAnalyticsResponseDto } from './dto/targeting-analytics.dto';
import { TargetingAnalyticsService } from './analytics/targeting-analytics.service';

@ApiTags('Analytics')
@Authenticated({ scopes: ['analytics:read'], roles: ['admin', 'supervisor'] })
@Controller(['api/v1/analytics/targeting', 'console/v1/analytics/targeting'])
export class TargetingAnalyticsController {
  constructor(private readonly analytics: TargetingAnalyticsService) {}

  /** Per rule and action type: evaluated, matched, shown, accepted, declined, converted, control; rates and uplift. */
  @Get()
  report(@Query() query: TargetingAnalyticsQueryDto): Promise<TargetingAnalyticsResponseDto> {
    return this.analytics.report(query);
  }
}
