import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiExcludeController, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentPrincipal, Public } from '../common/auth/access-policy.decorator';
import type { AdvisorPrincipal, Principal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { CartFollowUpsService } from './cart-follow-ups.service';
import { CartFollowUpDto, CartFollowUpQueryDto, FollowUpPolicyDto, FollowUpPolicyResponseDto } from './dto/follow-up.dto';
import { FollowUpPoliciesService } from './follow-up-policies.service';

@ApiTags('Follow-ups')
@Authenticated({ scopes: ['targeting:manage'], roles: ['admin', 'supervisor'] })
@Controller(['api/v1/sites/:siteId/follow-up-policy', 'console/v1/sites/:siteId/follow-up-policy'])
export class FollowUpPolicyController {
  constructor(private readonly policies: FollowUpPoliciesService) {}

  /** The site's abandoned-cart policy (defaults until edited). */
  @Get()
  get(@Param('siteId', ParseUUIDPipe) siteId: string): Promise<FollowUpPolicyResponseDto> {
    return this.policies.get(siteId);
  }

  /** Changes the fields given; the others keep their value. */
  @Put()
  put(@Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: FollowUpPolicyDto): Promise<FollowUpPolicyResponseDto> {
    return this.policies.put(siteId, dto);
  }
}

@ApiTags('Follow-ups')
@Controller(['api/v1/cart-follow-ups', 'console/v1/cart-follow-ups'])
export class CartFollowUpsController {
  constructor(private readonly followUps: CartFollowUpsService) {}

  /** Abandoned carts and what became of them, oldest first; a store advisor sees their own clients', the phone team and supervisors all. */
  @Get()
  @Authenticated({ scopes: ['targeting:manage'], roles: [] })
  @ApiPageResponse(CartFollowUpDto)
  list(@Query() query: CartFollowUpQueryDto, @CurrentPrincipal() caller: Principal) {
    return this.followUps.list(query, caller.kind === 'advisor' ? caller : undefined);
  }
}

/** Closing a manual follow-up is an advisor's act (it records who did it), so it lives under the console only. */
@ApiTags('Follow-ups')
@Controller('console/v1/cart-follow-ups')
export class CartFollowUpTasksController {
  constructor(private readonly followUps: CartFollowUpsService) {}

  /** A manual follow-up (a call about the cart) is done. */
  @Post(':id/done')
  @Authenticated({ roles: [] })
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
