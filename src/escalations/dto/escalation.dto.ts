import { STORE_REQUEST_STATUSES, type StoreRequestStatus } from '../store-visits/store-request-states';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { WeeklyHours } from '../../business-hours/business-hours';
import { PageQueryDto } from '../../common/pagination';
import { APPOINTMENT_STATUSES, AppointmentStatus } from '../store-visits/appointment.entity';
import { QUEUE_ITEM_STATUSES, QueueItemStatus } from '../call-requests/call-request.entity';
import { CALL_OUTCOMES, CALLBACK_STATUSES, CallbackStatus, CallOutcome } from '../callbacks/callback.entity';
import { Omittable } from '../../common/omittable';

export const MAX_SLOT_DAYS = 14;

export class SlotQueryDto {
  /** Start of the window (ISO 8601); defaults to now. */
  @IsISO8601({ strict: true })
  @Omittable()
  from?: string;

  /** Days to list, 1 to 14 (default 3). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLOT_DAYS)
  @Omittable()
  days?: number;
}

export class AppointmentSlotQueryDto extends SlotQueryDto {
  /** Only advisors with this skill, e.g. `tv_audio`. */
  @Matches(/^[a-z0-9_]{1,40}$/, { message: 'skill must be lower_snake_case' })
  @Omittable()
  skill?: string;
}

export class AvailabilityQueryDto {
  /** `lat,lng`: the store route answers with the nearest store open now or later today. */
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: 'near must be "lat,lng"' })
  @Omittable()
  near?: string;
}

/** What every escalation request from the widget may say about where it comes from. */
export class VisitorRequestDto {
  /** The bot conversation the request comes from, handed over to the advisor. */
  @IsUUID()
  @Omittable()
  conversationId?: string;

  /** The visitor's language (e.g. the page's, "fr-FR"); defaults to the conversation's, then the customer's, then English. */
  @IsString()
  @MaxLength(35)
  @Omittable()
  locale?: string;
}

export class CreateCallbackDto extends VisitorRequestDto {
  /** Any common format; numbers without a country prefix are read as French. */
  @IsString()
  @MaxLength(40)
  phone: string;

  /** The `start` of a slot from `GET /widget/v1/callback-slots`. */
  @IsISO8601({ strict: true })
  slotStart: string;

  @IsString()
  @MaxLength(1000)
  @Omittable()
  note?: string;

  /** Where to send the confirmation; defaults to the e-mail of the customer the visit was identified as (signed identity token), never to a profile the typed phone matches. */
  @IsEmail()
  @MaxLength(254)
  @Omittable()
  email?: string;
}

export class CreateCallRequestDto extends VisitorRequestDto {
  @IsString()
  @MaxLength(40)
  phone: string;
}

export class CreateAppointmentDto extends VisitorRequestDto {
  @IsUUID()
  storeId: string;

  /** One of the store's advisors, from `GET /widget/v1/stores/{id}/advisors`, when the visitor chose one (else 400 ADVISOR_NOT_IN_STORE). */
  @IsUUID()
  @Omittable()
  advisorId?: string;

  /** The `start` of a slot from `GET /widget/v1/stores/{id}/appointment-slots`. */
  @IsISO8601({ strict: true })
  slotStart: string;

  @Matches(/^[a-z0-9_]{1,40}$/, { message: 'skill must be lower_snake_case' })
  @Omittable()
  skill?: string;

  @IsEmail()
  @MaxLength(254)
  @Omittable()
  email?: string;

  @IsString()
  @MaxLength(40)
  @Omittable()
  phone?: string;
}

export class CreateStoreRequestDto extends VisitorRequestDto {
  @IsUUID()
  storeId: string;

  /** One of the store's advisors, from `GET /widget/v1/stores/{id}/advisors`, when the visitor chose one (else 400 ADVISOR_NOT_IN_STORE). */
  @IsUUID()
  @Omittable()
  advisorId?: string;

  @IsString()
  @MaxLength(120)
  @Omittable()
  name?: string;

  @IsEmail()
  @MaxLength(254)
  @Omittable()
  email?: string;

  @IsString()
  @MaxLength(40)
  @Omittable()
  phone?: string;

  @IsString()
  @MaxLength(1000)
  @Omittable()
  note?: string;
}

export class CallOutcomeDto {
  @IsIn(CALL_OUTCOMES)
  outcome: CallOutcome;

  @IsString()
  @MaxLength(1000)
  @Omittable()
  note?: string;
}

export class AppointmentOutcomeDto {
  @IsIn(['attended', 'no_show', 'cancelled'])
  outcome: Exclude<AppointmentStatus, 'booked'>;

  @IsString()
  @MaxLength(1000)
  @Omittable()
  note?: string;
}

export class CloseRequestDto {
  @IsString()
  @MaxLength(1000)
  @Omittable()
  note?: string;
}

export class CallbackListQueryDto extends PageQueryDto {
  @IsIn(CALLBACK_STATUSES)
  @Omittable()
  status?: CallbackStatus;

  /** Only the callbacks assigned to me. */
  @IsIn(['true', 'false'])
  @Omittable()
  mine?: 'true' | 'false';

  /** Only callbacks flagged late (promise passed without an outcome). */
  @IsIn(['true', 'false'])
  @Omittable()
  late?: 'true' | 'false';
}

export class QueueListQueryDto extends PageQueryDto {
  @IsIn(QUEUE_ITEM_STATUSES)
  @Omittable()
  status?: QueueItemStatus;

  /** Supervisors and admins: one store's items. Store advisors always see their own store. */
  @IsUUID()
  @Omittable()
  storeId?: string;
}

export class StoreRequestListQueryDto extends PageQueryDto {
  /** `new`, `taken`, `contacted`, `done` or `cancelled`. */
  @IsIn(STORE_REQUEST_STATUSES)
  @Omittable()
  status?: StoreRequestStatus;

  /** Supervisors and admins: one store's requests. Store advisors always see their own store. */
  @IsUUID()
  @Omittable()
  storeId?: string;
}

export class AppointmentListQueryDto extends PageQueryDto {
  @IsIn(APPOINTMENT_STATUSES)
  @Omittable()
  status?: AppointmentStatus;

  @IsUUID()
  @Omittable()
  storeId?: string;
}

export class AnalyticsRangeDto {
  /** Slot start from (inclusive, ISO 8601). */
  @IsISO8601({ strict: true })
  from: string;

  /** Slot start to (exclusive, ISO 8601). */
  @IsISO8601({ strict: true })
  to: string;
}

export class UpdateTeamDto {
  @IsString()
  @MaxLength(120)
  @Omittable()
  name?: string;

  /** IANA time zone. */
  @IsString()
  @MaxLength(60)
  @Omittable()
  timeZone?: string;

  /** `{"1": [["09:00", "19:00"]], ...}` keyed by ISO weekday (1 = Monday). */
  @IsObject()
  @Omittable()
  hours?: WeeklyHours;

  /** Exceptional closures, `YYYY-MM-DD` in the team's zone. */
  @IsArray()
  @Omittable()
  closures?: string[];

  @IsInt()
  @Min(5)
  @Max(240)
  @Omittable()
  slotMinutes?: number;

  @IsInt()
  @Min(0)
  @Max(500)
  @Omittable()
  slotCapacity?: number;

  @IsInt()
  @Min(5)
  @Max(1440)
  @Omittable()
  promiseMinutes?: number;
}
