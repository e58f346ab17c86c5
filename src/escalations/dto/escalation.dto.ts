import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { WeeklyHours } from '../../business-hours/business-hours';
import { PageQueryDto } from '../../common/pagination';
import { APPOINTMENT_STATUSES, AppointmentStatus } from '../store-visits/appointment.entity';
import { QUEUE_ITEM_STATUSES, QueueItemStatus } from '../call-requests/call-request.entity';
import { CALL_OUTCOMES, CALLBACK_STATUSES, CallbackStatus, CallOutcome } from '../callbacks/callback.entity';

export const MAX_SLOT_DAYS = 14;

export class SlotQueryDto {
  /** Start of the window (ISO 8601); defaults to now. */
  @IsISO8601({ strict: true }) @IsOptional()
  from?: string;

  /** Days to list, 1 to 14 (default 3). */
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SLOT_DAYS) @IsOptional()
  days?: number;
}

export class AppointmentSlotQueryDto extends SlotQueryDto {
  /** Only advisors with this skill, e.g. `tv_audio`. */
  @Matches(/^[a-z0-9_]{1,40}$/, { message: 'skill must be lower_snake_case' }) @IsOptional()
  skill?: string;
}

export class AvailabilityQueryDto {
  /** `lat,lng`: the store route answers with the nearest store open now or later today. */
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: 'near must be "lat,lng"' }) @IsOptional()
  near?: string;
}

/** What every escalation request from the widget may say about where it comes from. */
export class VisitorRequestDto {
  /** The bot conversation the request comes from, handed over to the advisor. */
  @IsUUID() @IsOptional()
  conversationId?: string;

  /** The visitor's language (e.g. the page's, "fr-FR"); defaults to the conversation's, then the customer's, then English. */
  @IsString() @MaxLength(35) @IsOptional()
  locale?: string;
}

export class CreateCallbackDto extends VisitorRequestDto {
  /** Any common format; numbers without a country prefix are read as French. */
  @IsString() @MaxLength(40)
  phone: string;

  /** The `start` of a slot from `GET /widget/v1/callback-slots`. */
  @IsISO8601({ strict: true })
  slotStart: string;

  @IsString() @MaxLength(1000) @IsOptional()
  note?: string;

  /** Where to send the confirmation; defaults to the e-mail of the customer the visit was identified as (signed identity token), never to a profile the typed phone matches. */
  @IsEmail() @MaxLength(254) @IsOptional()
  email?: string;
}

export class CreateCallRequestDto extends VisitorRequestDto {
  @IsString() @MaxLength(40)
  phone: string;
}

export class CreateAppointmentDto extends VisitorRequestDto {
  @IsUUID()
  storeId: string;

  /** The `start` of a slot from `GET /widget/v1/stores/{id}/appointment-slots`. */
  @IsISO8601({ strict: true })
  slotStart: string;

  @Matches(/^[a-z0-9_]{1,40}$/, { message: 'skill must be lower_snake_case' }) @IsOptional()
  skill?: string;

  @IsEmail() @MaxLength(254) @IsOptional()
  email?: string;

  @IsString() @MaxLength(40) @IsOptional()
  phone?: string;
}

export class CreateStoreRequestDto extends VisitorRequestDto {
  @IsUUID()
  storeId: string;

  @IsString() @MaxLength(120) @IsOptional()
  name?: string;

  @IsEmail() @MaxLength(254) @IsOptional()
  email?: string;

  @IsString() @MaxLength(40) @IsOptional()
  phone?: string;

  @IsString() @MaxLength(1000) @IsOptional()
  note?: string;
}

export class CallOutcomeDto {
  @IsIn(CALL_OUTCOMES)
  outcome: CallOutcome;

  @IsString() @MaxLength(1000) @IsOptional()
  note?: string;
}

export class AppointmentOutcomeDto {
  @IsIn(['attended', 'no_show', 'cancelled'])
  outcome: Exclude<AppointmentStatus, 'booked'>;

  @IsString() @MaxLength(1000) @IsOptional()
  note?: string;
}

export class CloseRequestDto {
  @IsString() @MaxLength(1000) @IsOptional()
  note?: string;
}

export class CallbackListQueryDto extends PageQueryDto {
  @IsIn(CALLBACK_STATUSES) @IsOptional()
  status?: CallbackStatus;

  /** Only the callbacks assigned to me. */
  @IsIn(['true', 'false']) @IsOptional()
  mine?: 'true' | 'false';

  /** Only callbacks flagged late (promise passed without an outcome). */
  @IsIn(['true', 'false']) @IsOptional()
  late?: 'true' | 'false';
}

export class QueueListQueryDto extends PageQueryDto {
  @IsIn(QUEUE_ITEM_STATUSES) @IsOptional()
  status?: QueueItemStatus;

  /** Supervisors and admins: one store's items. Store advisors always see their own store. */
  @IsUUID() @IsOptional()
  storeId?: string;
}

export class AppointmentListQueryDto extends PageQueryDto {
  @IsIn(APPOINTMENT_STATUSES) @IsOptional()
  status?: AppointmentStatus;

  @IsUUID() @IsOptional()
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
  @IsString() @MaxLength(120) @IsOptional()
  name?: string;

  /** IANA time zone. */
  @IsString() @MaxLength(60) @IsOptional()
  timeZone?: string;

  /** `{"1": [["09:00", "19:00"]], ...}` keyed by ISO weekday (1 = Monday). */
  @IsObject() @IsOptional()
  hours?: WeeklyHours;

  /** Exceptional closures, `YYYY-MM-DD` in the team's zone. */
  @IsArray() @IsOptional()
  closures?: string[];

  @IsInt() @Min(5) @Max(240) @IsOptional()
  slotMinutes?: number;

  @IsInt() @Min(0) @Max(500) @IsOptional()
  slotCapacity?: number;

  @IsInt() @Min(5) @Max(1440) @IsOptional()
  promiseMinutes?: number;
}
