import picomatch from 'picomatch';
import type { ConditionLeaf, ConditionValue, Operator } from './targeting-rule';
import { FACT_TYPES, isGrowing, TIME_BASED_FACTS, type FactName, type VisitFacts } from './visit-facts';

// Operator semantics, and the walks over a compiled condition tree: the boolean hot path lives in the
// closures the compiler builds; here are the slower explain walk and the "when could it become true" walk.
//
// Strings compare case-insensitively: facts are lower-cased once per decision (`normalizeFacts`) and
// expected values once at compile time, so no leaf lower-cases anything while evaluating.

export type ValuePredicate = (actual: unknown) => boolean;
export type FactsPredicate = (facts: VisitFacts) => boolean;

interface CompiledNode {
  path: string;
  /** The hot-path closure for this subtree; takes normalized facts. */
  holds: FactsPredicate;
  /** A time-based fact appears in this subtree. */
  timed: boolean;
}

export type CompiledCondition =
  | (CompiledNode & {
      kind: 'leaf';
      fact: FactName;
      operator: Operator;
      expected: ConditionValue;
      test: ValuePredicate;
    })
  | (CompiledNode & { kind: 'all' | 'any'; children: readonly CompiledCondition[] })
  | (CompiledNode & { kind: 'not'; child: CompiledCondition });

export interface LeafExplanation {
  path: string;
  fact: FactName;
  operator: Operator;
  expected: ConditionValue;
  actual: unknown;
  passed: boolean;
}

export interface ConditionExplanation {
  passed: boolean;
  leaves: LeafExplanation[];
}

const GLOB_OPTIONS = { nocase: true, dot: true, strictBrackets: true } as const;

/** Throws on a glob picomatch cannot compile (unbalanced brackets, braces, parentheses). */
export function compileGlob(glob: string): RegExp {
  const re = picomatch.makeRe(glob, GLOB_OPTIONS);
  // picomatch falls back to a never-matching regex instead of throwing on some invalid ranges.
  if (re.source === '$^') throw new Error('invalid glob');
  return re;
}

// `/` and `.` too: picomatch treats them specially next to globstars and in `./` segments
// (`**/tv/**` matches `shop/tv`), so a literal never spans them.
const GLOB_SPECIAL = new Set(['*', '?', '[', ']', '{', '}', '(', ')', '!', '+', '@', '|', ',', '\\', '/', '.']);

/**
 * The longest run of plain characters outside any bracket, brace or group: a string without it cannot
 * match, and `includes` rejects it far faster than picomatch's regex. Undefined when no safe run exists.
 */
export function globLiteral(glob: string): string | undefined {
  if (glob.startsWith('!') || glob.includes('\\')) return undefined;
  let best = '';
  let run = '';
  let depth = 0;
  for (const ch of glob) {
    if (ch === '[' || ch === '{' || ch === '(') depth++;
    else if ((ch === ']' || ch === '}' || ch === ')') && depth > 0) depth--;
    if (depth === 0 && !GLOB_SPECIAL.has(ch)) {
      run += ch;
      if (run.length > best.length) best = run;
    } else {
      run = '';
    }
  }
  return best.length > 0 ? best.toLowerCase() : undefined;
}

export type GlobTest = (value: string) => boolean;

/**
 * Glob tests shared by the rules compiled together: merchants reuse URL patterns across rules, and each
 * test remembers its last answer, so one decision runs each distinct glob once per distinct value.
 */
export type GlobCache = Map<string, GlobTest>;

function sharedGlobTest(glob: string, cache: GlobCache | undefined): GlobTest {
  let test = cache?.get(glob);
  if (!test) {
    test = globTest(glob);
    cache?.set(glob, test);
  }
  return test;
}

/** Tests normalized strings against a glob. */
function globTest(glob: string): GlobTest {
  const re = compileGlob(glob);
  const literal = globLiteral(glob);
  let lastValue: string | undefined;
  let lastResult = false;
  return (value) => {
    if (value === lastValue) return lastResult;
    lastValue = value;
    lastResult = (literal === undefined || value.includes(literal)) && re.test(value);
    return lastResult;
  };
}

const lower = (v: string | number): string | number => (typeof v === 'string' ? v.toLowerCase() : v);

