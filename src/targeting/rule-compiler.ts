import {
  buildValuePredicate,
  type CompiledCondition,
  type FactsPredicate,
  type GlobCache,
} from './condition-evaluator';
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
  /** The tree with paths, for explanations and time windows. */
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
    return {
      kind: 'leaf',
      path,
      fact: condition.fact,
      operator: condition.operator,
      expected: condition.value,
      test: buildValuePredicate(condition, globs),
    };
  }
  if ('all' in condition) {
    return { kind: 'all', path, children: condition.all.map((c, i) => compileCondition(c, `${path}.all[${i}]`, globs)) };
  }
  if ('any' in condition) {
    return { kind: 'any', path, children: condition.any.map((c, i) => compileCondition(c, `${path}.any[${i}]`, globs)) };
  }
  return { kind: 'not', path, child: compileCondition(condition.not, `${path}.not`, globs) };
}

export function toPredicate(node: CompiledCondition): FactsPredicate {
  switch (node.kind) {
    case 'leaf': {
      const { fact, test } = node;
      return (facts) => test(facts[fact]);
    }
    case 'all': {
      const children = node.children.map(toPredicate);
      if (children.length === 1) return children[0];
      if (children.length === 2) {
        const [a, b] = children;
        return (facts) => a(facts) && b(facts);
      }
      return (facts) => {
        for (let i = 0; i < children.length; i++) if (!children[i](facts)) return false;
        return true;
      };
    }
    case 'any': {
      const children = node.children.map(toPredicate);
      if (children.length === 1) return children[0];
      if (children.length === 2) {
        const [a, b] = children;
        return (facts) => a(facts) || b(facts);
      }
      return (facts) => {
        for (let i = 0; i < children.length; i++) if (children[i](facts)) return true;
        return false;
      };
    }
    case 'not': {
      const child = toPredicate(node.child);
      return (facts) => !child(facts);
    }
  }
}

function usesTimeFacts(node: CompiledCondition): boolean {
  switch (node.kind) {
    case 'leaf':
      return TIME_BASED_FACTS.has(node.fact);
    case 'all':
    case 'any':
      return node.children.some(usesTimeFacts);
    case 'not':
      return usesTimeFacts(node.child);
  }
}

export function compileRule(rule: TargetingRule, globs?: GlobCache): CompiledRule {
  const condition = compileCondition(rule.conditions, 'conditions', globs);
  return {
    id: rule.id,
    rule,
    enabled: rule.enabled,
    priority: rule.priority,
    condition,
    test: toPredicate(condition),
    isActive: compileSchedule(rule.schedule),
    needsAdvisor: needsAdvisor(rule),
    usesTimeFacts: usesTimeFacts(condition),
  };
}

/** Compiled and ordered as `decide` expects: priority descending, then id so ties stay deterministic. */
export function compileRules(rules: readonly TargetingRule[]): CompiledRule[] {
  const globs: GlobCache = new Map();
  return rules
    .map((rule) => compileRule(rule, globs))
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
