import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { VisitorPrincipal } from '../common/auth/principal';
import { RequestId } from '../common/request-id.decorator';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { AppointmentsService } from './store-visits/appointments.service';
import { AvailabilityService } from './availability.service';
import { CallRequestsService } from './call-requests/call-requests.service';
import { CallbacksService } from './callbacks/callbacks.service';
import {
  AppointmentSlotQueryDto,
  AvailabilityQueryDto,
  CreateAppointmentDto,
  CreateCallbackDto,
  CreateCallRequestDto,
  CreateStoreRequestDto,
  SlotQueryDto,
} from './dto/escalation.dto';
import { StoreRequestsService } from './store-visits/store-requests.service';

@ApiTags('Widget: escalation')
@Controller('widget/v1')
export class EscalationsWidgetController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly callbacks: CallbacksService,
    private readonly callRequests: CallRequestsService,
    private readonly appointments: AppointmentsService,
    private readonly storeRequests: StoreRequestsService,
  ) {}

  /** Which routes to a person are open now: chat, call, callback, store. */
  @Authenticated({ visitor: 'site-key' })
  @Get('availability')
  getAvailability(@Query() query: AvailabilityQueryDto) {
    return this.availability.now(query);
  }

  /** Free callback slots from the phone team's hours and capacity. */
  @Authenticated({ visitor: 'site-key' })
  @Get('callback-slots')
  callbackSlots(@Query() query: SlotQueryDto) {
    return this.callbacks.slots(query);
  }

  /** Books a callback in a free slot; the phone team calls the number then. */
  @Authenticated({ visitor: 'visit-token' })
  @Post('callbacks')
  @Idempotent()
  @ApiConflictResponse({ description: 'The slot is full (SLOT_FULL)' })
  @ApiUnprocessableEntityResponse({ description: 'Past slot, not a slot, or team closed then' })
  bookCallback(@CurrentPrincipal() visitor: VisitorPrincipal, @Body() dto: CreateCallbackDto, @RequestId() requestId: string) {
    return this.callbacks.book(visitor, dto, requestId);
  }

  /** Click-to-call now; 422 NO_PHONE_ADVISOR with the alternatives when nobody can call. */
  @Authenticated({ visitor: 'visit-token' })
  @Post('call-requests')
  @Idempotent()
  @ApiUnprocessableEntityResponse({ description: 'No phone advisor online (NO_PHONE_ADVISOR, details.alternatives)' })
  requestCall(@CurrentPrincipal() visitor: VisitorPrincipal, @Body() dto: CreateCallRequestDto) {
    return this.callRequests.create(visitor, dto);
  }

  /** Free appointment slots at a store, with an advisor of the skill. */
  @Authenticated({ visitor: 'site-key' })
  @Get('stores/:id/appointment-slots')
  appointmentSlots(@Param('id', ParseUUIDPipe) id: string, @Query() query: AppointmentSlotQueryDto) {
    return this.appointments.slots(id, query);
  }

  /** The store's advisors a visitor may choose for an appointment or a store request (first name, skills, languages). */
  @Authenticated({ visitor: 'site-key' })
  @Get('stores/:id/advisors')
  storeAdvisors(@Param('id', ParseUUIDPipe) id: string) {
    return this.appointments.advisorsToChoose(id);
  }

  /** Books an appointment at a store with an advisor of the skill; a confirmation mail follows. */
  @Authenticated({ visitor: 'visit-token' })
  @Post('appointments')
  @Idempotent()
  @ApiConflictResponse({ description: 'Every advisor is booked at that time (SLOT_TAKEN)' })
  @ApiUnprocessableEntityResponse({ description: 'Past, closed, not a slot, or no advisor with the skill' })
  @ApiBadRequestResponse({ description: 'advisorId is not an advisor of this store (ADVISOR_NOT_IN_STORE)' })
  bookAppointment(@CurrentPrincipal() visitor: VisitorPrincipal, @Body() dto: CreateAppointmentDto, @RequestId() requestId: string) {
    return this.appointments.book(visitor, dto, requestId);
  }

  /** "Have the store contact me", without a slot. */
  @Authenticated({ visitor: 'visit-token' })
  @Post('store-requests')
  @ApiBadRequestResponse({ description: 'No contact (CONTACT_REQUIRED), or advisorId is not an advisor of this store (ADVISOR_NOT_IN_STORE)' })
  @Idempotent()
  requestStoreContact(@CurrentPrincipal() visitor: VisitorPrincipal, @Body() dto: CreateStoreRequestDto) {
    return this.storeRequests.create(visitor, dto);
  }
}
