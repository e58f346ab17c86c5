import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AdvisorsService } from '../advisors/advisors.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SitesService } from '../sites/sites.service';

/** Ensures the admin, API key and site key named in the environment exist, so a fresh deployment is usable. */
@Injectable()
export class EnvBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EnvBootstrapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly advisors: AdvisorsService,
    private readonly apiKeys: ApiKeysService,
    private readonly sites: SitesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { admin, apiKey, siteKey } = this.config;
    // Instances booting together may race on these; the loser's unique violation just means "already there".
    const tolerant = (what: string, work: Promise<unknown>) =>
      work.catch((error: unknown) => this.logger.warn({ err: error }, `Could not ensure ${what}; another instance may have`));
    if (admin) await tolerant('the admin advisor', this.advisors.ensureAdmin(admin.email, admin.password));
    if (apiKey) await tolerant('the API key', this.apiKeys.ensure(apiKey));
    if (siteKey) await tolerant('the site key', this.sites.ensure(siteKey));
  }
}