/** Builds the predicate for one validated leaf, with its expected value prepared once. */
export function buildValuePredicate(leaf: ConditionLeaf, globs?: GlobCache): ValuePredicate {
  const type = FACT_TYPES[leaf.fact];
  const { operator, value } = leaf;
  if (type === 'string[]') return buildListPredicate(operator, value, globs);
  const scalar = type; // string | number | boolean: a missing or mistyped value never passes
  const isType = (a: unknown): boolean => typeof a === scalar && a === a; // a === a rejects NaN

  switch (operator) {
    case 'equal': {
      const expected = lower(value as string | number);
      return (a) => a === expected;
    }
    case 'notEqual': {
      const expected = lower(value as string | number);
      return (a) => isType(a) && a !== expected;
    }
    case 'lessThan': {
      const x = value as number;
      return (a) => typeof a === 'number' && a < x;
    }
    case 'lessThanInclusive': {
      const x = value as number;
      return (a) => typeof a === 'number' && a <= x;
    }
    case 'greaterThan': {
      const x = value as number;
      return (a) => typeof a === 'number' && a > x;
    }
    case 'greaterThanInclusive': {
      const x = value as number;
      return (a) => typeof a === 'number' && a >= x;
    }
    case 'in': {
      const set = new Set((value as readonly (string | number)[]).map(lower));
      return (a) => set.has(a as string | number);
    }
    case 'notIn': {
      const set = new Set((value as readonly (string | number)[]).map(lower));
      return (a) => isType(a) && !set.has(a as string | number);
    }
    case 'contains': {
      const needle = (value as string).toLowerCase();
      return (a) => typeof a === 'string' && a.includes(needle);
    }
    case 'doesNotContain': {
      const needle = (value as string).toLowerCase();
      return (a) => typeof a === 'string' && !a.includes(needle);
    }
    case 'matches': {
      const test = sharedGlobTest(value as string, globs);
      return (a) => typeof a === 'string' && test(a);
    }
  }
}

// On a list fact: contains/doesNotContain test membership, matches passes when any element matches.
function buildListPredicate(operator: Operator, value: ConditionValue, globs?: GlobCache): ValuePredicate {
  switch (operator) {
    case 'contains': {
      const needle = (value as string).toLowerCase();
      return (a) => Array.isArray(a) && a.includes(needle);
    }
    case 'doesNotContain': {
      const needle = (value as string).toLowerCase();
      return (a) => Array.isArray(a) && !a.includes(needle);
    }
    case 'matches': {
      const test = sharedGlobTest(value as string, globs);
      return (a) => Array.isArray(a) && a.some((item) => typeof item === 'string' && test(item));
    }
    default:
      throw new Error(`operator ${operator} is not allowed on a list fact`);
  }
}

const TEXT_FACTS = (Object.keys(FACT_TYPES) as FactName[]).filter((f) => FACT_TYPES[f] === 'string' || FACT_TYPES[f] === 'string[]');

/** Lower-cases string and string-list facts once per decision; numbers and booleans pass through. */
export function normalizeFacts(facts: VisitFacts): VisitFacts {
  // A spread copy keeps a fast object shape; only the few text facts are rewritten.
  const out: Record<string, unknown> = { ...facts };
  for (const key of TEXT_FACTS) {
    const v = out[key];
    if (typeof v === 'string') out[key] = v.toLowerCase();
    else if (Array.isArray(v)) out[key] = v.map((item: unknown) => (typeof item === 'string' ? item.toLowerCase() : item));
  }
  return out as VisitFacts;
}

/**
 * Evaluates every leaf (no short-circuit) so the explanation is complete. `facts` must be normalized;
 * `raw` supplies the values shown to the merchant.
 */
export function explainCondition(node: CompiledCondition, facts: VisitFacts, raw: VisitFacts = facts): ConditionExplanation {
  const leaves: LeafExplanation[] = [];
  const passed = walkExplain(node, facts, raw, leaves);
  return { passed, leaves };
}

