import { isObject } from '../common/schema';
import { compileGlob } from './engine/condition-evaluator';
import { isValidTimeZone, parseHourMinute, parseScheduleBound } from './engine/schedule';
import { ACTION_TYPES, ADVISOR_ACTIONS, OPERATORS, type ActionType, type Operator } from './engine/targeting-rule';
import { DEVICE_TYPES, FACT_TYPES, isFactName, type FactType } from './engine/visit-facts';

// Validates an untrusted rule payload before it is stored or compiled. Every error names the path of the
// bad field (`conditions.all[2].operator`), so the console can point at it. Merchant-written trees are
// bounded in depth and size: a rule is evaluated on every tracking event of every visit.
//
// For a PATCH, validate the patch with mode 'patch' (shape only, nothing required), then validate the
// merged rule with mode 'create': checks across fields (fallback vs action, from <= to) need both sides.

export type RuleErrorCode =
  | 'required'
  | 'unknown_field'
  | 'invalid_type'
  | 'invalid_value'
  | 'out_of_range'
  | 'unknown_fact'
  | 'unknown_operator'
  | 'operator_not_allowed'
  | 'invalid_condition'
  | 'invalid_glob'
  | 'too_deep'
  | 'too_many_conditions'
  | 'unknown_action_type'
  | 'offer_code_required'
  | 'offer_not_allowed'
  | 'message_required'
  | 'invalid_fallback'
  | 'invalid_time_zone'
  | 'invalid_date'
  | 'invalid_time';

export interface RuleValidationError {
  path: string;
  code: RuleErrorCode;
  message: string;
}

export const RULE_LIMITS = {
  maxDepth: 10,
  maxLeaves: 200,
  maxNodes: 400,
  maxListValues: 500,
  maxValueLength: 500,
  maxNameLength: 200,
  maxMessageLength: 1000,
  maxPriority: 1_000_000,
  maxPerVisit: 100,
  /** A hostile payload gets a bounded answer. */
  maxErrors: 50,
} as const;

const OPERATORS_BY_TYPE: Record<FactType, ReadonlySet<Operator>> = {
  number: new Set<Operator>([
    'equal',
    'notEqual',
    'lessThan',
    'lessThanInclusive',
    'greaterThan',
    'greaterThanInclusive',
    'in',
    'notIn',
  ]),
  string: new Set<Operator>(['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'matches']),
  boolean: new Set<Operator>(['equal', 'notEqual']),
  'string[]': new Set<Operator>(['contains', 'doesNotContain', 'matches']),
};

const RULE_KEYS = new Set([
  'name',
  'enabled',
  'priority',
  'conditions',
  'action',
  'fallbackAction',
  'requiresAdvisor',
  'schedule',
  'controlGroupPercent',
  'frequency',
]);
const REQUIRED_ON_CREATE = ['name', 'conditions', 'action'];

type Json = Record<string, unknown>;

class Collector {
  readonly errors: RuleValidationError[] = [];
  add(path: string, code: RuleErrorCode, message: string): void {
    if (this.errors.length < RULE_LIMITS.maxErrors) this.errors.push({ path, code, message });
  }
  get full(): boolean {
    return this.errors.length >= RULE_LIMITS.maxErrors;
  }
}

/** Returns every problem found (empty when valid), each with the path of the bad field. */
export function validateRule(payload: unknown, mode: 'create' | 'patch' = 'create'): RuleValidationError[] {
  const out = new Collector();
  if (!isObject(payload)) {
    out.add('', 'invalid_type', 'a rule must be an object');
    return out.errors;
  }
  checkKeys(payload, RULE_KEYS, '', out);
  if (mode === 'create') {
    for (const key of REQUIRED_ON_CREATE) if (payload[key] === undefined) out.add(key, 'required', `${key} is required`);
  }

  if (payload.name !== undefined) checkString(payload.name, 'name', RULE_LIMITS.maxNameLength, out);
  if (payload.enabled !== undefined && typeof payload.enabled !== 'boolean') {
    out.add('enabled', 'invalid_type', 'enabled must be a boolean');
  }
  if (payload.priority !== undefined) {
    checkInteger(payload.priority, 'priority', -RULE_LIMITS.maxPriority, RULE_LIMITS.maxPriority, out);
  }
  if (payload.conditions !== undefined) checkConditions(payload.conditions, out);
  const actionType = payload.action !== undefined ? checkAction(payload.action, 'action', out) : undefined;
  if (payload.requiresAdvisor !== undefined) checkRequiresAdvisor(payload.requiresAdvisor, out);
  if (payload.fallbackAction !== undefined) {
    const fallbackType = checkAction(payload.fallbackAction, 'fallbackAction', out);
    if (fallbackType !== undefined && ADVISOR_ACTIONS.has(fallbackType)) {
      out.add('fallbackAction.type', 'invalid_fallback', 'a fallback applies when no advisor is free, so it cannot need one');
    }
    const advisorNeeded = (actionType !== undefined && ADVISOR_ACTIONS.has(actionType)) || payload.requiresAdvisor !== undefined;
    if (actionType !== undefined && !advisorNeeded) {
      out.add('fallbackAction', 'invalid_fallback', 'a fallback is only used by a rule that needs an advisor');
    }
  }
  if (payload.schedule !== undefined) checkSchedule(payload.schedule, out);
  if (payload.controlGroupPercent !== undefined) {
    const p = payload.controlGroupPercent;
    if (typeof p !== 'number' || !Number.isFinite(p)) out.add('controlGroupPercent', 'invalid_type', 'must be a number');
    else if (p < 0 || p > 100) out.add('controlGroupPercent', 'out_of_range', 'must be between 0 and 100');
  }
  if (payload.frequency !== undefined) checkFrequency(payload.frequency, out);
  return out.errors;
}

function checkKeys(obj: Json, allowed: ReadonlySet<string>, path: string, out: Collector): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) out.add(join(path, key), 'unknown_field', `unknown field "${key}"`);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function checkString(value: unknown, path: string, maxLength: number, out: Collector): value is string {
  if (typeof value !== 'string') {
    out.add(path, 'invalid_type', 'must be a string');
    return false;
  }
  if (value.trim().length === 0) {
    out.add(path, 'invalid_value', 'must not be empty');
    return false;
  }
  if (value.length > maxLength) {
    out.add(path, 'out_of_range', `must be at most ${maxLength} characters`);
    return false;
  }
  return true;
}

function checkInteger(value: unknown, path: string, min: number, max: number, out: Collector): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) out.add(path, 'invalid_type', 'must be an integer');
  else if (value < min || value > max) out.add(path, 'out_of_range', `must be between ${min} and ${max}`);
}

