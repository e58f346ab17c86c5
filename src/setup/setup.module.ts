import { Module } from '@nestjs/common';
import { AdvisorsModule } from '../advisors/advisors.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CustomersModule } from '../customers/customers.module';
import { SitesModule } from '../sites/sites.module';
import { StoresModule } from '../stores/stores.module';
import { TargetingModule } from '../targeting/targeting.module';
import { DemoIdentityController } from './demo-identity.controller';
import { DemoSeedService } from './demo-seed.service';
import { EnvBootstrapService } from './env-bootstrap.service';

@Module({
  imports: [AdvisorsModule, ApiKeysModule, SitesModule, StoresModule, CustomersModule, TargetingModule],
  controllers: [DemoIdentityController],
  providers: [EnvBootstrapService, DemoSeedService],
})
export class SetupModule {}
