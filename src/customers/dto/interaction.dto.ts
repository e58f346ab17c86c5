import { Type } from 'class-transformer';
import { IsDate, IsIn, IsObject, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { INTERACTION_CHANNELS, InteractionChannel } from '../interaction.entity';
import { Omittable } from '../../common/omittable';
import { IsAmount } from '../../common/is-amount';

export class CreateInteractionDto {
  @IsIn(INTERACTION_CHANNELS)
  channel: InteractionChannel;

  /** snake_case, e.g. `purchase` (adds `amount` to lifetime value), `refund`, `store_visit`, `cart_abandoned`. */
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'type must be snake_case, at most 40 characters' })
  type: string;

  /** Defaults to now. */
  @Type(() => Date)
  @IsDate()
  @Omittable()
  occurredAt?: Date;

  @IsString()
  @MaxLength(1000)
  @Omittable()
  summary?: string;

  @IsAmount()
  @Min(0)
  @Max(1e10)
  @Omittable()
  amount?: number;

  @IsObject()
  @Omittable()
  data?: Record<string, unknown>;
}

export class TimelineQueryDto extends PageQueryDto {
  @IsIn(INTERACTION_CHANNELS)
  @Omittable()
  channel?: InteractionChannel;

  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  @Omittable()
  type?: string;

  @Type(() => Date)
  @IsDate()
  @Omittable()
  from?: Date;

  @Type(() => Date)
  @IsDate()
  @Omittable()
  to?: Date;
}

export class InteractionResponseDto {
  id: string;
  channel: InteractionChannel;
  type: string;
  occurredAt: Date;
  summary: string | null;
  amount: number | null;
  data: Record<string, unknown>;
}

export class MergeCustomerDto {
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'sourceId must be a UUID' })
  sourceId: string;
}

export class MergeResponseDto {
  /** Pass to `POST /api/v1/customer-merges/{mergeId}/undo`. */
  mergeId: string;
  targetId: string;
  sourceId: string;
  /** How many rows of each kind moved to the target, e.g. `{identities: 2, interactions: 5}`. */
  moved: Record<string, number>;
  undoneAt: Date | null;
}

export class AuditEntryDto {
  id: string;
  at: Date;
  customerId: string;
  /** `advisor` or `api_key`. */
  actorType: string;
  actorId: string;
  /** The advisor's e-mail or the API key's name. */
  actorLabel: string;
  /** e.g. `read`, `lookup`, `timeline`, `export`, `merge`. */
  action: string;
  route: string;
}

export class AuditQueryDto extends PageQueryDto {
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'customerId must be a UUID' })
  @Omittable()
  customerId?: string;

  @Matches(/^[0-9a-f-]{36}$/i, { message: 'actorId must be a UUID' })
  @Omittable()
  actorId?: string;
}
