import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Advisor } from '../advisors/advisor.entity';
import { CustomersModule } from '../customers/customers.module';
import { MailModule } from '../mail/mail.module';
import { Store } from '../stores/store.entity';
import { Appointment } from './appointment.entity';
import { AppointmentsService } from './appointments.service';
import { AvailabilityService } from './availability.service';
import { CallRequest } from './call-request.entity';
import { CallRequestsService } from './call-requests.service';
import { Callback } from './callback.entity';
import { CallbacksService } from './callbacks.service';
import { EscalationContactsService } from './escalation-contacts.service';
import { CallbackAnalyticsController, TeamsController } from './teams.controller';
import { PhoneConsoleController, StoreConsoleController } from './advisor-queues.controller';
import { EscalationsPersonalData } from './escalations-personal-data';
import { EscalationsProcessor } from './escalations.processor';
import { EscalationsWidgetController } from './escalations.controller';
import { PresenceQueries } from './presence.queries';
import { StoreRequest } from './store-request.entity';
import { StoreRequestsService } from './store-requests.service';
import { Team } from './team.entity';
import { TeamsService } from './teams.service';

/** Escalation to people outside live chat: availability, callbacks, click-to-call, store appointments and requests. */
@Module({
  imports: [TypeOrmModule.forFeature([Team, Callback, CallRequest, Appointment, StoreRequest, Advisor, Store]), CustomersModule, MailModule],
  controllers: [EscalationsWidgetController, PhoneConsoleController, StoreConsoleController, TeamsController, CallbackAnalyticsController],
  providers: [TeamsService, PresenceQueries, EscalationContactsService, CallbacksService, CallRequestsService, AppointmentsService, StoreRequestsService, AvailabilityService, EscalationsProcessor, EscalationsPersonalData],
  exports: [AvailabilityService, CallbacksService],
})
export class EscalationsModule {}
