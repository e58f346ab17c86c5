import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth, ConsoleAuth } from '../auth/auth.decorators';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { SiteWithSecretDto } from './dto/site.dto';
import { SiteSecretsService } from './identity/site-secrets.service';

// Reading a signing secret is credential management: the same scope as API keys, or the console's admins.

@ApiTags('Sites')
@ApiAuth('api-keys:manage')
@Controller('api/v1/sites')
export class SitesApiController {
  constructor(private readonly sites: SiteSecretsService) {}

  /** Sites with their public key and identity secret. */
  @Get()
  @ApiPageResponse(SiteWithSecretDto)
  list(@Query() query: PageQueryDto) {
    return this.sites.list(query);
  }
}

@ApiTags('Sites')
@ConsoleAuth('admin')
@Controller('console/v1/sites')
export class SitesConsoleController {
  constructor(private readonly sites: SiteSecretsService) {}

  @Get()
  @ApiPageResponse(SiteWithSecretDto)
  list(@Query() query: PageQueryDto) {
    return this.sites.list(query);
  }
}
