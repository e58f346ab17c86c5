import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Advisor } from '../advisors/advisor.entity';
import { AvailabilityModule } from '../availability/availability.module';
import { CustomersModule } from '../customers/customers.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MailModule } from '../mail/mail.module';
import { Store } from '../stores/store.entity';
import { Appointment } from './store-visits/appointment.entity';
import { AppointmentsService } from './store-visits/appointments.service';
import { AvailabilityService } from './availability.service';
import { CallRequest } from './call-requests/call-request.entity';
import { CallRequestsService } from './call-requests/call-requests.service';
import { Callback } from './callbacks/callback.entity';
import { CallbacksService } from './callbacks/callbacks.service';
import { EscalationContactsService } from './escalation-contacts.service';
import { CallbackAnalyticsController, TeamsController } from './teams.controller';
import { PhoneConsoleController, StoreConsoleController } from './advisor-queues.controller';
import { EscalationsPersonalData } from './escalations-personal-data';
import { EscalationsProcessor } from './escalations.processor';
import { EscalationsWidgetController } from './escalations.controller';
import { StoreRequest } from './store-visits/store-request.entity';
import { StoreRequestsService } from './store-visits/store-requests.service';
import { Team } from './team.entity';
import { TeamsService } from './teams.service';

/** Escalation to people outside live chat: availability, callbacks, click-to-call, store appointments and requests. */
@Module({
  imports: [TypeOrmModule.forFeature([Team, Callback, CallRequest, Appointment, StoreRequest, Advisor, Store]), CustomersModule, MailModule, AvailabilityModule, IdempotencyModule],
  controllers: [EscalationsWidgetController, PhoneConsoleController, StoreConsoleController, TeamsController, CallbackAnalyticsController],
  providers: [
    TeamsService,
    EscalationContactsService,
    CallbacksService,
    CallRequestsService,
    AppointmentsService,
    StoreRequestsService,
    AvailabilityService,
    EscalationsProcessor,
    EscalationsPersonalData,
  ],
  exports: [AvailabilityService, CallbacksService, TeamsService],
})
export class EscalationsModule {}
