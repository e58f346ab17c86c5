import { explainCondition, normalizeFacts } from './condition-evaluator';
import { compileCondition, compileRule, compileRules } from './rule-compiler';
import { validateRule } from '../rule-validator';
import type { Condition, ConditionLeaf, TargetingRule } from './targeting-rule';
import type { VisitFacts } from './visit-facts';

const baseRule = (overrides: Partial<TargetingRule>): TargetingRule => ({
  id: 'r',
  name: 'r',
  enabled: true,
  priority: 0,
  conditions: { all: [] },
  action: { type: 'chat_button' },
  ...overrides,
});

describe('compileRules', () => {
  it('orders by priority descending, ties by id', () => {
    const rules = [baseRule({ id: 'b', priority: 1 }), baseRule({ id: 'c', priority: 5 }), baseRule({ id: 'a', priority: 1 }), baseRule({ id: 'd', priority: -3 })];
    expect(compileRules(rules).map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('flags rules that need an advisor and rules that wait on time', () => {
    const invite = compileRule(baseRule({ action: { type: 'chat_invitation', message: 'hi' } }));
    const discount = compileRule(
      baseRule({
        action: { type: 'discount_offer', offer: { code: 'X' } },
        conditions: { not: { fact: 'visit.durationSeconds', operator: 'lessThan', value: 60 } },
      }),
    );
    expect([invite.needsAdvisor, invite.usesTimeFacts]).toEqual([true, false]);
    expect([discount.needsAdvisor, discount.usesTimeFacts]).toEqual([false, true]);
    expect(compileRule(baseRule({ action: { type: 'faq_suggestion' }, requiresAdvisor: {} })).needsAdvisor).toBe(true);
  });

  it('treats an empty all as always true', () => {
    expect(compileRule(baseRule({})).test({})).toBe(true);
  });

  it('does not re-read the rule after compiling (edits need a recompile)', () => {
    const leaf: ConditionLeaf = { fact: 'product.family', operator: 'in', value: ['tv'] };
    const rule = baseRule({ conditions: { all: [leaf] } });
    const compiled = compileRule(rule);
    (leaf.value as string[]).push('hifi');
    expect(compiled.test(normalizeFacts({ 'product.family': 'hifi' }))).toBe(false);
  });
});

// Property check: the hot-path closures agree with the explain walk on random trees and random facts.
describe('compiled predicate vs explanation', () => {
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  const LEAVES: ConditionLeaf[] = [
    { fact: 'product.price', operator: 'greaterThan', value: 300 },
    { fact: 'product.price', operator: 'lessThanInclusive', value: 1000 },
    { fact: 'cart.items', operator: 'in', value: [1, 2, 3] },
    { fact: 'product.family', operator: 'in', value: ['TV', 'hifi'] },
    { fact: 'page.url', operator: 'matches', value: '**/tv/**' },
    { fact: 'page.url', operator: 'contains', value: 'promo' },
    { fact: 'customer.tags', operator: 'contains', value: 'vip' },
    { fact: 'exitIntent', operator: 'equal', value: true },
    { fact: 'geo.country', operator: 'notIn', value: ['FR'] },
    { fact: 'device.type', operator: 'notEqual', value: 'mobile' },
  ];

  const randomTree = (depth: number): Condition => {
    const r = random();
    if (depth >= 4 || r < 0.4) return pick(LEAVES);
    if (r < 0.55) return { not: randomTree(depth + 1) };
    const children = Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomTree(depth + 1));
    return r < 0.8 ? { all: children } : { any: children };
  };

  const randomFacts = (): VisitFacts => {
    const facts: Record<string, unknown> = {};
    if (random() < 0.8) facts['product.price'] = pick([100, 300, 301, 999, 1000, 1500]);
    if (random() < 0.8) facts['cart.items'] = pick([0, 1, 3, 7]);
    if (random() < 0.8) facts['product.family'] = pick(['tv', 'TV', 'Hifi', 'phone']);
    if (random() < 0.8) facts['page.url'] = pick(['https://s.fr/tv/oled', 'https://s.fr/promo', 'https://s.fr/']);
    if (random() < 0.8) facts['customer.tags'] = pick([[], ['VIP'], ['other']]);
    if (random() < 0.8) facts.exitIntent = random() < 0.5;
    if (random() < 0.8) facts['geo.country'] = pick(['FR', 'be']);
    if (random() < 0.8) facts['device.type'] = pick(['mobile', 'desktop']);
    return facts as VisitFacts;
  };

  it('agrees on 2,000 random trees', () => {
    for (let i = 0; i < 2_000; i++) {
      const tree = randomTree(0);
      expect(validateRule({ name: 'p', conditions: tree, action: { type: 'chat_button' } })).toEqual([]);
      const compiled = compileCondition(tree);
      const test = compiled.holds;
      const facts = normalizeFacts(randomFacts());
      expect(test(facts)).toBe(explainCondition(compiled, facts).passed);
    }
  });
});
