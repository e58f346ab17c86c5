import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiExcludeController, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiAuth, ConsoleAuth, CurrentPrincipal, Public } from '../auth/auth.decorators';
import type { AdvisorPrincipal } from '../auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { CartFollowUpsService } from './cart-follow-ups.service';
import { CartFollowUpDto, CartFollowUpQueryDto, FollowUpPolicyDto, FollowUpPolicyResponseDto } from './dto/follow-up.dto';
import { FollowUpPoliciesService } from './follow-up-policies.service';

@ApiTags('Follow-ups')
@ApiAuth('targeting:manage')
@Controller('api/v1')
export class FollowUpsApiController {
  constructor(
    private readonly policies: FollowUpPoliciesService,
    private readonly followUps: CartFollowUpsService,
  ) {}

  @Get('sites/:siteId/follow-up-policy')
  policy(@Param('siteId', ParseUUIDPipe) siteId: string): Promise<FollowUpPolicyResponseDto> {
    return this.policies.get(siteId);
  }

  @Put('sites/:siteId/follow-up-policy')
  setPolicy(@Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: FollowUpPolicyDto): Promise<FollowUpPolicyResponseDto> {
    return this.policies.put(siteId, dto);
  }

  /** Abandoned carts and what became of them (status, outcome, amount recovered), oldest first. */
  @Get('cart-follow-ups')
  @ApiPageResponse(CartFollowUpDto)
  list(@Query() query: CartFollowUpQueryDto) {
    return this.followUps.list(query);
  }
}

@ApiTags('Follow-ups')
@Controller('console/v1')
export class FollowUpsConsoleController {
  constructor(
    private readonly policies: FollowUpPoliciesService,
    private readonly followUps: CartFollowUpsService,
  ) {}

  @Get('sites/:siteId/follow-up-policy')
  @ConsoleAuth('admin', 'supervisor')
  policy(@Param('siteId', ParseUUIDPipe) siteId: string): Promise<FollowUpPolicyResponseDto> {
    return this.policies.get(siteId);
  }

  @Put('sites/:siteId/follow-up-policy')
  @ConsoleAuth('admin', 'supervisor')
  setPolicy(@Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: FollowUpPolicyDto): Promise<FollowUpPolicyResponseDto> {
    return this.policies.put(siteId, dto);
  }

  /** Abandoned carts to call about: a store advisor sees their own clients', the phone team and supervisors all. */
  @Get('cart-follow-ups')
  @ConsoleAuth()
  @ApiPageResponse(CartFollowUpDto)
  list(@Query() query: CartFollowUpQueryDto, @CurrentPrincipal() advisor: AdvisorPrincipal) {
    return this.followUps.list(query, advisor);
  }

  @Post('cart-follow-ups/:id/done')
  @ConsoleAuth()
  done(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() advisor: AdvisorPrincipal): Promise<CartFollowUpDto> {
    return this.followUps.markDone(advisor, id);
  }
}

/** The link in follow-up e-mails: no login. POST too, for mail clients' one-click unsubscribe. */
@ApiExcludeController()
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly followUps: CartFollowUpsService) {}

  @Get(':token')
  page(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.unsubscribe(token, reply);
  }

  @Post(':token')
  oneClick(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.unsubscribe(token, reply);
  }

  // The type is set once the page exists: an error stays the usual JSON body.
  private async unsubscribe(token: string, reply: FastifyReply): Promise<string> {
    const page = await this.followUps.unsubscribe(token);
    void reply.header('content-type', 'text/html; charset=utf-8');
    return page;
  }
}
