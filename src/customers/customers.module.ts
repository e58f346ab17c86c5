import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller';
import { AuditProfileAccessInterceptor } from './audit-profile-access.interceptor';
import { ConsentEvent } from './consent-event.entity';
import { Customer } from './customer.entity';
import { CustomerIdentity } from './customer-identity.entity';
import { CustomerMerge } from './customer-merge.entity';
import { CustomerMergesService } from './customer-merges.service';
import { CustomerIdentityController, CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { IdentityLookups } from './identity-lookups';
import { Interaction } from './interaction.entity';
import { PersonalDataRegistry } from './personal-data.registry';
import { PersonalDataService } from './personal-data.service';
import { ProfileAccess } from './profile-access.entity';
import { ProfileAccessLog } from './profile-access.log';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, CustomerIdentity, Interaction, CustomerMerge, ConsentEvent, ProfileAccess])],
  controllers: [CustomersController, CustomerIdentityController, AuditController],
  providers: [CustomersService, IdentityLookups, CustomerMergesService, PersonalDataRegistry, PersonalDataService, ProfileAccessLog, AuditProfileAccessInterceptor],
  exports: [CustomersService, PersonalDataRegistry, ProfileAccessLog],
})
export class CustomersModule {}
