import { z } from 'zod';
import { isObject } from '../common/schema';
import { compileGlob } from './engine/condition-evaluator';
import { OPERATORS, OPERATORS_BY_TYPE, type Condition, type Operator } from './engine/targeting-rule';
import { DEVICE_TYPES, FACT_TYPES, type FactName, type FactType } from './engine/visit-facts';
import { fail, forward, oneOf, report, RULE_LIMITS, string, text } from './rule-schema-parts';

// The conditions tree: groups `{all}`, `{any}`, `{not}` and leaves `{fact, operator, value}`. A merchant-written tree is
// evaluated on every tracking event of every visit, so its depth and size are bounded, and measured before zod descends
// into it (a hostile 100 000-level tree must not reach a recursive parser).

const FACT_NAMES = Object.keys(FACT_TYPES) as FactName[];
const TEXT_VALUE = text(RULE_LIMITS.maxValueLength);
const SCALAR: Record<FactType, z.ZodType> = {
  number: z.number({ error: 'must be a number' }), // zod refuses NaN and Infinity
  boolean: z.boolean({ error: 'must be a boolean' }),
  string: string.max(RULE_LIMITS.maxValueLength, `must be at most ${RULE_LIMITS.maxValueLength} characters`),
  'string[]': string.max(RULE_LIMITS.maxValueLength, `must be at most ${RULE_LIMITS.maxValueLength} characters`),
};
const FACT_SCALAR: Partial<Record<FactName, z.ZodType>> = {
  'device.type': SCALAR.string.refine(
    (v) => (DEVICE_TYPES as readonly string[]).includes((v as string).toLowerCase()),
    fail('invalid_value', `device type is one of ${DEVICE_TYPES.join(', ')}`),
  ),
  'geo.country': string.regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 two-letter code'),
};
const isGlob = (glob: string) => {
  try {
    return compileGlob(glob) !== undefined;
  } catch {
    return false;
  }
};
const GLOB = TEXT_VALUE.refine(
  (glob) => glob.trim() === '' || isGlob(glob),
  fail('invalid_glob', (v) => `"${String(v)}" is not a valid glob`),
);

/** What `value` must be, given the fact's type and the operator. */
function valueSchema(fact: FactName, op: Operator): z.ZodType {
  const type = FACT_TYPES[fact];
  const scalar = FACT_SCALAR[fact] ?? SCALAR[type];
  if (op === 'in' || op === 'notIn') {
    return z
      .array(scalar, { error: `"${op}" takes an array` })
      .refine((list) => list.length > 0, fail('invalid_value', 'the list must not be empty'))
      .refine((list) => list.length <= RULE_LIMITS.maxListValues, fail('out_of_range', `at most ${RULE_LIMITS.maxListValues} values`)); // zod's max() also measures a string
  }
  if (op === 'matches') return GLOB;
  if (type === 'string[]' || op === 'contains' || op === 'doesNotContain') return TEXT_VALUE;
  return scalar;
}

const leaf = z
  .strictObject({
    fact: oneOf('fact', FACT_NAMES, 'unknown_fact', (v) => `unknown fact "${String(v)}"`),
    operator: oneOf('operator', OPERATORS, 'unknown_operator', (v) => `unknown operator "${String(v)}"`),
    value: z.unknown(),
  })
  .check((ctx) => {
    const { fact, operator, value } = ctx.value;
    const type = FACT_TYPES[fact];
    if (!OPERATORS_BY_TYPE[type].has(operator)) report(ctx, ['operator'], 'operator_not_allowed', `operator "${operator}" is not allowed on ${type} fact "${fact}"`);
    else forward(ctx, valueSchema(fact, operator), value, ['value']);
  });

const children = (key: string) =>
  z.array(
    z.lazy(() => condition),
    { error: `"${key}" must be an array` },
  );
const GROUPS: Record<string, z.ZodType> = {
  all: z.strictObject({ all: children('all') }),
  any: z.strictObject({ any: children('any').refine((list) => list.length > 0, fail('invalid_value', '"any" needs at least one condition')) }),
  not: z.strictObject({ not: z.lazy(() => condition) }),
};
const groupKey = (node: Record<string, unknown>) => Object.keys(node).find((key) => Object.hasOwn(GROUPS, key));

/**
 * A node is a group when it has one of the group keys, else a leaf: only that schema reports, where a union would
 * report every branch.
 */
const condition: z.ZodType<Condition> = z
  .custom<Condition>()
  .check((ctx) => {
    const node: unknown = ctx.value;
    if (node === undefined) return; // only a missing root, reported by `conditionsSchema`
    if (!isObject(node)) return report(ctx, [], 'invalid_condition', 'a condition must be an object');
    const key = groupKey(node);
    if (key && Object.keys(node).length !== 1) return report(ctx, [], 'invalid_condition', 'a group holds exactly one of "all", "any", "not"');
    forward(ctx, key ? GROUPS[key] : leaf, node, []);
  })
  .meta({
    type: 'object',
    description: 'A group `{all: [...]}`, `{any: [...]}`, `{not: {...}}` or a leaf `{fact, operator, value}`; at most 10 levels, 200 leaves.',
    example: {
      all: [
        { fact: 'product.family', operator: 'equal', value: 'tv' },
        { fact: 'product.price', operator: 'greaterThan', value: 300 },
      ],
    },
  });

/**
 * Depth and size over the whole tree, counted as the engine would walk it. Past a limit the tree is reported on that
 * alone: zod never descends into it.
 */
function treeLimits(tree: unknown, ctx: z.RefinementCtx): void {
  const count = { nodes: 0, leaves: 0 };
  const walk = (node: unknown, path: PropertyKey[], depth: number): boolean => {
    if (++count.nodes > RULE_LIMITS.maxNodes) return false;
    if (!isObject(node)) return true;
    const key = groupKey(node);
    if (!key) return ++count.leaves <= RULE_LIMITS.maxLeaves;
    if (Object.keys(node).length !== 1) return true;
    if (depth >= RULE_LIMITS.maxDepth) {
      ctx.addIssue({ code: 'custom', path, params: { code: 'too_deep' }, message: `conditions may nest at most ${RULE_LIMITS.maxDepth} levels` });
      return true;
    }
    const next = node[key];
    if (key === 'not') return walk(next, [...path, key], depth + 1);
    return !Array.isArray(next) || next.every((child, i) => walk(child, [...path, key, i], depth + 1));
  };
  if (walk(tree, [], 1)) return;
  const message = count.leaves > RULE_LIMITS.maxLeaves ? `at most ${RULE_LIMITS.maxLeaves} conditions per rule` : `at most ${RULE_LIMITS.maxNodes} nodes per rule`;
  ctx.addIssue({ code: 'custom', path: [], params: { code: 'too_many_conditions' }, message });
}

export const conditionsSchema = z.preprocess((tree, ctx) => {
  // zod lets a missing key through a preprocess (the condition accepts undefined): refuse it here
  if (tree === undefined) ctx.addIssue({ code: 'custom', params: { code: 'required' }, message: 'conditions is required' });
  else treeLimits(tree, ctx);
  return tree;
}, condition);
