import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdvisorsService } from '../advisors/advisors.service';
import { Advisor } from '../advisors/advisor.entity';
import { generateApiKey } from '../api-keys/api-key-secret';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CustomersService } from '../customers/customers.service';
import { SitesService } from '../sites/sites.service';
import { StoresService } from '../stores/stores.service';
import { TargetingRulesService } from '../targeting/targeting-rules.service';
import { DEMO_ADVISORS, DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_RULES, DEMO_SITE_KEY, DEMO_STORES } from './demo-data';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Seeds the demo retailer into an empty database when RELAIS_DEMO is on (the embedded default). Its published
 * key and password are for a laptop's embedded database only: on PostgreSQL the seed is refused unless
 * RELAIS_DEMO_FORCE is set, and then the key and password are random, printed once when seeded.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stores: StoresService,
    private readonly advisors: AdvisorsService,
    private readonly customers: CustomersService,
    private readonly apiKeys: ApiKeysService,
    private readonly sites: SitesService,
    private readonly rules: TargetingRulesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const mode = this.config.demoMode;
    if (mode === 'off') return;
    if (mode === 'refused') {
      this.logger.warn(
        'RELAIS_DEMO=true ignored: demo data (with a published all-scope API key and password) is for the embedded database; set RELAIS_DEMO_FORCE=true to seed it on PostgreSQL with random credentials',
      );
      return;
    }
    if (mode === 'well-known') await this.apiKeys.ensure(DEMO_API_KEY, 'Demo key');
    // A database seeded by an earlier version on PostgreSQL keeps no published key.
    else if (await this.apiKeys.revokeByValue(DEMO_API_KEY)) this.logger.warn('Revoked the published demo API key found in this PostgreSQL database');
    await this.sites.ensure(DEMO_SITE_KEY, 'Demo shop');
    if (await this.dataSource.getRepository(Advisor).existsBy({ email: DEMO_ADVISORS[0].email })) return;
    if (mode === 'well-known') {
      await this.seed(DEMO_PASSWORD);
      return;
    }
    const apiKey = generateApiKey();
    const password = randomBytes(18).toString('base64url');
    await this.apiKeys.ensure(apiKey, 'Demo key (RELAIS_DEMO_FORCE)');
    await this.seed(password);
    this.logger.warn('Demo data seeded on PostgreSQL (RELAIS_DEMO_FORCE) with random credentials, printed once on standard output');
    // Shown once, on the console of whoever forced it, never in the JSON logs.
    process.stdout.write(`\nDemo data seeded with random credentials, shown only now:\n  Demo API key (integrators): ${apiKey}\n  Demo advisor password: ${password}\n\n`);
  }

  private async seed(password: string): Promise<void> {
    this.logger.log('Seeding demo data');
    const storeIds = new Map<string, string>();
    for (const store of DEMO_STORES) storeIds.set(store.code, (await this.stores.create(store)).id);
    const advisorIds = new Map<string, string>();
    for (const { store, ...advisor } of DEMO_ADVISORS) {
      const created = await this.advisors.create({ ...advisor, password, storeId: store ? storeIds.get(store) : undefined });
      advisorIds.set(advisor.email, created.id);
    }
    for (const { store, owner, interactions, ...profile } of DEMO_CUSTOMERS) {
      const { customer } = await this.customers.resolveOrCreate(
        {
          ...profile,
          preferredStoreId: store ? storeIds.get(store) : undefined,
          ownerAdvisorId: owner ? advisorIds.get(owner) : undefined,
          consents: { marketingEmail: { granted: true }, source: 'demo' },
        },
        'demo',
      );
      for (const { daysAgo, ...interaction } of interactions) {
        await this.customers.addInteraction(customer.id, { ...interaction, occurredAt: new Date(Date.now() - daysAgo * DAY_MS) });
      }
    }
    for (const rule of DEMO_RULES) await this.rules.create(rule);
  }
}
