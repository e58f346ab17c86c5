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
  /** Each page (its path) seen in this visit with its view count, most viewed first. */
  pages: VisitPageDto[];
  /** The product viewed last: still the context on the cart and checkout pages. */
  product: VisitProductDto | null;
  cart: VisitCartItemDto[];
  purchasedAt: Date | null;
}

export class VisitPageDto {
  path: string;
  views: number;
}

export class VisitProductDto {
  sku: string;
  family: string;
  price: number;
  name?: string;
}

export class VisitCartItemDto {
  sku: string;
  family?: string;
  price: number;
  quantity: number;
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

/** A decision as it was made: kept, never recomputed (an advisor coming online later does not change it). */
export class RecordedDecisionDto {
  ruleId: string;
  ruleName: string | null;
  decidedAt: Date;
  /** shown, fallback, control, or why a matching rule showed nothing: no_advisor, capped, outranked, suppressed_declined, suppressed_conversation. */
  outcome: string;
  action: string | null;
  reason: string | null;
  /** The facts the rules read at that moment. */
  facts: Record<string, unknown>;
  /** Each condition with its value at that moment. */
  conditions: ConditionTraceDto;
}

export class VisitDecisionsResponseDto {
  visitId: string;
  /**
   * What targeting decided in this visit, oldest first, recorded when it decided: each action shown or held out,
   * and each refusal of a matching rule (recorded again only when the reason changes). Kept RELAIS_DECISION_RETENTION_DAYS.
   */
  decisions: RecordedDecisionDto[];
  /** The server time `rules` were evaluated at (now). */
  evaluatedAt: Date;
  /** The facts the rules read. */
  facts: Record<string, unknown>;
  /** Every enabled rule, in priority order, with why it would or would not act if asked now (not what was decided: see `decisions`). */
  rules: RuleDecisionDto[];
  /** What was actually shown (or held out for a control group) in this visit, oldest first. */
  history: ShownActionDto[];
  nextCheckInSeconds?: number;
}
