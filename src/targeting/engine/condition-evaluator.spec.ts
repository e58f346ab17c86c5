import { buildValuePredicate, compileGlob, explainCondition, globLiteral, normalizeFacts, secondsUntilTrue } from './condition-evaluator';
import { compileCondition } from './rule-compiler';
import type { Condition, ConditionLeaf } from './targeting-rule';
import type { VisitFacts } from './visit-facts';

// Facts reach predicates normalized, as in `decide`.
const holds = (leaf: ConditionLeaf, facts: VisitFacts) => buildValuePredicate(leaf)(normalizeFacts(facts)[leaf.fact]);

describe('operators', () => {
  it('compares numbers', () => {
    const price = (operator: ConditionLeaf['operator'], value: number, actual: number) => holds({ fact: 'product.price', operator, value }, { 'product.price': actual });
    expect(price('equal', 300, 300)).toBe(true);
    expect(price('notEqual', 300, 300)).toBe(false);
    expect(price('lessThan', 300, 300)).toBe(false);
    expect(price('lessThanInclusive', 300, 300)).toBe(true);
    expect(price('greaterThan', 300, 300)).toBe(false);
    expect(price('greaterThan', 300, 300.01)).toBe(true);
    expect(price('greaterThanInclusive', 300, 300)).toBe(true);
    expect(holds({ fact: 'cart.items', operator: 'in', value: [1, 2] }, { 'cart.items': 2 })).toBe(true);
    expect(holds({ fact: 'cart.items', operator: 'notIn', value: [1, 2] }, { 'cart.items': 3 })).toBe(true);
  });

  it('compares strings without regard to case', () => {
    expect(holds({ fact: 'product.family', operator: 'equal', value: 'TV' }, { 'product.family': 'tv' })).toBe(true);
    expect(holds({ fact: 'product.family', operator: 'notEqual', value: 'tv' }, { 'product.family': 'TV' })).toBe(false);
    expect(holds({ fact: 'geo.country', operator: 'in', value: ['FR', 'BE'] }, { 'geo.country': 'be' })).toBe(true);
    expect(holds({ fact: 'geo.country', operator: 'notIn', value: ['FR', 'BE'] }, { 'geo.country': 'Fr' })).toBe(false);
    expect(holds({ fact: 'page.url', operator: 'contains', value: '/TV/' }, { 'page.url': 'https://s.fr/tv/oled' })).toBe(true);
    expect(holds({ fact: 'page.url', operator: 'doesNotContain', value: 'promo' }, { 'page.url': 'https://s.fr/PROMO' })).toBe(false);
  });

  it('tests membership on lists and any-element globs', () => {
    const tags = { 'customer.tags': ['VIP', 'newsletter'] };
    expect(holds({ fact: 'customer.tags', operator: 'contains', value: 'vip' }, tags)).toBe(true);
    expect(holds({ fact: 'customer.tags', operator: 'contains', value: 'vi' }, tags)).toBe(false); // not a substring test
    expect(holds({ fact: 'customer.tags', operator: 'doesNotContain', value: 'blocked' }, tags)).toBe(true);
    expect(holds({ fact: 'search.keywords', operator: 'matches', value: 'télé*' }, { 'search.keywords': ['casque', 'Téléviseur'] })).toBe(true);
    expect(holds({ fact: 'search.keywords', operator: 'matches', value: 'télé*' }, { 'search.keywords': [] })).toBe(false);
  });

  it('matches URLs with globs', () => {
    const url = (glob: string, actual: string) => holds({ fact: 'page.url', operator: 'matches', value: glob }, { 'page.url': actual });
    expect(url('**/tv/**', 'https://shop.example/fr/tv/oled-55')).toBe(true);
    expect(url('**/tv/*', 'https://shop.example/fr/TV/oled-55?ref=home')).toBe(true);
    expect(url('**/tv/*', 'https://shop.example/fr/tv/oled/55')).toBe(false);
    expect(url('https://shop.example/*/cart', 'https://shop.example/fr/cart')).toBe(true);
    expect(url('**/*.{html,htm}', 'https://shop.example/a/b.htm')).toBe(true);
    expect(url('**/tv/**', 'https://shop.example/tvs/oled')).toBe(false);
  });

  it('compares booleans', () => {
    expect(holds({ fact: 'exitIntent', operator: 'equal', value: true }, { exitIntent: true })).toBe(true);
    expect(holds({ fact: 'exitIntent', operator: 'notEqual', value: true }, { exitIntent: false })).toBe(true);
  });

  it('makes every comparison on a missing or mistyped fact false, negative ones included', () => {
    const leaves: ConditionLeaf[] = [
      { fact: 'product.price', operator: 'lessThan', value: 10 },
      { fact: 'product.price', operator: 'notEqual', value: 10 },
      { fact: 'product.price', operator: 'notIn', value: [10] },
      { fact: 'page.url', operator: 'doesNotContain', value: 'x' },
      { fact: 'page.url', operator: 'notEqual', value: 'x' },
      { fact: 'page.url', operator: 'matches', value: '**' },
      { fact: 'customer.tags', operator: 'doesNotContain', value: 'x' },
      { fact: 'exitIntent', operator: 'notEqual', value: true },
    ];
    for (const leaf of leaves) {
      expect(holds(leaf, {})).toBe(false);
      expect(holds(leaf, { [leaf.fact]: undefined } as VisitFacts)).toBe(false);
    }
    const mistyped = { 'product.price': '12', 'page.url': 42, 'customer.tags': 'vip', exitIntent: 'no' } as unknown as VisitFacts;
    for (const leaf of leaves) expect(holds(leaf, mistyped)).toBe(false);
    expect(holds({ fact: 'product.price', operator: 'notEqual', value: 1 }, { 'product.price': Number.NaN })).toBe(false);
  });

  it('refuses invalid globs at compile time', () => {
    expect(() => compileGlob('**/tv/(*')).toThrow();
    expect(() => compileGlob('[z-a]')).toThrow();
    expect(compileGlob('**/tv/**')).toBeInstanceOf(RegExp);
  });
});

