import { IsISO8601 } from 'class-validator';
import { Omittable } from '../../common/omittable';

export class TargetingAnalyticsQueryDto {
  /** Start, inclusive (ISO date or date-time). Default: 30 days before `to`. */
  @IsISO8601()
  @Omittable()
  from?: string;

  /** End, exclusive (ISO date or date-time). Default: now. */
  @IsISO8601()
  @Omittable()
  to?: string;
}

export class TargetingFiguresDto {
  evaluated: number;
  matched: number;
  shown: number;
  accepted: number;
  declined: number;
  dismissed: number;
  /** Shown actions followed by a purchase in the visit, or within the attribution window after acceptance. */
  converted: number;
  /** Matching visits held out by a control group. */
  control: number;
  controlConverted: number;
  /** accepted / shown. */
  acceptanceRate: number | null;
  /** converted / shown. */
  conversionRate: number | null;
  /** controlConverted / control. */
  controlConversionRate: number | null;
  /** conversionRate - controlConversionRate, in points of rate. */
  uplift: number | null;
  /** uplift / controlConversionRate. */
  relativeUplift: number | null;
}

export class TargetingRuleFiguresDto extends TargetingFiguresDto {
  ruleId: string;
  ruleName: string | null;
  actionType: string;
  proactive: boolean;
}

export class TargetingAnalyticsResponseDto {
  from: Date;
  to: Date;
  totals: TargetingFiguresDto;
  proactive: TargetingFiguresDto;
  reactive: TargetingFiguresDto;
  byActionType: (TargetingFiguresDto & { actionType: string; proactive: boolean })[];
  byRule: TargetingRuleFiguresDto[];
}
