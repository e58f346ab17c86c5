import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { CART_FOLLOW_UP_STATUSES, type CartFollowUpStatus, type CartLine, type FollowUpMode } from '../cart-follow-up.entity';
import { Omittable } from '../../common/omittable';
import { IsAmount } from '../../common/is-amount';

export class FollowUpPolicyDto {
  @IsBoolean()
  @Omittable()
  enabled?: boolean;

  /** A cart with no visit activity for this many minutes is abandoned (default 60). */
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  @Omittable()
  inactivityMinutes?: number;

  /** The follow-up comes this many hours after abandonment (default 24). */
  @IsInt()
  @Min(0)
  @Max(8 * 24)
  @Omittable()
  delayHours?: number;

  /** Never later than this many days after abandonment (default and maximum 8). */
  @IsInt()
  @Min(1)
  @Max(8)
  @Omittable()
  maxDays?: number;

  /** Carts above this value in EUR become a task for a person (default 500). */
  @IsAmount()
  @Min(0)
  @Omittable()
  manualAboveAmount?: number;

  /** A discount code the e-mail offers; null for none. */
  @IsString()
  @MaxLength(40)
  @IsOptional()
  incentiveCode?: string | null;
}

export class FollowUpPolicyResponseDto {
  siteId: string;
  enabled: boolean;
  inactivityMinutes: number;
  delayHours: number;
  maxDays: number;
  manualAboveAmount: number;
  incentiveCode: string | null;
}

export class CartFollowUpQueryDto extends PageQueryDto {
  @IsIn(CART_FOLLOW_UP_STATUSES)
  @Omittable()
  status?: CartFollowUpStatus;

  @IsUUID()
  @Omittable()
  customerId?: string;
}

export class CartFollowUpDto {
  id: string;
  siteId: string;
  visitId: string;
  customerId: string;
  /** Who works a manual follow-up: the customer's own advisor; null for the phone team. */
  ownerAdvisorId: string | null;
  cart: CartLine[];
  cartValue: number;
  abandonedAt: Date;
  dueAt: Date;
  expiresAt: Date;
  mode: FollowUpMode;
  manualReason: string | null;
  /** scheduled, sent, task_open, done, cancelled (a purchase came first), skipped (see skipReason). */
  status: CartFollowUpStatus;
  skipReason: string | null;
  sentAt: Date | null;
  doneById: string | null;
  doneAt: Date | null;
  outcome: 'recovered' | 'not_recovered' | null;
  recoveredAmount: number | null;
  recoveredAt: Date | null;
}
