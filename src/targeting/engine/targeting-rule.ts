import type { FactName, FactType } from './visit-facts';

// A targeting rule as merchants write it (API payload minus `id`) and as it is stored.

export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'matches',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** The operators that make sense on each type of fact (the console offers only these). */
export const OPERATORS_BY_TYPE: Record<FactType, ReadonlySet<Operator>> = {
  number: new Set<Operator>(['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn']),
  string: new Set<Operator>(['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'matches']),
  boolean: new Set<Operator>(['equal', 'notEqual']),
  'string[]': new Set<Operator>(['contains', 'doesNotContain', 'matches']),
};

export type ConditionValue = string | number | boolean | readonly (string | number)[];

export interface ConditionLeaf {
  fact: FactName;
  operator: Operator;
  value: ConditionValue;
}
export interface AllCondition {
  all: readonly Condition[];
}
export interface AnyCondition {
  any: readonly Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = ConditionLeaf | AllCondition | AnyCondition | NotCondition;

export const ACTION_TYPES = ['chat_button', 'chat_invitation', 'chat_open', 'callback_offer', 'discount_offer', 'faq_suggestion'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Actions that interrupt the visitor: one per decision, capped per visit, never during a conversation. */
export const PROACTIVE_ACTIONS: ReadonlySet<ActionType> = new Set<ActionType>(['chat_invitation', 'chat_open', 'callback_offer', 'discount_offer']);

/** Actions that put the visitor in front of a human right away, so an advisor must be free. */
export const ADVISOR_ACTIONS: ReadonlySet<ActionType> = new Set<ActionType>(['chat_button', 'chat_invitation', 'chat_open']);

export interface RuleAction {
  type: ActionType;
  message?: string;
  offer?: { code?: string; label?: string };
}

export interface RuleSchedule {
  /** `YYYY-MM-DD` (a calendar day in `timeZone`, `to` inclusive) or an ISO date-time with offset. */
  from?: string;
  to?: string;
  /** 1 = Monday ... 7 = Sunday. */
  daysOfWeek?: readonly number[];
  /** `HH:MM`, `from` inclusive, `to` exclusive; `from > to` crosses midnight. */
  hours?: { from: string; to: string };
  timeZone?: string;
}

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export interface RuleFrequency {
  /** How many times this rule may show its action in one visit (default 1). */
  maxPerVisit?: number;
  /** Suppress this rule once the visitor declined any proactive action; unset = the global policy. */
  suppressAfterDecline?: boolean;
}

export interface TargetingRuleInput {
  name: string;
  enabled: boolean;
  priority: number;
  conditions: Condition;
  action: RuleAction;
  fallbackAction?: RuleAction;
  requiresAdvisor?: { skill?: string };
  schedule?: RuleSchedule;
  controlGroupPercent?: number;
  frequency?: RuleFrequency;
}

export interface TargetingRule extends TargetingRuleInput {
  id: string;
}

export function isLeaf(condition: Condition): condition is ConditionLeaf {
  return (condition as ConditionLeaf).fact !== undefined;
}

/** A rule needs an advisor when its action puts a human in front of the visitor or it names a skill. */
export function needsAdvisor(rule: Pick<TargetingRuleInput, 'action' | 'requiresAdvisor'>): boolean {
  return ADVISOR_ACTIONS.has(rule.action.type) || rule.requiresAdvisor !== undefined;
}

/** A validated create payload may omit `enabled` (default true) and `priority` (default 0). */
export function withRuleDefaults<T extends Partial<Pick<TargetingRuleInput, 'enabled' | 'priority'>>>(input: T): T & Pick<TargetingRuleInput, 'enabled' | 'priority'> {
  return { ...input, enabled: input.enabled ?? true, priority: input.priority ?? 0 };
}
