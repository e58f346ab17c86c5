import { explainCondition, normalizeFacts, secondsUntilTrue, type ConditionExplanation } from './condition-evaluator';
import type { CompiledRule } from './rule-compiler';
import { PROACTIVE_ACTIONS, type ActionType, type RuleAction } from './targeting-rule';
import type { VisitFacts } from './visit-facts';

// Decides, for one visit at one instant, which actions the widget shows. Pure: the clock, advisor
// availability and control-group bucketing are injected, so every merchant scenario is a plain test.

export type IdCollection = ReadonlySet<string> | readonly string[];

export interface VisitState {
  declinedRuleIds: IdCollection;
  dismissedRuleIds: IdCollection;
  /** The visitor declined some proactive action earlier in this visit. */
  declinedAny: boolean;
  /** Times each rule's action was shown in this visit, by rule id (absent: never). */
  shownCounts: ReadonlyMap<string, number>;
  proactiveShownCount: number;
  conversationOpen: boolean;
}

export interface TargetingPolicy {
  maxProactivePerVisit: number;
  /** After a decline, no proactive action for the rest of the visit (a rule's `frequency` may override). */
  suppressAllAfterDecline: boolean;
}

export const DEFAULT_TARGETING_POLICY: TargetingPolicy = { maxProactivePerVisit: 3, suppressAllAfterDecline: true };

export interface DecisionInput {
  /** Compiled by `compileRules`: priority descending. */
  rules: readonly CompiledRule[];
  facts: VisitFacts;
  now: Date;
  visitState: VisitState;
  /** Is an online advisor with free capacity (and this skill, when given) there right now? */
  availability: (skill?: string) => boolean;
  policy?: Partial<TargetingPolicy>;
  /** Only called for rules with a control group; see `controlGroupForVisit`. */
  controlGroup: (ruleId: string, percent: number) => boolean;
  /** Full leaf-by-leaf explanation per rule (decisions endpoint); off on the hot path. */
  explain?: boolean;
}

export interface DecidedAction {
  ruleId: string;
  type: ActionType;
  message?: string;
  offer?: { code?: string; label?: string };
  /** The rule's fallback action, shown because no advisor was available. */
  fallback: boolean;
}

export type DecisionOutcome =
  | 'shown'
  | 'fallback'
  | 'not_matched'
  | 'disabled'
  | 'inactive_schedule'
  | 'suppressed_declined'
  | 'suppressed_conversation'
  | 'capped'
  | 'outranked'
  | 'no_advisor'
  | 'control'
  | 'already_shown';

export interface RuleEvaluation {
  ruleId: string;
  matched: boolean;
  outcome: DecisionOutcome;
  /** The action shown, held out (control) or blocked, once the rule matched. */
  action?: ActionType;
  reason?: string;
  /** Present in explain mode for rules whose conditions were evaluated. */
  explanation?: ConditionExplanation;
  /** For an unmatched rule that waiting alone would match. */
  matchesInSeconds?: number;
}

export interface Decision {
  actions: DecidedAction[];
  /** One per rule, in the order of `rules`. */
  evaluations: RuleEvaluation[];
  /** Ask again after this many seconds even without a new event (time-based conditions pending). */
  nextCheckInSeconds?: number;
}

type Slot = 'proactive' | 'chat_button' | 'faq_suggestion';

function slotOf(type: ActionType): Slot {
  return PROACTIVE_ACTIONS.has(type) ? 'proactive' : type === 'faq_suggestion' ? 'faq_suggestion' : 'chat_button';
}

function has(ids: IdCollection, id: string): boolean {
  return Array.isArray(ids) ? ids.includes(id) : (ids as ReadonlySet<string>).has(id);
}

interface Block {
  outcome: DecisionOutcome;
  reason: string;
}

const DECLINED_RULE: Block = { outcome: 'suppressed_declined', reason: 'visitor declined or dismissed this rule in this visit' };
const ALREADY_SHOWN: Block = { outcome: 'already_shown', reason: 'already shown in this visit' };
const DECLINED_ANY: Block = { outcome: 'suppressed_declined', reason: 'visitor declined a proactive action in this visit' };
const CONVERSATION_OPEN: Block = { outcome: 'suppressed_conversation', reason: 'a conversation is open' };

/** Why this rule may not show anything in this visit, whatever its conditions say. */
function ruleBlock(rule: CompiledRule, state: VisitState): Block | undefined {
  if (has(state.declinedRuleIds, rule.id) || has(state.dismissedRuleIds, rule.id)) return DECLINED_RULE;
  return (state.shownCounts.get(rule.id) ?? 0) >= (rule.rule.frequency?.maxPerVisit ?? 1) ? ALREADY_SHOWN : undefined;
}

/** Why a proactive action may not interrupt the visitor now. */
function proactiveBlock(rule: CompiledRule, state: VisitState, policy: TargetingPolicy): Block | undefined {
  const suppressAfterDecline = rule.rule.frequency?.suppressAfterDecline ?? policy.suppressAllAfterDecline;
  if (state.declinedAny && suppressAfterDecline) return DECLINED_ANY;
  if (state.conversationOpen) return CONVERSATION_OPEN;
  if (state.proactiveShownCount >= policy.maxProactivePerVisit) {
    return { outcome: 'capped', reason: `${policy.maxProactivePerVisit} proactive actions already shown in this visit` };
  }
  return undefined;
}

