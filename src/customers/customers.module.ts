import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller';
import { AuditProfileAccessInterceptor } from './privacy/audit-profile-access.interceptor';
import { ConsentEvent } from './privacy/consent-event.entity';
import { Customer } from './customer.entity';
import { CustomerIdentity } from './identity/customer-identity.entity';
import { CustomerMerge } from './merges/customer-merge.entity';
import { CustomerMergesService } from './merges/customer-merges.service';
import { CustomerIdentityController, CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { IdentityLookups } from './identity/identity-lookups';
import { Interaction } from './interaction.entity';
import { MyClientsController } from './my-clients.controller';
import { PersonalDataRegistry } from './privacy/personal-data.registry';
import { PersonalDataService } from './privacy/personal-data.service';
import { ProfileAccess } from './privacy/profile-access.entity';
import { ProfileAccessLog } from './privacy/profile-access.log';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, CustomerIdentity, Interaction, CustomerMerge, ConsentEvent, ProfileAccess])],
  controllers: [CustomersController, CustomerIdentityController, AuditController, MyClientsController],
  providers: [CustomersService, IdentityLookups, CustomerMergesService, PersonalDataRegistry, PersonalDataService, ProfileAccessLog, AuditProfileAccessInterceptor],
  exports: [CustomersService, PersonalDataRegistry, ProfileAccessLog],
})
export class CustomersModule {}
