import { Body, Controller, Get, Param, ParseEnumPipe, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { CallbacksService } from './callbacks/callbacks.service';
import { AnalyticsRangeDto, UpdateTeamDto } from './dto/escalation.dto';
import { TEAM_KEYS, TeamKey } from './team.entity';
import { TeamsService } from './teams.service';

@ApiTags('Teams')
@Authenticated({ scopes: ['escalations:manage'] })
@Controller('api/v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  /** The phone and chat teams with their business hours, slot length, capacity and callback promise. */
  @Get()
  list() {
    return this.teams.list();
  }

  /** Changes a team's hours, slot length, capacity or callback promise. */
  @Patch(':key')
  update(@Param('key', new ParseEnumPipe(Object.fromEntries(TEAM_KEYS.map((k) => [k, k])))) key: TeamKey, @Body() dto: UpdateTeamDto) {
    return this.teams.update(key, dto);
  }
}

/** Also under `/console/v1` for supervisors: the console's analytics dashboard draws it. */
@ApiTags('Analytics')
@Authenticated({ scopes: ['analytics:read'], roles: ['admin', 'supervisor'] })
@Controller(['api/v1/analytics', 'console/v1/analytics'])
export class CallbackAnalyticsController {
  constructor(private readonly callbacks: CallbacksService) {}

  /** Callbacks with a slot in `[from, to)`: booked, kept within the promise (%), late, outcome mix. */
  @Get('callbacks')
  callbacksReport(@Query() query: AnalyticsRangeDto) {
    return this.callbacks.analytics(query);
  }
}
