import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { CreateSiteDto, SiteWithSecretDto, UpdateSiteDto } from './dto/site.dto';
import { SitesManagementService } from './sites-management.service';

// A site's identity secret is a credential: the same scope as API keys, or the console's admins.
@ApiTags('Sites')
@Authenticated({ scopes: ['api-keys:manage'], roles: ['admin'] })
@Controller(['api/v1/sites', 'console/v1/sites'])
export class SitesController {
  constructor(private readonly sites: SitesManagementService) {}

  /** Sites with their public key, identity secret and allowed origins. */
  @Get()
  @ApiPageResponse(SiteWithSecretDto)
  list(@Query() query: PageQueryDto) {
    return this.sites.list(query);
  }

  /** A new site key and identity secret for another website or app. */
  @Post()
  create(@Body() dto: CreateSiteDto): Promise<SiteWithSecretDto> {
    return this.sites.create(dto);
  }

  /** Name, allowed origins (in effect within 30 s on every instance), default locale. */
  @Patch(':id')
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSiteDto): Promise<SiteWithSecretDto> {
    return this.sites.update(id, dto);
  }

  /** Replaces the identity secret; tokens signed with the old one no longer identify anyone. */
  @Post(':id/rotate-identity-secret')
  @HttpCode(200)
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND' })
  rotate(@Param('id', ParseUUIDPipe) id: string): Promise<SiteWithSecretDto> {
    return this.sites.rotateIdentitySecret(id);
  }
}