// --- Conditions ---------------------------------------------------------------------------------------

interface TreeBudget {
  nodes: number;
  leaves: number;
  exceeded: boolean;
}

function checkConditions(tree: unknown, out: Collector): void {
  const budget: TreeBudget = { nodes: 0, leaves: 0, exceeded: false };
  checkNode(tree, 'conditions', 1, budget, out);
  if (budget.leaves > RULE_LIMITS.maxLeaves) {
    out.add('conditions', 'too_many_conditions', `at most ${RULE_LIMITS.maxLeaves} conditions per rule`);
  } else if (budget.nodes > RULE_LIMITS.maxNodes) {
    out.add('conditions', 'too_many_conditions', `at most ${RULE_LIMITS.maxNodes} nodes per rule`);
  }
}

function checkNode(node: unknown, path: string, depth: number, budget: TreeBudget, out: Collector): void {
  if (out.full || budget.exceeded) return;
  if (++budget.nodes > RULE_LIMITS.maxNodes) {
    budget.exceeded = true;
    return;
  }
  if (!isObject(node)) {
    out.add(path, 'invalid_condition', 'a condition must be an object');
    return;
  }
  const keys = Object.keys(node);
  if (keys.includes('all') || keys.includes('any') || keys.includes('not')) {
    if (keys.length !== 1) {
      out.add(path, 'invalid_condition', 'a group holds exactly one of "all", "any", "not"');
      return;
    }
    if (depth >= RULE_LIMITS.maxDepth) {
      out.add(path, 'too_deep', `conditions may nest at most ${RULE_LIMITS.maxDepth} levels`);
      return;
    }
    const key = keys[0];
    const childPath = `${path}.${key}`;
    if (key === 'not') {
      checkNode(node.not, childPath, depth + 1, budget, out);
      return;
    }
    const children = node[key];
    if (!Array.isArray(children)) {
      out.add(childPath, 'invalid_type', `"${key}" must be an array`);
      return;
    }
    if (key === 'any' && children.length === 0) {
      out.add(childPath, 'invalid_value', '"any" needs at least one condition');
    }
    children.forEach((child, i) => checkNode(child, `${childPath}[${i}]`, depth + 1, budget, out));
    return;
  }
  if (++budget.leaves > RULE_LIMITS.maxLeaves) {
    budget.exceeded = true;
    return;
  }
  checkLeaf(node, path, out);
}

const LEAF_KEYS = new Set(['fact', 'operator', 'value']);
const COUNTRY = /^[A-Za-z]{2}$/;

