import { buildValuePredicate, type CompiledCondition, type FactsPredicate, type GlobCache } from './condition-evaluator';
import { compileSchedule, type ScheduleCheck } from './schedule';
import { isLeaf, needsAdvisor, type Condition, type TargetingRule } from './targeting-rule';
import { TIME_BASED_FACTS } from './visit-facts';

// Turns validated rules into what the decision engine runs: each condition tree becomes nested closures
// (globs, sets and lower-cased values prepared once), so a decision does no parsing and no allocation
// per leaf. Compile when rules change, not per request. Input must have passed `validateRule`.

export interface CompiledRule {
  readonly id: string;
  readonly rule: TargetingRule;
  readonly enabled: boolean;
  readonly priority: number;
  /** The tree with paths, for explanations and time windows; `condition.holds` is `test`. */
  readonly condition: CompiledCondition;
  /** The hot path: takes normalized facts (see `normalizeFacts`). */
  readonly test: FactsPredicate;
  readonly isActive: ScheduleCheck;
  readonly needsAdvisor: boolean;
  /** Whether waiting alone could change the outcome (a time-based fact appears in the tree). */
  readonly usesTimeFacts: boolean;
}

export function compileCondition(condition: Condition, path = 'conditions', globs?: GlobCache): CompiledCondition {
  if (isLeaf(condition)) {
    const { fact } = condition;
    const test = buildValuePredicate(condition, globs);
    return {
      kind: 'leaf',
      path,
      fact,
      operator: condition.operator,
      expected: condition.value,
      test,
      holds: (facts) => test(facts[fact]),
      timed: TIME_BASED_FACTS.has(fact),
    };
  }
  if ('not' in condition) {
    const child = compileCondition(condition.not, `${path}.not`, globs);
    const inner = child.holds;
    return { kind: 'not', path, child, holds: (facts) => !inner(facts), timed: child.timed };
  }
  const kind = 'all' in condition ? 'all' : 'any';
  const list = 'all' in condition ? condition.all : condition.any;
  const children = list.map((c, i) => compileCondition(c, `${path}.${kind}[${i}]`, globs));
  return {
    kind,
    path,
    children,
    holds: kind === 'all' ? allOf(children.map((c) => c.holds)) : anyOf(children.map((c) => c.holds)),
    timed: children.some((c) => c.timed),
  };
}

function allOf(tests: FactsPredicate[]): FactsPredicate {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (facts) => a(facts) && b(facts);
  }
  return (facts) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](facts)) return false;
    return true;
  };
}

function anyOf(tests: FactsPredicate[]): FactsPredicate {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (facts) => a(facts) || b(facts);
  }
  return (facts) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](facts)) return true;
    return false;
  };
}

export function compileRule(rule: TargetingRule, globs?: GlobCache): CompiledRule {
  const condition = compileCondition(rule.conditions, 'conditions', globs);
  return {
    id: rule.id,
    rule,
    enabled: rule.enabled,
    priority: rule.priority,
    condition,
    test: condition.holds,
    isActive: compileSchedule(rule.schedule),
    needsAdvisor: needsAdvisor(rule),
    usesTimeFacts: condition.timed,
  };
}

/** Compiled and ordered as `decide` expects: priority descending, then id so ties stay deterministic. */
export function compileRules(rules: readonly TargetingRule[]): CompiledRule[] {
  const globs: GlobCache = new Map();
  return rules.map((rule) => compileRule(rule, globs)).sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
