import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Public } from '../common/auth/access-policy.decorator';
import { notFound } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SitesService } from '../sites/sites.service';
import { signIdentityToken } from '../tracking/identity/identity-token';
import { DEMO_CUSTOMERS, DEMO_SITE_KEY } from './demo-data';

class DemoLoginDto {
  @IsIn(['lea'])
  customer: 'lea';
}

const TOKEN_SECONDS = 3600;

/**
 * The demo shop's "server": it signs an identity token for a demo customer with the demo site's secret, as a
 * merchant's back end would after its own login. Only with demo data; a real shop never exposes such a route.
 */
@ApiExcludeController()
@Public()
@Controller('demo/v1')
export class DemoIdentityController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sites: SitesService,
  ) {}

  @Post('identity-token')
  @HttpCode(200)
  async identityToken(@Body() _dto: DemoLoginDto): Promise<{ identityToken: string }> {
    const site = this.config.demo ? await this.sites.findByKey(DEMO_SITE_KEY) : null;
    if (!site) throw notFound('NOT_FOUND', 'The demo is not enabled on this instance');
    const lea = DEMO_CUSTOMERS[0];
    return { identityToken: signIdentityToken({ email: lea.email, exp: Math.floor(Date.now() / 1000) + TOKEN_SECONDS }, site.identitySecret) };
  }
}
