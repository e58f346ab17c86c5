import { RULE_LIMITS, validateRule, type RuleValidationError } from './rule-validator';

const valid = () => ({
  name: 'TV advice',
  enabled: true,
  priority: 10,
  conditions: {
    all: [
      { fact: 'product.family', operator: 'in', value: ['tv', 'hifi'] },
      { fact: 'product.price', operator: 'greaterThan', value: 300 },
      { any: [{ fact: 'page.url', operator: 'matches', value: '**/tv/**' }, { not: { fact: 'exitIntent', operator: 'equal', value: true } }] },
    ],
  },
  action: { type: 'chat_invitation', message: 'Besoin d’un conseil ?' },
  fallbackAction: { type: 'callback_offer' },
  requiresAdvisor: { skill: 'tv' },
  schedule: { from: '2025-12-01', to: '2025-12-31', daysOfWeek: [1, 2, 3, 4, 5], hours: { from: '09:00', to: '19:00' }, timeZone: 'Europe/Paris' },
  controlGroupPercent: 10,
  frequency: { maxPerVisit: 2, suppressAfterDecline: false },
});

const paths = (errors: RuleValidationError[]) => errors.map((e) => `${e.path} ${e.code}`);

function withCondition(leaf: unknown) {
  return { ...valid(), conditions: { all: [{ fact: 'cart.items', operator: 'greaterThan', value: 0 }, leaf] } };
}

