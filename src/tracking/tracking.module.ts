import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../customers/customers.module';
import { Site } from '../sites/site.entity';
import { TargetingModule } from '../targeting/targeting.module';
import { EventBatchReader } from './event-batch/event-batch-reader';
import { EventBatchWriter } from './event-batch/event-batch-writer';
import { SiteSecretsService } from './identity/site-secrets.service';
import { SitesController } from './sites.controller';
import { TrackingSettings } from './tracking.settings';
import { Visit } from './visit.entity';
import { VisitEvent } from './visit-event.entity';
import { VisitorIdentityService } from './identity/visitor-identity.service';
import { VisitsController, VisitsWidgetController } from './visits.controller';
import { VisitsService } from './visits.service';

@Module({
  imports: [TypeOrmModule.forFeature([Visit, VisitEvent, Site]), CustomersModule, TargetingModule],
  controllers: [VisitsWidgetController, VisitsController, SitesController],
  providers: [TrackingSettings, VisitsService, EventBatchReader, EventBatchWriter, VisitorIdentityService, SiteSecretsService],
  exports: [VisitsService],
})
export class TrackingModule {}
