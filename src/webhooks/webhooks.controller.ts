import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import type { ApiKeyPrincipal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { CreatedWebhookResponseDto, CreateWebhookDto, UpdateWebhookDto, WebhookDeliveryResponseDto, WebhookResponseDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Authenticated({ scopes: ['webhooks:manage'] })
@Controller('api/v1/webhooks')
export class WebhooksApiController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Subscribes a URL to events; the response is the only time the signing secret is shown. */
  @Post()
  create(@Body() dto: CreateWebhookDto, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<CreatedWebhookResponseDto> {
    return this.webhooks.create(dto, caller.name);
  }

  /** Subscriptions, oldest first, without their secrets. */
  @Get()
  @ApiPageResponse(WebhookResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.webhooks.list(query);
  }

  /** Changes the URL, the events or whether deliveries are enabled (re-enabling resets the failure count). */
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponseDto> {
    return this.webhooks.update(id, dto);
  }

  /** Stops deliveries at once; the delivery log goes with the subscription. */
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  /** Deliveries newest first, each with every attempt (response code, latency, error). */
  @Get(':id/deliveries')
  @ApiPageResponse(WebhookDeliveryResponseDto)
  deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto) {
    return this.webhooks.listDeliveries(id, query);
  }

  /** Sends one delivery again, as a new attempt with the same event id. */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  redeliver(@Param('id', ParseUUIDPipe) id: string, @Param('deliveryId', ParseUUIDPipe) deliveryId: string): Promise<WebhookDeliveryResponseDto> {
    return this.webhooks.redeliver(id, deliveryId);
  }
}
