import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import type { VisitorPrincipal } from '../common/auth/principal';
import { CreateStockAlertDto, RestockedResponseDto, StockAlertResponseDto } from './dto/stock-alert.dto';
import { StockAlertsService } from './stock-alerts.service';

@ApiTags('Stock alerts')
@Controller('widget/v1/stock-alerts')
export class StockAlertsWidgetController {
  constructor(private readonly alerts: StockAlertsService) {}

  /** "Tell me when it is back": records the consent and mails a confirmation. */
  @Post()
  @Authenticated({ visitor: 'site-key' })
  create(@Body() dto: CreateStockAlertDto, @CurrentPrincipal() visitor: VisitorPrincipal): Promise<StockAlertResponseDto> {
    return this.alerts.create(visitor.siteId, dto);
  }
}

@ApiTags('Stock alerts')
@Authenticated({ scopes: ['stores:manage'] })
@Controller('api/v1/stock')
export class StockApiController {
  constructor(private readonly alerts: StockAlertsService) {}

  /** The product is back: each waiting alert is mailed once, even when this is called twice at once. */
  @Post(':sku/restocked')
  @HttpCode(200)
  restocked(@Param('sku') sku: string): Promise<RestockedResponseDto> {
    return this.alerts.restocked(sku);
  }
}
