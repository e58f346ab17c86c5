import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { SiteWithSecretDto } from './dto/site.dto';
import { SiteSecretsService } from './identity/site-secrets.service';

// Reading a signing secret is credential management: the same scope as API keys, or the console's admins.
@ApiTags('Sites')
@Authenticated({ scopes: ['api-keys:manage'], roles: ['admin'] })
@Controller(['api/v1/sites', 'console/v1/sites'])
export class SitesController {
  constructor(private readonly sites: SiteSecretsService) {}

  /** Sites with their public key and identity secret. */
  @Get()
  @ApiPageResponse(SiteWithSecretDto)
  list(@Query() query: PageQueryDto) {
    return this.sites.list(query);
  }
}
