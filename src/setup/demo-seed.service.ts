import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdvisorsService } from '../advisors/advisors.service';
import { Advisor } from '../advisors/advisor.entity';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CustomersService } from '../customers/customers.service';
import { SitesService } from '../sites/sites.service';
import { StoresService } from '../stores/stores.service';
import { TargetingRulesService } from '../targeting/targeting-rules.service';
import { DEMO_ADVISORS, DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_RULES, DEMO_SITE_KEY, DEMO_STORES } from './demo-data';

const DAY_MS = 24 * 3600 * 1000;

/** Seeds the demo retailer into an empty database when RELAIS_DEMO is on (the embedded default). */
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
    if (!this.config.demo) return;
    await this.apiKeys.ensure(DEMO_API_KEY);
    await this.sites.ensure(DEMO_SITE_KEY, 'Demo shop');
    if (await this.dataSource.getRepository(Advisor).existsBy({ email: DEMO_ADVISORS[0].email })) return;
    this.logger.log('Seeding demo data');
    const storeIds = new Map<string, string>();
    for (const store of DEMO_STORES) storeIds.set(store.code, (await this.stores.create(store)).id);
    const advisorIds = new Map<string, string>();
    for (const { store, ...advisor } of DEMO_ADVISORS) {
      const created = await this.advisors.create({ ...advisor, password: DEMO_PASSWORD, storeId: store ? storeIds.get(store) : undefined });
      advisorIds.set(advisor.email, created.id);
    }
    for (const { store, owner, interactions, ...profile } of DEMO_CUSTOMERS) {
      const { customer } = await this.customers.resolveOrCreate(
        { ...profile, preferredStoreId: store ? storeIds.get(store) : undefined, ownerAdvisorId: owner ? advisorIds.get(owner) : undefined, consents: { marketingEmail: { granted: true }, source: 'demo' } },
        'demo',
      );
      for (const { daysAgo, ...interaction } of interactions) {
        await this.customers.addInteraction(customer.id, { ...interaction, occurredAt: new Date(Date.now() - daysAgo * DAY_MS) });
      }
    }
    for (const rule of DEMO_RULES) await this.rules.create(rule);
  }
}
