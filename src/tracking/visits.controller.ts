import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { VisitorPrincipal } from '../common/auth/principal';
import { ApiBodySchema } from '../common/schema';
import { ActionResponseDto, ActionResponseResultDto, StartVisitDto, StartVisitResponseDto, VisitEventsResponseDto } from './dto/visit.dto';
import { VisitDecisionsResponseDto, VisitResponseDto } from './dto/visit-view.dto';
import { EVENTS_BODY_SCHEMA } from './tracking-event';
import { visitTokenMismatch } from './tracking.errors';
import { VisitsService } from './visits.service';

/** The visit token is bound to one visit: using it on another visit's route is refused. */
function ownVisit(principal: VisitorPrincipal, visitId: string): string {
  if (principal.visitId !== visitId) throw visitTokenMismatch();
  return visitId;
}

@ApiTags('Widget: visits')
@Controller('widget/v1/visits')
export class VisitsWidgetController {
  constructor(private readonly visits: VisitsService) {}

  /** Starts a visit; the country comes from the IP, the device from the user agent. */
  @Authenticated({ visitor: 'site-key' })
  @Post()
  start(@Body() dto: StartVisitDto, @CurrentPrincipal() visitor: VisitorPrincipal, @Req() request: FastifyRequest): Promise<StartVisitResponseDto> {
    return this.visits.start(visitor.siteId, dto, { ip: request.ip, userAgent: request.headers['user-agent'] });
  }

  /** A batch of events; answers the actions to show now and when to check again. The service validates the body (`INVALID_EVENTS`). */
  @Authenticated({ visitor: 'visit-token' })
  @Post(':visitId/events')
  @HttpCode(200)
  @ApiBodySchema(EVENTS_BODY_SCHEMA)
  @ApiNotFoundResponse({ description: 'VISIT_NOT_FOUND' })
  events(@Param('visitId', ParseUUIDPipe) visitId: string, @Body() body: object, @CurrentPrincipal() visitor: VisitorPrincipal): Promise<VisitEventsResponseDto> {
    return this.visits.track(ownVisit(visitor, visitId), body);
  }

  /** The visitor's answer to an action: a decline or dismissal is respected for the rest of the visit. */
  @Authenticated({ visitor: 'visit-token' })
  @Post(':visitId/actions/:actionId')
  @HttpCode(200)
  @ApiNotFoundResponse({ description: 'VISIT_NOT_FOUND or ACTION_NOT_FOUND' })
  respond(
    @Param('visitId', ParseUUIDPipe) visitId: string,
    @Param('actionId', ParseUUIDPipe) actionId: string,
    @Body() dto: ActionResponseDto,
    @CurrentPrincipal() visitor: VisitorPrincipal,
  ): Promise<ActionResponseResultDto> {
    return this.visits.respond(ownVisit(visitor, visitId), actionId, dto.response);
  }
}

@ApiTags('Visits')
@Authenticated({ scopes: ['visits:read'], roles: ['admin', 'supervisor'] })
@ApiNotFoundResponse({ description: 'VISIT_NOT_FOUND' })
@Controller(['api/v1/visits', 'console/v1/visits'])
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  /** A visit as stored: where it came from, the page it is on, its cart and whether it purchased. */
  @Get(':visitId')
  get(@Param('visitId', ParseUUIDPipe) visitId: string): Promise<VisitResponseDto> {
    return this.visits.get(visitId);
  }

  /** Which rules match this visit now and why (each condition with its actual value), and what was shown so far. */
  @Get(':visitId/decisions')
  decisions(@Param('visitId', ParseUUIDPipe) visitId: string): Promise<VisitDecisionsResponseDto> {
    return this.visits.explain(visitId);
  }
}
