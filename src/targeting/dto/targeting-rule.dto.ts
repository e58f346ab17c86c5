import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ACTION_TYPES, type ActionType, type Condition, type RuleAction, type RuleFrequency, type RuleSchedule } from '../engine/targeting-rule';
import { Omittable } from '../../common/omittable';

export class RuleActionDto {
  @ApiProperty({ enum: ACTION_TYPES })
  type: ActionType;

  /** Required for `chat_invitation`. */
  message?: string;

  /** `discount_offer` only: `{code, label?}`. */
  offer?: { code?: string; label?: string };
}

/**
 * A targeting rule as sent on create (PATCH takes any subset; `null` clears an optional field).
 * Checked by the rule validator: a bad field answers 400 `INVALID_RULE` with `details[].field` its path.
 */
export class TargetingRuleBodyDto {
  name: string;
  /** Default true. */
  enabled?: boolean;
  /** Higher first. Default 0. */
  priority?: number;
  /** `{all: [...]}`, `{any: [...]}`, `{not: {...}}`, leaves `{fact, operator, value}` (json-rules-engine style). */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      all: [
        { fact: 'product.family', operator: 'equal', value: 'tv' },
        { fact: 'product.price', operator: 'greaterThan', value: 300 },
      ],
    },
  })
  conditions: Condition;
  action: RuleActionDto;
  /** Shown instead when the action needs an advisor and none is free. */
  fallbackAction?: RuleActionDto;
  requiresAdvisor?: { skill?: string };
  /** `{from?, to?, daysOfWeek?: [1..7], hours?: {from: "HH:MM", to: "HH:MM"}, timeZone? (default Europe/Paris)}` */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  schedule?: RuleSchedule;
  /** 0-100: share of matching visits that get nothing, to measure uplift. */
  controlGroupPercent?: number;
  /** `{maxPerVisit? (default 1), suppressAfterDecline?}` */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  frequency?: RuleFrequency;
}

export class TargetingRuleResponseDto extends TargetingRuleBodyDto {
  id: string;
  declare enabled: boolean;
  declare priority: number;
  createdAt: Date;
  updatedAt: Date;
}

export class TargetingRuleListQueryDto extends PageQueryDto {
  /** `true` or `false` to list only enabled or disabled rules. */
  @IsIn(['true', 'false'])
  @Omittable()
  enabled?: 'true' | 'false';
}

export type RuleActionPayload = RuleAction;