describe('validateRule', () => {
  it('accepts a complete rule', () => {
    expect(validateRule(valid())).toEqual([]);
  });

  it('requires name, conditions and action on create, nothing on patch', () => {
    expect(paths(validateRule({}))).toEqual(['name required', 'conditions required', 'action required']);
    expect(validateRule({}, 'patch')).toEqual([]);
    expect(validateRule({ priority: 3 }, 'patch')).toEqual([]);
  });

  it('refuses non-objects and unknown fields at any level', () => {
    expect(paths(validateRule(null))).toEqual([' invalid_type']);
    expect(paths(validateRule([valid()]))).toEqual([' invalid_type']);
    const payload = { ...valid(), id: 'x', action: { type: 'chat_button', colour: 'red' } };
    expect(paths(validateRule(payload))).toEqual(['id unknown_field', 'action.colour unknown_field']);
  });

  it('names the path of an unknown fact, a bad operator and a wrong value type', () => {
    const payload = {
      ...valid(),
      conditions: {
        all: [
          { fact: 'cart.items', operator: 'greaterThan', value: 0 },
          { fact: 'cart.colour', operator: 'equal', value: 'red' },
          { fact: 'cart.value', operator: 'matches', value: '1*' },
          { any: [{ fact: 'product.price', operator: 'greaterThan', value: '300' }] },
          { not: { fact: 'visitor.identified', operator: 'greaterThan', value: 1 } },
          { fact: 'page.url', operator: 'startsWith', value: '/' },
        ],
      },
    };
    expect(paths(validateRule(payload))).toEqual([
      'conditions.all[1].fact unknown_fact',
      'conditions.all[2].operator operator_not_allowed',
      'conditions.all[3].any[0].value invalid_type',
      'conditions.all[4].not.operator operator_not_allowed',
      'conditions.all[5].operator unknown_operator',
    ]);
  });

  it.each([
    [{ fact: 'customer.tags', operator: 'equal', value: 'vip' }, 'conditions.all[1].operator operator_not_allowed'],
    [{ fact: 'customer.tags', operator: 'contains', value: 3 }, 'conditions.all[1].value invalid_type'],
    [{ fact: 'product.family', operator: 'in', value: 'tv' }, 'conditions.all[1].value invalid_type'],
    [{ fact: 'product.family', operator: 'in', value: [] }, 'conditions.all[1].value invalid_value'],
    [{ fact: 'product.family', operator: 'notIn', value: ['tv', 4] }, 'conditions.all[1].value[1] invalid_type'],
    [{ fact: 'cart.value', operator: 'in', value: [10, Number.NaN] }, 'conditions.all[1].value[1] invalid_type'],
    [{ fact: 'cart.value', operator: 'lessThan', value: Infinity }, 'conditions.all[1].value invalid_type'],
    [{ fact: 'exitIntent', operator: 'equal', value: 'true' }, 'conditions.all[1].value invalid_type'],
    [{ fact: 'page.url', operator: 'matches', value: '**/tv/(*' }, 'conditions.all[1].value invalid_glob'],
    [{ fact: 'page.url', operator: 'matches', value: '[z-a]' }, 'conditions.all[1].value invalid_glob'],
    [{ fact: 'page.url', operator: 'matches', value: '' }, 'conditions.all[1].value invalid_value'],
    [{ fact: 'page.url', operator: 'contains', value: 'x'.repeat(501) }, 'conditions.all[1].value out_of_range'],
    [{ fact: 'device.type', operator: 'equal', value: 'watch' }, 'conditions.all[1].value invalid_value'],
    [{ fact: 'geo.country', operator: 'in', value: ['FR', 'France'] }, 'conditions.all[1].value[1] invalid_value'],
    [{ fact: 'cart.value', operator: 'greaterThan' }, 'conditions.all[1].value required'],
    [{ operator: 'equal', value: 1 }, 'conditions.all[1].fact required'],
    [{ fact: 'cart.value', operator: 'equal', value: 1, path: '$.x' }, 'conditions.all[1].path unknown_field'],
    [{ all: [], any: [] }, 'conditions.all[1] invalid_condition'],
    [{ any: [] }, 'conditions.all[1].any invalid_value'],
    [{ all: {} }, 'conditions.all[1].all invalid_type'],
    ['cart.value > 3', 'conditions.all[1] invalid_condition'],
  ])('rejects leaf %j at its path', (leaf, expected) => {
    expect(paths(validateRule(withCondition(leaf)))).toEqual([expected]);
  });

  it('accepts every operator allowed on each fact type', () => {
    const leaves = [
      { fact: 'page.viewCount', operator: 'lessThanInclusive', value: 3 },
      { fact: 'product.price', operator: 'notIn', value: [1, 2] },
      { fact: 'page.type', operator: 'notEqual', value: 'home' },
      { fact: 'referrer.source', operator: 'doesNotContain', value: 'ads' },
      { fact: 'visitor.returning', operator: 'notEqual', value: false },
      { fact: 'search.keywords', operator: 'contains', value: 'oled' },
      { fact: 'referrer.keywords', operator: 'matches', value: 'télé*' },
      { fact: 'device.type', operator: 'in', value: ['Mobile', 'tablet'] },
      { fact: 'geo.country', operator: 'equal', value: 'fr' },
      { fact: 'customer.segment', operator: 'equal', value: 'gold' },
      { fact: 'customer.lifetimeValue', operator: 'greaterThanInclusive', value: 1000 },
    ];
    expect(validateRule({ ...valid(), conditions: { all: leaves } })).toEqual([]);
  });

  it('accepts an empty all (always true) as a root', () => {
    expect(validateRule({ ...valid(), conditions: { all: [] } })).toEqual([]);
  });

  it('refuses trees deeper than the limit', () => {
    let tree: unknown = { fact: 'cart.items', operator: 'greaterThan', value: 0 };
    for (let i = 0; i < RULE_LIMITS.maxDepth - 1; i++) tree = { not: tree };
    expect(validateRule({ ...valid(), conditions: tree })).toEqual([]);
    const errors = validateRule({ ...valid(), conditions: { all: [tree] } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'too_deep' });
    expect(errors[0].path).toBe(`conditions.all[0]${'.not'.repeat(RULE_LIMITS.maxDepth - 2)}`);
  });

  it('refuses a hostile deeply nested tree without blowing the stack', () => {
    let tree: unknown = { fact: 'cart.items', operator: 'greaterThan', value: 0 };
    for (let i = 0; i < 100_000; i++) tree = { not: tree };
    expect(validateRule({ ...valid(), conditions: tree }).map((e) => e.code)).toEqual(['too_deep']);
  });

  it('refuses more than the allowed number of leaves or nodes', () => {
    const leaf = { fact: 'cart.items', operator: 'greaterThan', value: 0 };
    const ok = { all: Array.from({ length: RULE_LIMITS.maxLeaves }, () => leaf) };
    expect(validateRule({ ...valid(), conditions: ok })).toEqual([]);
    const tooMany = { all: Array.from({ length: RULE_LIMITS.maxLeaves + 1 }, () => leaf) };
    expect(paths(validateRule({ ...valid(), conditions: tooMany }))).toEqual(['conditions too_many_conditions']);
    const emptyGroups = { all: Array.from({ length: 10_000 }, () => ({ all: [] })) };
    expect(paths(validateRule({ ...valid(), conditions: emptyGroups }))).toEqual(['conditions too_many_conditions']);
  });

  it('caps the number of errors reported', () => {
    const bad = { all: Array.from({ length: 150 }, () => ({ fact: 'nope', operator: 'equal', value: 1 })) };
    expect(validateRule({ ...valid(), conditions: bad })).toHaveLength(RULE_LIMITS.maxErrors);
  });

  describe('actions', () => {
    it('rejects an unknown action type', () => {
      expect(paths(validateRule({ ...valid(), action: { type: 'popup' } }))).toEqual(['action.type unknown_action_type']);
    });

    it('requires a discount code, and only a discount carries an offer', () => {
      const base = { ...valid(), fallbackAction: undefined, requiresAdvisor: undefined };
      expect(paths(validateRule({ ...base, action: { type: 'discount_offer' } }))).toEqual(['action.offer.code offer_code_required']);
      expect(paths(validateRule({ ...base, action: { type: 'discount_offer', offer: { label: '-5 %' } } }))).toEqual(['action.offer.code offer_code_required']);
      expect(paths(validateRule({ ...base, action: { type: 'discount_offer', offer: { code: 'TWO WORDS' } } }))).toEqual(['action.offer.code invalid_value']);
      expect(validateRule({ ...base, action: { type: 'discount_offer', offer: { code: 'NOEL10', label: '-10 %' } } })).toEqual([]);
      expect(paths(validateRule({ ...base, action: { type: 'faq_suggestion', offer: { code: 'X' } } }))).toEqual(['action.offer offer_not_allowed']);
    });

    it('requires a message on an invitation', () => {
      expect(paths(validateRule({ ...valid(), action: { type: 'chat_invitation' } }))).toEqual(['action.message message_required']);
      expect(paths(validateRule({ ...valid(), action: { type: 'chat_invitation', message: '  ' } }))).toEqual(['action.message invalid_value']);
    });

    it('checks the fallback: valid action, no advisor needed, and only where an advisor is needed', () => {
      expect(paths(validateRule({ ...valid(), fallbackAction: { type: 'discount_offer' } }))).toEqual(['fallbackAction.offer.code offer_code_required']);
      expect(paths(validateRule({ ...valid(), fallbackAction: { type: 'chat_open' } }))).toEqual(['fallbackAction.type invalid_fallback']);
      const noAdvisor = { ...valid(), requiresAdvisor: undefined, action: { type: 'faq_suggestion' } };
      expect(paths(validateRule(noAdvisor))).toEqual(['fallbackAction invalid_fallback']);
      expect(validateRule({ ...noAdvisor, requiresAdvisor: { skill: 'tv' } })).toEqual([]);
    });
  });

  describe('schedule', () => {
    const withSchedule = (schedule: unknown) => ({ ...valid(), schedule });

    it.each([
      [{ from: '2025-02-30' }, 'schedule.from invalid_date'],
      [{ to: '31/12/2025' }, 'schedule.to invalid_date'],
      [{ from: '2025-12-01T10:00:00' }, 'schedule.from invalid_date'],
      [{ from: '2025-02-29T10:00:00Z' }, 'schedule.from invalid_date'],
      [{ from: 20251201 }, 'schedule.from invalid_date'],
      [{ from: '2025-12-31', to: '2025-12-01' }, 'schedule.to invalid_date'],
      [{ from: '2025-12-02T00:00:00Z', to: '2025-12-01T23:00:00+01:00' }, 'schedule.to invalid_date'],
      [{ daysOfWeek: [0, 1] }, 'schedule.daysOfWeek[0] out_of_range'],
      [{ daysOfWeek: [1, 1] }, 'schedule.daysOfWeek[1] invalid_value'],
      [{ daysOfWeek: [] }, 'schedule.daysOfWeek invalid_type'],
      [{ hours: { from: '9:00', to: '18:00' } }, 'schedule.hours.from invalid_time'],
      [{ hours: { from: '09:00', to: '24:01' } }, 'schedule.hours.to invalid_time'],
      [{ hours: { from: '10:00', to: '10:00' } }, 'schedule.hours.to invalid_time'],
      [{ hours: '09:00-18:00' }, 'schedule.hours invalid_type'],
      [{ timeZone: 'Europe/Lutece' }, 'schedule.timeZone invalid_time_zone'],
      [{ timeZone: '' }, 'schedule.timeZone invalid_time_zone'],
      [{ season: 'winter' }, 'schedule.season unknown_field'],
    ])('rejects %j', (schedule, expected) => {
      expect(paths(validateRule(withSchedule(schedule)))).toEqual([expected]);
    });

    it.each([
      [{ from: '2025-12-01T08:00:00+01:00', to: '2025-12-24T23:59:59.999Z' }],
      [{ hours: { from: '22:00', to: '02:00' }, daysOfWeek: [5, 6] }],
      [{ hours: { from: '00:00', to: '24:00' } }],
      [{ timeZone: 'America/Montreal' }],
      [{}],
    ])('accepts %j', (schedule) => {
      expect(validateRule(withSchedule(schedule))).toEqual([]);
    });
  });

  it.each([
    [{ controlGroupPercent: 101 }, 'controlGroupPercent out_of_range'],
    [{ controlGroupPercent: -1 }, 'controlGroupPercent out_of_range'],
    [{ controlGroupPercent: '10' }, 'controlGroupPercent invalid_type'],
    [{ priority: 1.5 }, 'priority invalid_type'],
    [{ priority: 1e9 }, 'priority out_of_range'],
    [{ enabled: 'yes' }, 'enabled invalid_type'],
    [{ name: '' }, 'name invalid_value'],
    [{ name: 'x'.repeat(201) }, 'name out_of_range'],
    [{ frequency: { maxPerVisit: 0 } }, 'frequency.maxPerVisit out_of_range'],
    [{ frequency: { suppressAfterDecline: 'no' } }, 'frequency.suppressAfterDecline invalid_type'],
    [{ requiresAdvisor: { skill: '' } }, 'requiresAdvisor.skill invalid_value'],
  ])('rejects %j at its path, in create and patch mode', (patch, expected) => {
    expect(paths(validateRule({ ...valid(), ...patch }))).toEqual([expected]);
    expect(paths(validateRule(patch, 'patch'))).toEqual([expected]);
  });

  it('accepts 0 and 100 as control group bounds', () => {
    expect(validateRule({ ...valid(), controlGroupPercent: 0 })).toEqual([]);
    expect(validateRule({ ...valid(), controlGroupPercent: 100 })).toEqual([]);
  });
});