function checkLeaf(leaf: Json, path: string, out: Collector): void {
  checkKeys(leaf, LEAF_KEYS, path, out);
  const { fact, operator, value } = leaf;
  if (fact === undefined) return out.add(`${path}.fact`, 'required', 'fact is required');
  if (!isFactName(fact)) return out.add(`${path}.fact`, 'unknown_fact', `unknown fact "${String(fact)}"`);
  if (operator === undefined) return out.add(`${path}.operator`, 'required', 'operator is required');
  if (!(OPERATORS as readonly unknown[]).includes(operator)) {
    return out.add(`${path}.operator`, 'unknown_operator', `unknown operator "${String(operator)}"`);
  }
  const type = FACT_TYPES[fact];
  const op = operator as Operator;
  if (!OPERATORS_BY_TYPE[type].has(op)) {
    return out.add(`${path}.operator`, 'operator_not_allowed', `operator "${op}" is not allowed on ${type} fact "${fact}"`);
  }
  const valuePath = `${path}.value`;
  if (value === undefined) return out.add(valuePath, 'required', 'value is required');

  if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(value)) return out.add(valuePath, 'invalid_type', `"${op}" takes an array`);
    if (value.length === 0) return out.add(valuePath, 'invalid_value', 'the list must not be empty');
    if (value.length > RULE_LIMITS.maxListValues) {
      return out.add(valuePath, 'out_of_range', `at most ${RULE_LIMITS.maxListValues} values`);
    }
    value.forEach((item, i) => checkScalar(item, type, fact, `${valuePath}[${i}]`, out));
    return;
  }
  if (op === 'matches') {
    if (!checkString(value, valuePath, RULE_LIMITS.maxValueLength, out)) return;
    try {
      compileGlob(value);
    } catch {
      out.add(valuePath, 'invalid_glob', `"${value}" is not a valid glob`);
    }
    return;
  }
  if (type === 'string[]' || op === 'contains' || op === 'doesNotContain') {
    checkString(value, valuePath, RULE_LIMITS.maxValueLength, out);
    return;
  }
  checkScalar(value, type, fact, valuePath, out);
}

function checkScalar(value: unknown, type: FactType, fact: string, path: string, out: Collector): void {
  switch (type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) out.add(path, 'invalid_type', 'must be a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.add(path, 'invalid_type', 'must be a boolean');
      return;
    case 'string':
    case 'string[]':
      if (typeof value !== 'string') return out.add(path, 'invalid_type', 'must be a string');
      if (value.length > RULE_LIMITS.maxValueLength) {
        return out.add(path, 'out_of_range', `must be at most ${RULE_LIMITS.maxValueLength} characters`);
      }
      if (fact === 'device.type' && !(DEVICE_TYPES as readonly string[]).includes(value.toLowerCase())) {
        out.add(path, 'invalid_value', `device type is one of ${DEVICE_TYPES.join(', ')}`);
      }
      if (fact === 'geo.country' && !COUNTRY.test(value)) out.add(path, 'invalid_value', 'must be an ISO 3166 two-letter code');
      return;
  }
}

// --- Action, advisor, schedule, frequency ---------------------------------------------------------------

const ACTION_KEYS = new Set(['type', 'message', 'offer']);
const OFFER_KEYS = new Set(['code', 'label']);
const OFFER_CODE = /^\S{1,64}$/;

/** Returns the action type when it is a known one, for the checks across fields. */
function checkAction(action: unknown, path: string, out: Collector): ActionType | undefined {
  if (!isObject(action)) {
    out.add(path, 'invalid_type', 'an action must be an object');
    return undefined;
  }
  checkKeys(action, ACTION_KEYS, path, out);
  const type = action.type;
  if (type === undefined) {
    out.add(`${path}.type`, 'required', 'type is required');
    return undefined;
  }
  if (!(ACTION_TYPES as readonly unknown[]).includes(type)) {
    out.add(`${path}.type`, 'unknown_action_type', `unknown action type "${String(type)}"; one of ${ACTION_TYPES.join(', ')}`);
    return undefined;
  }
  const actionType = type as ActionType;
  if (action.message !== undefined) checkString(action.message, `${path}.message`, RULE_LIMITS.maxMessageLength, out);
  else if (actionType === 'chat_invitation') out.add(`${path}.message`, 'message_required', 'an invitation needs a message');

  if (action.offer !== undefined && actionType !== 'discount_offer') {
    out.add(`${path}.offer`, 'offer_not_allowed', 'only a discount_offer carries an offer');
  } else if (actionType === 'discount_offer') {
    if (!isObject(action.offer)) {
      out.add(`${path}.offer.code`, 'offer_code_required', 'a discount needs an offer with a code');
    } else {
      checkKeys(action.offer, OFFER_KEYS, `${path}.offer`, out);
      const { code, label } = action.offer;
      if (code === undefined) out.add(`${path}.offer.code`, 'offer_code_required', 'a discount needs a code');
      else if (typeof code !== 'string') out.add(`${path}.offer.code`, 'invalid_type', 'must be a string');
      else if (!OFFER_CODE.test(code)) out.add(`${path}.offer.code`, 'invalid_value', '1 to 64 characters, no spaces');
      if (label !== undefined) checkString(label, `${path}.offer.label`, RULE_LIMITS.maxNameLength, out);
    }
  }
  return actionType;
}

