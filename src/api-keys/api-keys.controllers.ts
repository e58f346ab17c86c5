import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth, ConsoleAuth, CurrentPrincipal } from '../auth/auth.decorators';
import { AdvisorPrincipal, ApiKeyPrincipal } from '../auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

@ApiTags('API keys')
@ApiAuth('api-keys:manage')
@Controller('api/v1/api-keys')
export class ApiKeysApiController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Creates a key; the response is the only time the key is shown. */
  @Post()
  create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<CreatedApiKeyResponseDto> {
    return this.apiKeys.create(dto.name, dto.scopes, caller.id);
  }

  @Get()
  @ApiPageResponse(ApiKeyResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.apiKeys.list(query);
  }

  /** Revokes a key: it stops working at once on this instance and within seconds everywhere. */
  @Delete(':id')
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponseDto> {
    return this.apiKeys.revoke(id);
  }
}

@ApiTags('API keys')
@ConsoleAuth('admin')
@Controller('console/v1/api-keys')
export class ApiKeysConsoleController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() caller: AdvisorPrincipal): Promise<CreatedApiKeyResponseDto> {
    return this.apiKeys.create(dto.name, dto.scopes, caller.id);
  }

  @Get()
  @ApiPageResponse(ApiKeyResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.apiKeys.list(query);
  }

  @Delete(':id')
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponseDto> {
    return this.apiKeys.revoke(id);
  }
}