function toDecided(ruleId: string, action: RuleAction, fallback: boolean): DecidedAction {
  const decided: DecidedAction = { ruleId, type: action.type, fallback };
  if (action.message !== undefined) decided.message = action.message;
  if (action.offer !== undefined) decided.offer = { ...action.offer };
  return decided;
}

export function decide(input: DecisionInput): Decision {
  const { rules, now, visitState: state, explain = false } = input;
  const policy: TargetingPolicy = { ...DEFAULT_TARGETING_POLICY, ...input.policy };
  const facts = normalizeFacts(input.facts);
  const actions: DecidedAction[] = [];
  const evaluations: RuleEvaluation[] = [];
  const taken = new Set<Slot>();
  const advisorBySkill = new Map<string, boolean>();
  let nextCheckInSeconds: number | undefined;

  const advisorAvailable = (skill: string | undefined): boolean => {
    const key = skill ?? '';
    let available = advisorBySkill.get(key);
    if (available === undefined) {
      available = input.availability(skill);
      advisorBySkill.set(key, available);
    }
    return available;
  };

  for (const rule of rules) {
    if (!rule.enabled) {
      evaluations.push({ ruleId: rule.id, matched: false, outcome: 'disabled' });
      continue;
    }
    if (!rule.isActive(now)) {
      evaluations.push({ ruleId: rule.id, matched: false, outcome: 'inactive_schedule' });
      continue;
    }

    const explanation = explain ? explainCondition(rule.condition, facts, input.facts) : undefined;
    const matched = explanation ? explanation.passed : rule.test(facts);
    const evaluation: RuleEvaluation = { ruleId: rule.id, matched, outcome: matched ? 'shown' : 'not_matched' };
    if (explanation) evaluation.explanation = explanation;
    evaluations.push(evaluation);

    if (!matched) {
      if (rule.usesTimeFacts && couldActLater(rule, state, policy)) {
        const wait = secondsUntilTrue(rule.condition, facts);
        if (wait !== undefined) {
          evaluation.matchesInSeconds = wait;
          if (nextCheckInSeconds === undefined || wait < nextCheckInSeconds) nextCheckInSeconds = wait;
        }
      }
      continue;
    }

    const blocked = ruleBlock(rule, state);
    if (blocked) {
      evaluation.outcome = blocked.outcome;
      evaluation.reason = blocked.reason;
      evaluation.action = rule.rule.action.type;
      // A button or FAQ still on screen keeps its place: a lower rule must not add a second one.
      // A proactive pop-in is gone once seen, so it does not block lower rules (the cap limits them).
      const slot = slotOf(rule.rule.action.type);
      if (blocked.outcome === 'already_shown' && slot !== 'proactive') taken.add(slot);
      continue;
    }

    let action: RuleAction = rule.rule.action;
    let fallback = false;
    if (rule.needsAdvisor) {
      const skill = rule.rule.requiresAdvisor?.skill;
      if (!advisorAvailable(skill)) {
        if (!rule.rule.fallbackAction) {
          evaluation.outcome = 'no_advisor';
          evaluation.action = action.type;
          evaluation.reason = skill ? `no advisor with skill "${skill}" available` : 'no advisor available';
          continue;
        }
        action = rule.rule.fallbackAction;
        fallback = true;
      }
    }
    evaluation.action = action.type;

    const slot = slotOf(action.type);
    const block = slot === 'proactive' ? proactiveBlock(rule, state, policy) : undefined;
    if (block) {
      evaluation.outcome = block.outcome;
      evaluation.reason = fallback ? `fallback ${action.type}: ${block.reason}` : block.reason;
      continue;
    }
    if (taken.has(slot)) {
      evaluation.outcome = 'outranked';
      evaluation.reason = `a higher-priority rule already holds the ${slot} slot`;
      continue;
    }
    taken.add(slot);

    const percent = rule.rule.controlGroupPercent ?? 0;
    if (percent > 0 && input.controlGroup(rule.id, percent)) {
      // The held-out visitor sees nothing in this slot, so the comparison with shown visitors is clean.
      evaluation.outcome = 'control';
      evaluation.reason = `visit is in the ${percent}% control group`;
      continue;
    }

    if (fallback) {
      evaluation.outcome = 'fallback';
      evaluation.reason = 'no advisor available';
    }
    actions.push(toDecided(rule.id, action, fallback));
  }

  const decision: Decision = { actions, evaluations };
  if (nextCheckInSeconds !== undefined) decision.nextCheckInSeconds = nextCheckInSeconds;
  return decision;
}

/** Whether an unmatched rule could still show something later in this visit by waiting. */
function couldActLater(rule: CompiledRule, state: VisitState, policy: TargetingPolicy): boolean {
  if (ruleBlock(rule, state)) return false;
  return !PROACTIVE_ACTIONS.has(rule.rule.action.type) || !proactiveBlock(rule, state, policy);
}

// --- Control group ------------------------------------------------------------------------------------

/** FNV-1a 32-bit plus a murmur3 finalizer: stable across processes and releases, even low bits. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Deterministic: the same visit stays in (or out of) a rule's control group on every decision.
 * 10,000 buckets, so percentages with two decimals are honoured.
 */
export function inControlGroup(visitId: string, ruleId: string, percent: number): boolean {
  if (!(percent > 0)) return false;
  if (percent >= 100) return true;
  return hash32(`${visitId}:${ruleId}`) % 10_000 < Math.round(percent * 100);
}

export function controlGroupForVisit(visitId: string): (ruleId: string, percent: number) => boolean {
  return (ruleId, percent) => inControlGroup(visitId, ruleId, percent);
}