describe('validateRule, beyond the original cases', () => {
  const base = { name: 'x', conditions: { all: [] }, action: { type: 'faq_suggestion' } };

  it.each([
    [{ name: 'a\u0000b' }, 'name invalid_value'],
    [{ action: { type: 'chat_invitation', message: 'hi\u0000' } }, 'action.message invalid_value'],
    [{ conditions: { all: [{ fact: 'page.url', operator: 'contains', value: '\u0000' }] } }, 'conditions.all[0].value invalid_value'],
    [{ conditions: { all: [{ fact: 'product.family', operator: 'in', value: ['tv', 'a\u0000'] }] } }, 'conditions.all[0].value[1] invalid_value'],
    [{ action: { type: 'discount_offer', offer: { code: 'A\u0000B' } } }, 'action.offer.code invalid_value'],
  ])('refuses NUL characters, which PostgreSQL cannot store: %j', (patch, expected) => {
    expect(paths(validateRule({ ...base, ...patch }))).toEqual([expected]);
  });

  it('runs the checks across fields even when another field is wrong', () => {
    const payload = { ...base, fallbackAction: { type: 'chat_open' }, schedule: { timeZone: 'Mars/Olympus' }, name: '' };
    expect(paths(validateRule(payload)).sort()).toEqual([
      'fallbackAction invalid_fallback',
      'fallbackAction.type invalid_fallback',
      'name invalid_value',
      'schedule.timeZone invalid_time_zone',
    ]);
  });

  it('answers one error per bad field', () => {
    expect(paths(validateRule({ ...base, priority: 1e20 }))).toEqual(['priority out_of_range']);
    expect(paths(validateRule({ ...base, conditions: { all: [{ fact: 'product.family', operator: 'in', value: 'x'.repeat(600) }] } }))).toEqual([
      'conditions.all[0].value invalid_type',
    ]);
    expect(paths(validateRule({ ...base, schedule: { daysOfWeek: [0, 0] } }))).toEqual(['schedule.daysOfWeek[0] out_of_range', 'schedule.daysOfWeek[1] out_of_range']);
    expect(paths(validateRule({ ...base, schedule: { hours: {} } }))).toEqual(['schedule.hours.from invalid_time', 'schedule.hours.to invalid_time']);
  });

  it('names the code of a discount given a non-object offer, and each bad field of a leaf', () => {
    expect(paths(validateRule({ ...base, action: { type: 'discount_offer', offer: 'NOEL10' } }))).toEqual(['action.offer.code offer_code_required']);
    expect(paths(validateRule({ ...base, conditions: { all: [{}] } }))).toEqual([
      'conditions.all[0].fact required',
      'conditions.all[0].operator required',
      'conditions.all[0].value required',
    ]);
  });

  it('reports too deep branches alone, without descending into them', () => {
    let deep: unknown = { fact: 'cart.items', operator: 'greaterThan', value: 0 };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    const payload = { ...base, conditions: { all: [deep, deep] } };
    expect(paths(validateRule(payload))).toEqual([`conditions.all[0]${'.not'.repeat(8)} too_deep`, `conditions.all[1]${'.not'.repeat(8)} too_deep`]);
  });
});