describe('glob literal prefilter', () => {
  it('extracts the longest plain run outside brackets, braces, groups and slashes', () => {
    expect(globLiteral('**/television/**')).toBe('television');
    expect(globLiteral('https://shop.example/*/cart')).toBe('example');
    expect(globLiteral('**/{tv,hifi}/Promo-*')).toBe('promo-');
    expect(globLiteral('./tv')).toBe('tv');
    expect(globLiteral('tv./*****')).toBe('tv');
    expect(globLiteral('!(promo)')).toBeUndefined();
    expect(globLiteral('a\\*b')).toBeUndefined();
    expect(globLiteral('**')).toBeUndefined();
  });

  // The prefilter may only skip the regex when the regex would fail: compare on random globs and inputs.
  it('never changes a match result (differential check against picomatch)', () => {
    let seed = 9;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const globParts = ['**', '*', '/', 'tv', 'a', '.', '?', '{a,tv}', '[ab]', '-', './', '@(tv|a)', '+(a)', '**/'];
    const inputParts = ['/', 'tv', 'a', 'b', '.', '-', 'x', '//', 'tv/', './', '..'];
    for (let i = 0; i < 6_000; i++) {
      const glob = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(globParts)).join('');
      let re: RegExp;
      try {
        re = compileGlob(glob);
      } catch {
        continue;
      }
      const input = Array.from({ length: Math.floor(random() * 6) }, () => pick(inputParts)).join('');
      const predicate = buildValuePredicate({ fact: 'page.url', operator: 'matches', value: glob });
      expect([glob, input, predicate(input)]).toEqual([glob, input, re.test(input)]);
    }
  });
});

describe('normalizeFacts', () => {
  it('lower-cases strings and string lists, leaves the rest and the input alone', () => {
    const raw: VisitFacts = { 'page.url': 'https://S.fr/TV', 'customer.tags': ['VIP'], 'cart.value': 10, exitIntent: true };
    expect(normalizeFacts(raw)).toEqual({ 'page.url': 'https://s.fr/tv', 'customer.tags': ['vip'], 'cart.value': 10, exitIntent: true });
    expect(raw['page.url']).toBe('https://S.fr/TV');
  });
});

