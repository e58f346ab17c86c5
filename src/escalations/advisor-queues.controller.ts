import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal } from '../common/auth/principal';
import { AppointmentsService } from './store-visits/appointments.service';
import { CallRequestsService } from './call-requests/call-requests.service';
import { CallbacksService } from './callbacks/callbacks.service';
import {
  AppointmentListQueryDto,
  AppointmentOutcomeDto,
  CallbackListQueryDto,
  CallOutcomeDto,
  CloseRequestDto,
  QueueListQueryDto,
  StoreRequestListQueryDto,
} from './dto/escalation.dto';
import { StoreRequestsService } from './store-visits/store-requests.service';

@ApiTags('Console: phone')
@Authenticated({ roles: ['phone_advisor', 'supervisor', 'admin'] })
@Controller('console/v1')
export class PhoneConsoleController {
  constructor(
    private readonly callbacks: CallbacksService,
    private readonly callRequests: CallRequestsService,
  ) {}

  /** Scheduled callbacks in due order, with the handoff (customer, conversation, visit, and the language to speak). */
  @Get('callbacks')
  listCallbacks(@CurrentPrincipal() advisor: AdvisorPrincipal, @Query() query: CallbackListQueryDto) {
    return this.callbacks.list(advisor, query);
  }

  /** One callback with its handoff. */
  @Get('callbacks/:id')
  getCallback(@Param('id', ParseUUIDPipe) id: string) {
    return this.callbacks.get(id);
  }

  /** Take a due callback now instead of waiting for the assignment. */
  @Post('callbacks/:id/take')
  @HttpCode(200)
  takeCallback(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.callbacks.take(advisor, id);
  }

  /** reached | no_answer (one retry is scheduled) | wrong_number. */
  @Post('callbacks/:id/outcome')
  @HttpCode(200)
  callbackOutcome(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CallOutcomeDto) {
    return this.callbacks.recordOutcome(advisor, id, dto);
  }

  /** Links this callback to the profile its typed e-mail or phone matches (`handoff.contactMatchesProfile`), after checking with the person; audited. */
  @Post('callbacks/:id/link-profile')
  @HttpCode(200)
  linkCallbackProfile(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.callbacks.linkProfile(advisor, id);
  }

  /** Click-to-call requests, oldest first. */
  @Get('call-requests')
  listCallRequests(@Query() query: QueueListQueryDto) {
    return this.callRequests.list(query);
  }

  /** Takes a click-to-call request: you call the visitor now. */
  @Post('call-requests/:id/take')
  @HttpCode(200)
  takeCallRequest(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.callRequests.take(advisor, id);
  }

  /** reached | no_answer | wrong_number, for a call request you took. */
  @Post('call-requests/:id/outcome')
  @HttpCode(200)
  callRequestOutcome(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CallOutcomeDto) {
    return this.callRequests.recordOutcome(advisor, id, dto);
  }

  /** Links this call request to the profile its typed e-mail or phone matches (`handoff.contactMatchesProfile`), after checking with the person; audited. */
  @Post('call-requests/:id/link-profile')
  @HttpCode(200)
  linkCallRequestProfile(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.callRequests.linkProfile(advisor, id);
  }
}

@ApiTags('Console: store')
@Authenticated({ roles: ['store_advisor', 'supervisor', 'admin'] })
@Controller('console/v1')
export class StoreConsoleController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly storeRequests: StoreRequestsService,
  ) {}

  /** A store advisor sees their store's appointments only; supervisors may filter by storeId. */
  @Get('appointments')
  listAppointments(@CurrentPrincipal() advisor: AdvisorPrincipal, @Query() query: AppointmentListQueryDto) {
    return this.appointments.list(advisor, query);
  }

  /** One appointment with its handoff. */
  @Get('appointments/:id')
  getAppointment(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.appointments.get(advisor, id);
  }

  /** attended | no_show | cancelled; goes on the customer's timeline. */
  @Post('appointments/:id/outcome')
  @HttpCode(200)
  appointmentOutcome(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AppointmentOutcomeDto) {
    return this.appointments.recordOutcome(advisor, id, dto);
  }

  /** Links this appointment to the profile its typed e-mail or phone matches (`handoff.contactMatchesProfile`), after checking with the person; audited. */
  @Post('appointments/:id/link-profile')
  @HttpCode(200)
  linkAppointmentProfile(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.appointments.linkProfile(advisor, id);
  }

  /** "Have the store contact me" requests of my store, oldest first; `status` picks one step. */
  @Get('store-requests')
  listStoreRequests(@CurrentPrincipal() advisor: AdvisorPrincipal, @Query() query: StoreRequestListQueryDto) {
    return this.storeRequests.list(advisor, query);
  }

  /** One store contact request with its handoff. */
  @Get('store-requests/:id')
  getStoreRequest(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.storeRequests.get(advisor, id);
  }

  /** new -> taken: you will contact the customer, who is told by e-mail. */
  @Post('store-requests/:id/take')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Taken by another advisor (ALREADY_TAKEN), or not new (INVALID_STATUS_TRANSITION, details.allowed)' })
  takeStoreRequest(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.storeRequests.take(advisor, id);
  }

  /** taken -> contacted: you reached the customer; they get an e-mail. */
  @Post('store-requests/:id/contacted')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Not taken (INVALID_STATUS_TRANSITION, details.allowed)' })
  storeRequestContacted(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseRequestDto) {
    return this.storeRequests.markContacted(advisor, id, dto);
  }

  /** contacted -> done, with what came of it; the customer gets an e-mail. */
  @Post('store-requests/:id/done')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Not contacted yet (INVALID_STATUS_TRANSITION, details.allowed)' })
  storeRequestDone(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseRequestDto) {
    return this.storeRequests.markDone(advisor, id, dto);
  }

  /** new, taken or contacted -> cancelled; the customer gets an e-mail. */
  @Post('store-requests/:id/cancel')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Already done or cancelled (INVALID_STATUS_TRANSITION)' })
  cancelStoreRequest(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseRequestDto) {
    return this.storeRequests.cancel(advisor, id, dto);
  }

  /** Links this store request to the profile its typed e-mail or phone matches (`handoff.contactMatchesProfile`), after checking with the person; audited. */
  @Post('store-requests/:id/link-profile')
  @HttpCode(200)
  linkStoreRequestProfile(@CurrentPrincipal() advisor: AdvisorPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.storeRequests.linkProfile(advisor, id);
  }
}
