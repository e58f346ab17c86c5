import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { CreateStoreDto, StoreQueryDto, StoreResponseDto } from './dto/store.dto';
import { StoresService } from './stores.service';

@ApiTags('Stores')
@Controller('api/v1/stores')
export class StoresApiController {
  constructor(private readonly stores: StoresService) {}

  /** Stores, nearest first with `near=lat,lng`, or same département first with `postcode=`. */
  @Authenticated({ scopes: ['stores:read'] })
  @Get()
  @ApiPageResponse(StoreResponseDto)
  list(@Query() query: StoreQueryDto) {
    return this.stores.list(query);
  }

  /** Adds a store: code, address, position and contact details. */
  @Authenticated({ scopes: ['stores:manage'] })
  @Post()
  create(@Body() dto: CreateStoreDto): Promise<StoreResponseDto> {
    return this.stores.create(dto);
  }
}

@ApiTags('Widget: stores')
@Authenticated({ visitor: 'site-key' })
@Controller('widget/v1/stores')
export class StoresWidgetController {
  constructor(private readonly stores: StoresService) {}

  /** Stores for the visitor to pick from, nearest first with `near=lat,lng`. */
  @Get()
  @ApiPageResponse(StoreResponseDto)
  list(@Query() query: StoreQueryDto) {
    return this.stores.list(query);
  }
}
