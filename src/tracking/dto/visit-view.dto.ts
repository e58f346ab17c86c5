export class VisitResponseDto {
  id: string;
  siteId: string;
  visitorId: string;
  customerId: string | null;
  visitNumber: number;
  startedAt: Date;
  lastEventAt: Date;
  landingUrl: string;
  referrerSource: string;
  referrerKeywords: string[];
  utm: Record<string, string>;
  country: string | null;
  deviceType: string;
  eventCount: number;
  pageViews: number;
  currentUrl: string;
  cartValue: number;
  cartItems: number;
  purchasedAt: Date | null;
}

export class ConditionLeafDto {
  path: string;
  fact: string;
  operator: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
}

export class ConditionTraceDto {
  passed: boolean;
  leaves: ConditionLeafDto[];
}

export class RuleDecisionDto {
  ruleId: string;
  ruleName: string | null;
  matched: boolean;
  /** shown, fallback, not_matched, inactive_schedule, suppressed_declined, suppressed_conversation, capped, outranked, no_advisor, control, already_shown. */
  outcome: string;
  action?: string;
  reason?: string;
  /** Each condition with the visit's actual value and whether it passed. */
  conditions?: ConditionTraceDto;
  matchesInSeconds?: number;
}

export class ShownActionDto {
  id: string;
  ruleId: string;
  ruleName: string | null;
  type: string;
  fallback: boolean;
  control: boolean;
  shownAt: Date;
  response: string | null;
  respondedAt: Date | null;
  convertedAt: Date | null;
}

export class VisitDecisionsResponseDto {
  visitId: string;
  /** The server time the rules were evaluated at (now). */
  evaluatedAt: Date;
  /** The facts the rules read. */
  facts: Record<string, unknown>;
  /** Every enabled rule, in priority order, with why it would or would not act now. */
  rules: RuleDecisionDto[];
  /** What was actually shown (or held out for a control group) in this visit, oldest first. */
  history: ShownActionDto[];
  nextCheckInSeconds?: number;
}