function walkExplain(node: CompiledCondition, facts: VisitFacts, raw: VisitFacts, out: LeafExplanation[]): boolean {
  switch (node.kind) {
    case 'leaf': {
      const passed = node.test(facts[node.fact]);
      out.push({
        path: node.path,
        fact: node.fact,
        operator: node.operator,
        expected: node.expected,
        actual: raw[node.fact],
        passed,
      });
      return passed;
    }
    case 'all': {
      let passed = true;
      for (const child of node.children) passed = walkExplain(child, facts, raw, out) && passed;
      return passed;
    }
    case 'any': {
      let passed = false;
      for (const child of node.children) passed = walkExplain(child, facts, raw, out) || passed;
      return passed;
    }
    case 'not':
      return !walkExplain(node.child, facts, raw, out);
  }
}

// --- Time windows -------------------------------------------------------------------------------------
// For "when could this become true by waiting", each node maps to the set of whole-second delays t >= 0
// at which it would hold if the growing time facts advanced by t and nothing else changed. Sets are
// sorted disjoint inclusive [start, end] ranges; `end` may be Infinity.

type Range = readonly [number, number];
type Ranges = readonly Range[];

const ALWAYS: Ranges = [[0, Infinity]];
const NEVER: Ranges = [];

function intersect(a: Ranges, b: Ranges): Ranges {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (start <= end) out.push([start, end]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function complement(a: Ranges): Ranges {
  const out: Range[] = [];
  let next = 0;
  for (const [start, end] of a) {
    if (start > next) out.push([next, start - 1]);
    next = end + 1;
  }
  if (next !== Infinity) out.push([next, Infinity]);
  return out;
}

function union(a: Ranges, b: Ranges): Ranges {
  return complement(intersect(complement(a), complement(b)));
}

function point(d: number): Ranges {
  return Number.isInteger(d) && d >= 0 ? [[d, d]] : NEVER;
}

function from(start: number): Ranges {
  return [[Math.max(0, start), Infinity]];
}

function until(end: number): Ranges {
  return end < 0 ? NEVER : [[0, end]];
}

function leafWindow(node: Extract<CompiledCondition, { kind: 'leaf' }>, facts: VisitFacts): Ranges {
  const actual = facts[node.fact];
  if (!TIME_BASED_FACTS.has(node.fact) || typeof actual !== 'number' || !isGrowing(node.fact, facts)) {
    return node.test(actual) ? ALWAYS : NEVER;
  }
  const expected = node.expected;
  const d = typeof expected === 'number' ? expected - actual : NaN;
  switch (node.operator) {
    case 'greaterThan':
      return from(Math.floor(d) + 1);
    case 'greaterThanInclusive':
      return from(Math.ceil(d));
    case 'lessThan':
      return until(Math.ceil(d) - 1);
    case 'lessThanInclusive':
      return until(Math.floor(d));
    case 'equal':
      return point(d);
    case 'notEqual':
      return complement(point(d));
    case 'in':
    case 'notIn': {
      let set = NEVER;
      for (const x of expected as readonly number[]) set = union(set, point(x - actual));
      return node.operator === 'in' ? set : complement(set);
    }
    default:
      return node.test(actual) ? ALWAYS : NEVER;
  }
}

function window(node: CompiledCondition, facts: VisitFacts): Ranges {
  // Subtrees without a time fact are settled by their boolean closure, cheaply.
  if (!node.timed) return node.holds(facts) ? ALWAYS : NEVER;
  switch (node.kind) {
    case 'leaf':
      return leafWindow(node, facts);
    case 'all': {
      for (const child of node.children) if (!child.timed && !child.holds(facts)) return NEVER;
      let set = ALWAYS;
      for (const child of node.children) {
        if (!child.timed) continue;
        set = intersect(set, window(child, facts));
        if (set.length === 0) return NEVER;
      }
      return set;
    }
    case 'any': {
      for (const child of node.children) if (!child.timed && child.holds(facts)) return ALWAYS;
      let set = NEVER;
      for (const child of node.children) if (child.timed) set = union(set, window(child, facts));
      return set;
    }
    case 'not':
      return complement(window(node.child, facts));
  }
}

/**
 * The smallest whole number of seconds (>= 1) after which the condition would hold if the visitor just
 * waits, or undefined if waiting alone never makes it true. `facts` must be normalized.
 */
export function secondsUntilTrue(node: CompiledCondition, facts: VisitFacts): number | undefined {
  for (const [start] of window(node, facts)) {
    if (start >= 1) return start;
  }
  return undefined;
}