function checkRequiresAdvisor(value: unknown, out: Collector): void {
  if (!isObject(value)) return out.add('requiresAdvisor', 'invalid_type', 'must be an object');
  checkKeys(value, new Set(['skill']), 'requiresAdvisor', out);
  if (value.skill !== undefined) checkString(value.skill, 'requiresAdvisor.skill', 100, out);
}

const SCHEDULE_KEYS = new Set(['from', 'to', 'daysOfWeek', 'hours', 'timeZone']);

function checkSchedule(schedule: unknown, out: Collector): void {
  if (!isObject(schedule)) return out.add('schedule', 'invalid_type', 'must be an object');
  checkKeys(schedule, SCHEDULE_KEYS, 'schedule', out);
  const bounds: Record<'from' | 'to', ReturnType<typeof parseScheduleBound>> = { from: undefined, to: undefined };
  for (const key of ['from', 'to'] as const) {
    const value = schedule[key];
    if (value === undefined) continue;
    bounds[key] = typeof value === 'string' ? parseScheduleBound(value) : undefined;
    if (!bounds[key]) {
      out.add(`schedule.${key}`, 'invalid_date', 'a date YYYY-MM-DD or an ISO date-time with offset');
    }
  }
  const { from, to } = bounds;
  if (from && to && from.kind === to.kind) {
    const reversed = from.kind === 'day' ? from.day > (to as typeof from).day : from.ms > (to as typeof from).ms;
    if (reversed) out.add('schedule.to', 'invalid_date', 'must not be before schedule.from');
  }

  const days = schedule.daysOfWeek;
  if (days !== undefined) {
    if (!Array.isArray(days) || days.length === 0) {
      out.add('schedule.daysOfWeek', 'invalid_type', 'a non-empty array of days 1 (Monday) to 7 (Sunday)');
    } else {
      days.forEach((day, i) => {
        if (!Number.isInteger(day) || (day as number) < 1 || (day as number) > 7) {
          out.add(`schedule.daysOfWeek[${i}]`, 'out_of_range', 'a day is 1 (Monday) to 7 (Sunday)');
        } else if (days.indexOf(day) !== i) {
          out.add(`schedule.daysOfWeek[${i}]`, 'invalid_value', 'duplicate day');
        }
      });
    }
  }

  const hours = schedule.hours;
  if (hours !== undefined) {
    if (!isObject(hours)) {
      out.add('schedule.hours', 'invalid_type', 'must be an object {from, to}');
    } else {
      checkKeys(hours, new Set(['from', 'to']), 'schedule.hours', out);
      const start = typeof hours.from === 'string' ? parseHourMinute(hours.from) : undefined;
      const end = typeof hours.to === 'string' ? parseHourMinute(hours.to, true) : undefined;
      if (start === undefined) out.add('schedule.hours.from', 'invalid_time', 'HH:MM, 00:00 to 23:59');
      if (end === undefined) out.add('schedule.hours.to', 'invalid_time', 'HH:MM, 00:00 to 24:00');
      if (start !== undefined && end !== undefined && start === end) {
        out.add('schedule.hours.to', 'invalid_time', 'the window is empty (from equals to)');
      }
    }
  }

  const tz = schedule.timeZone;
  if (tz !== undefined && (typeof tz !== 'string' || !isValidTimeZone(tz))) {
    out.add('schedule.timeZone', 'invalid_time_zone', `unknown time zone "${String(tz)}"`);
  }
}

function checkFrequency(frequency: unknown, out: Collector): void {
  if (!isObject(frequency)) return out.add('frequency', 'invalid_type', 'must be an object');
  checkKeys(frequency, new Set(['maxPerVisit', 'suppressAfterDecline']), 'frequency', out);
  if (frequency.maxPerVisit !== undefined) {
    checkInteger(frequency.maxPerVisit, 'frequency.maxPerVisit', 1, RULE_LIMITS.maxPerVisit, out);
  }
  if (frequency.suppressAfterDecline !== undefined && typeof frequency.suppressAfterDecline !== 'boolean') {
    out.add('frequency.suppressAfterDecline', 'invalid_type', 'must be a boolean');
  }
}
