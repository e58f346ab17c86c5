import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import { Omittable } from '../../common/omittable';
import { GROUP_BY, type GroupBy } from '../engagement-queries';

export class EngagementQueryDto {
  /** Start, inclusive (ISO date or date-time). Default: 30 days before `to`. */
  @IsISO8601()
  @Omittable()
  from?: string;

  /** End, exclusive (ISO date or date-time); at most 366 days after `from`. Default: now. */
  @IsISO8601()
  @Omittable()
  to?: string;

  /** How `groups` split the figures: UTC day, targeting rule, traffic channel (the visit's referrer source) or escalation route. Default: `day`. */
  @ApiProperty({ enum: GROUP_BY, required: false })
  @IsIn(GROUP_BY)
  @Omittable()
  groupBy?: GroupBy;
}

/**
 * The figures of the period. In `totals` every count is a number; in a group, null means the grouping does not split
 * that figure (visits have no rule, sales no route), and a rate is null when its denominator is 0 or null.
 */
export class EngagementFiguresDto {
  /** Visits started. */
  visits: number | null;
  /** Proposals (targeting actions) shown, control group excluded. */
  proposalsShown: number | null;
  proposalsAccepted: number | null;
  proposalsDeclined: number | null;
  proposalsDismissed: number | null;
  /** Conversations in which the visitor wrote. */
  chats: number | null;
  /** Chats in a visit that had accepted a proposal shown before the chat. */
  chatsFromProposal: number | null;
  /** Chats the visitor opened unprompted. */
  chatsReactive: number | null;
  /** Chats the bot answered, with nobody asked for and no answer rated unhelpful. */
  botResolved: number | null;
  /** "Did this help?": yes answers. */
  helpfulYes: number | null;
  /** "Did this help?": no answers. */
  helpfulNo: number | null;
  /** Chats the bot escalated, by route below. */
  escalations: number | null;
  escalationsHuman: number | null;
  escalationsCallback: number | null;
  escalationsCall: number | null;
  escalationsStore: number | null;
  /** Chats an advisor took. */
  humanChats: number | null;
  /** Callbacks with a slot in the period. */
  callbacksBooked: number | null;
  /** Callbacks with an attempt or whose promise has passed: those that can be judged. */
  callbacksDue: number | null;
  /** Callbacks whose first attempt came at or before the promised time, whatever its outcome. */
  callbacksKeptWithinPromise: number | null;
  /** Store appointments booked in the period. */
  appointments: number | null;
  /** Purchases (one per order). */
  sales: number | null;
  revenue: number | null;
  /** Purchases by a visitor who took up an engagement (accepted a proposal or chatted) within the attribution window before. */
  salesAttributed: number | null;
  revenueAttributed: number | null;
  /** Purchases by a visitor only shown a proposal within the window (not accepted, no chat). */
  salesAfterShownOnly: number | null;
  revenueAfterShownOnly: number | null;
  /** Proposals shown followed by a purchase (the targeting report's conversion). */
  shownConverted: number | null;
  /** Matching visits held out by a rule's control group. */
  controlHeldOut: number | null;
  controlConverted: number | null;
  /** proposalsAccepted / proposalsShown. */
  acceptanceRate: number | null;
  /** botResolved / chats. */
  deflectionRate: number | null;
  /** helpfulYes / (helpfulYes + helpfulNo). */
  helpfulYesRate: number | null;
  /** helpfulNo / (helpfulYes + helpfulNo). */
  helpfulNoRate: number | null;
  /** callbacksKeptWithinPromise / callbacksDue. */
  callbacksKeptRate: number | null;
  /** shownConverted / proposalsShown. */
  conversionRate: number | null;
  /** controlConverted / controlHeldOut. */
  controlConversionRate: number | null;
  /** conversionRate - controlConversionRate, in points of rate: the control-group uplift. */
  uplift: number | null;
}

export class EngagementGroupDto extends EngagementFiguresDto {
  /** The UTC day (YYYY-MM-DD), rule id, channel or route; null gathers what has none (e.g. reactive chats by rule). */
  key: string | null;
  /** The rule's name when grouped by rule. */
  name: string | null;
}

export class EngagementReportDto {
  from: Date;
  to: Date;
  @ApiProperty({ enum: GROUP_BY })
  groupBy: GroupBy;
  /** Days before a purchase in which taking up an engagement attributes it. */
  attributionWindowDays: number;
  totals: EngagementFiguresDto;
  groups: EngagementGroupDto[];
}
