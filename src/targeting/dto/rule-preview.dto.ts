import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from '../../common/omittable';

export class RulePreviewQueryDto {
  /** How many of the most recent visits to evaluate, 1 to 1000 (default 200). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  @Omittable()
  visits?: number;
}

export class PreviewedVisitDto {
  visitId: string;
  startedAt: Date;
  lastEventAt: Date;
  currentUrl: string;
  cartValue: number;
  identified: boolean;
}

export class RulePreviewResponseDto {
  /** Visits evaluated (at most the number asked for). */
  evaluated: number;
  /** Those the rule's conditions and schedule matched at their last event. */
  matched: number;
  /** Up to 20 matched visits, most recent first. */
  sample: PreviewedVisitDto[];
}
