import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal, ApiKeyPrincipal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

@ApiTags('API keys')
@Authenticated({ scopes: ['api-keys:manage'], roles: ['admin'] })
@Controller(['api/v1/api-keys', 'console/v1/api-keys'])
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Creates a key; the response is the only time the key is shown. A key grants only scopes it holds (403 SCOPE_NOT_HELD); admins grant any. */
  @Post()
  @ApiForbiddenResponse({ description: 'The calling key lacks api-keys:manage, or a scope it asks to grant (SCOPE_NOT_HELD, details.scopes)' })
  create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() caller: ApiKeyPrincipal | AdvisorPrincipal): Promise<CreatedApiKeyResponseDto> {
    return this.apiKeys.create(dto.name, dto.scopes, caller);
  }

  /** Lists keys (never the keys themselves), newest first. */
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