describe('explainCondition', () => {
  const tree: Condition = {
    any: [
      {
        all: [
          { fact: 'product.family', operator: 'equal', value: 'tv' },
          { fact: 'product.price', operator: 'greaterThan', value: 300 },
        ],
      },
      { not: { fact: 'visitor.identified', operator: 'equal', value: true } },
    ],
  };

  it('reports every leaf with its path, expected and actual value, without short-circuit', () => {
    const raw: VisitFacts = { 'product.family': 'TV', 'product.price': 250, 'visitor.identified': true };
    expect(explainCondition(compileCondition(tree), normalizeFacts(raw), raw)).toEqual({
      passed: false,
      leaves: [
        { path: 'conditions.any[0].all[0]', fact: 'product.family', operator: 'equal', expected: 'tv', actual: 'TV', passed: true },
        { path: 'conditions.any[0].all[1]', fact: 'product.price', operator: 'greaterThan', expected: 300, actual: 250, passed: false },
        { path: 'conditions.any[1].not', fact: 'visitor.identified', operator: 'equal', expected: true, actual: true, passed: true },
      ],
    });
  });

  it('reports a missing fact as undefined and inverts it under not', () => {
    const result = explainCondition(compileCondition(tree), {});
    expect(result.passed).toBe(true);
    expect(result.leaves[2]).toMatchObject({ actual: undefined, passed: false });
  });
});

describe('secondsUntilTrue', () => {
  const wait = (tree: Condition, facts: VisitFacts) => secondsUntilTrue(compileCondition(tree), normalizeFacts(facts));
  const idle = (operator: ConditionLeaf['operator'], value: number | number[]): Condition => ({
    fact: 'page.idleSeconds',
    operator,
    value,
  });

  it('computes thresholds per operator on whole seconds', () => {
    expect(wait(idle('greaterThan', 40), { 'page.idleSeconds': 25 })).toBe(16);
    expect(wait(idle('greaterThanInclusive', 40), { 'page.idleSeconds': 25 })).toBe(15);
    expect(wait(idle('greaterThanInclusive', 40), { 'page.idleSeconds': 25.5 })).toBe(15);
    expect(wait(idle('equal', 40), { 'page.idleSeconds': 25 })).toBe(15);
    expect(wait(idle('equal', 40), { 'page.idleSeconds': 25.5 })).toBeUndefined();
    expect(wait(idle('in', [10, 60, 45]), { 'page.idleSeconds': 25 })).toBe(20);
    expect(wait(idle('lessThan', 40), { 'page.idleSeconds': 50 })).toBeUndefined();
  });

  it('is undefined when the fact is missing or does not grow', () => {
    expect(wait(idle('greaterThan', 40), {})).toBeUndefined();
    const cartIdle: Condition = { fact: 'cart.idleSeconds', operator: 'greaterThanInclusive', value: 40 };
    expect(wait(cartIdle, { 'cart.idleSeconds': 0, 'cart.items': 0 })).toBeUndefined();
    expect(wait(cartIdle, { 'cart.idleSeconds': 0, 'cart.items': 1 })).toBe(40);
  });

  it('intersects windows under all: the later threshold wins, a closing window can make it impossible', () => {
    const both: Condition = {
      all: [
        { fact: 'page.idleSeconds', operator: 'greaterThan', value: 30 },
        { fact: 'visit.durationSeconds', operator: 'greaterThanInclusive', value: 120 },
      ],
    };
    expect(wait(both, { 'page.idleSeconds': 0, 'visit.durationSeconds': 100 })).toBe(31);
    const closing: Condition = {
      all: [
        { fact: 'page.idleSeconds', operator: 'greaterThan', value: 30 },
        { fact: 'visit.durationSeconds', operator: 'lessThan', value: 120 },
      ],
    };
    expect(wait(closing, { 'page.idleSeconds': 0, 'visit.durationSeconds': 100 })).toBeUndefined();
    expect(wait(closing, { 'page.idleSeconds': 0, 'visit.durationSeconds': 80 })).toBe(31);
  });

  it('takes the earliest branch under any and complements under not', () => {
    const either: Condition = { any: [idle('greaterThan', 60), { fact: 'visit.durationSeconds', operator: 'greaterThan', value: 100 }] };
    expect(wait(either, { 'page.idleSeconds': 10, 'visit.durationSeconds': 90 })).toBe(11);
    // not (idle <= 30) is idle > 30.
    expect(wait({ not: idle('lessThanInclusive', 30) }, { 'page.idleSeconds': 10 })).toBe(21);
    // not (idle in [10..]) right now: becomes true one second later.
    expect(wait({ not: idle('equal', 10) }, { 'page.idleSeconds': 10 })).toBe(1);
  });

  it('is undefined when a non-time leaf fails under all', () => {
    const gated: Condition = { all: [idle('greaterThan', 30), { fact: 'exitIntent', operator: 'equal', value: true }] };
    expect(wait(gated, { 'page.idleSeconds': 0, exitIntent: false })).toBeUndefined();
    expect(wait(gated, { 'page.idleSeconds': 0, exitIntent: true })).toBe(31);
  });
});
