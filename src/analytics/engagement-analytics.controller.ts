import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { EngagementQueryDto, EngagementReportDto } from './dto/engagement.dto';
import { engagementCsv } from './engagement-csv';
import { EngagementAnalyticsService } from './engagement-analytics.service';

@ApiTags('Analytics')
@Authenticated({ scopes: ['analytics:read'], roles: ['admin', 'supervisor'] })
@Controller(['api/v1/analytics/engagement', 'console/v1/analytics/engagement'])
export class EngagementAnalyticsController {
  constructor(private readonly engagement: EngagementAnalyticsService) {}

  /** Visits, proposals, chats, bot resolution, escalations, callbacks, appointments and attributed sales: totals and groups (JSON, or the groups as CSV with `Accept: text/csv`). */
  @Get()
  @ApiExtraModels(EngagementReportDto)
  @ApiOkResponse({
    description: 'The report; with `Accept: text/csv`, its groups as CSV with a header line',
    content: { 'application/json': { schema: { $ref: getSchemaPath(EngagementReportDto) } }, 'text/csv': { schema: { type: 'string' } } },
  })
  async report(
    @Query() query: EngagementQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EngagementReportDto | string> {
    const report = await this.engagement.report(query);
    if (!(accept ?? '').includes('text/csv')) return report;
    void reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="engagement-by-${report.groupBy}.csv"`);
    return engagementCsv(report.groupBy, report.groups);
  }
}
