import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ACTION_RESPONSES, type ActionResponse } from '../../targeting/targeting-action.entity';
import { ACTION_TYPES } from '../../targeting/engine/targeting-rule';
import { EVENT_LIMITS } from '../tracking-event';
import { Omittable } from '../../common/omittable';

export class StartVisitDto {
  /** The widget's stored visitor id (returning visitors); a new one is issued when absent. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,100}$/, { message: 'visitorId must be 8 to 100 letters, digits, "_" or "-"' })
  @Omittable()
  visitorId?: string;

  /** The landing page; it counts as the visit's first page view. */
  @IsString()
  @MaxLength(EVENT_LIMITS.maxUrlLength)
  @Matches(/^[a-z][a-z0-9+.-]*:\/\/\S+$/i, { message: 'url must be an absolute URL' })
  url: string;

  @IsString()
  @MaxLength(EVENT_LIMITS.maxUrlLength)
  @Omittable()
  referrer?: string;

  /** The merchant's signed claim of who the visitor is (HS256 JWT or HMAC-SHA256 with the site's identity secret); ignored unless valid. */
  @IsString()
  @MaxLength(4096)
  @Omittable()
  identityToken?: string;
}

export class StartVisitResponseDto {
  visitId: string;
  /** Send as `Authorization: Bearer <visitToken>` on the visit's routes. */
  visitToken: string;
  visitorId: string;
}

export class WidgetActionDto {
  id: string;
  @ApiProperty({ enum: ACTION_TYPES })
  type: string;
  ruleId: string;
  message?: string;
  offer?: { code?: string; label?: string };
}

export class VisitEventsResponseDto {
  actions: WidgetActionDto[];
  /** Send a batch (even empty of news, e.g. an `idle` event) after this many seconds: a time-based rule may fire by then. */
  nextCheckInSeconds?: number;
}

export class ActionResponseDto {
  @IsIn(ACTION_RESPONSES)
  response: ActionResponse;
}

export class ActionResponseResultDto {
  id: string;
  @ApiProperty({ enum: ACTION_RESPONSES })
  response: ActionResponse;
  respondedAt: Date;
}
