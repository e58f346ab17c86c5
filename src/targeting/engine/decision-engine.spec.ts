import { controlGroupForVisit, decide, inControlGroup, type DecisionInput, type VisitState } from './decision-engine';
import { compileRules } from './rule-compiler';
import { validateRule } from '../rule-validator';
import type { TargetingRule } from './targeting-rule';
import type { VisitFacts } from './visit-facts';

const JULY = new Date('2025-07-15T14:00:00Z');

function rule(overrides: Partial<TargetingRule> & Pick<TargetingRule, 'id' | 'conditions' | 'action'>): TargetingRule {
  const full: TargetingRule = { name: overrides.id, enabled: true, priority: 0, ...overrides };
  // Every rule used here must be one the API would accept.
  const payload: Partial<TargetingRule> = { ...full };
  delete payload.id;
  expect(validateRule(payload)).toEqual([]);
  return full;
}

function freshVisit(): VisitState {
  return {
    declinedRuleIds: [],
    dismissedRuleIds: [],
    declinedAny: false,
    shownCounts: new Map(),
    proactiveShownCount: 0,
    conversationOpen: false,
  };
}

function run(rules: TargetingRule[], facts: VisitFacts, overrides: Partial<DecisionInput> = {}) {
  return decide({
    rules: compileRules(rules),
    facts,
    now: JULY,
    visitState: freshVisit(),
    availability: () => true,
    controlGroup: () => false,
    ...overrides,
  });
}

const outcomeOf = (decision: ReturnType<typeof decide>, ruleId: string) => decision.evaluations.find((e) => e.ruleId === ruleId)?.outcome;

// --- The merchant scenarios -------------------------------------------------------------------------

const tvButton = rule({
  id: 'tv-button',
  conditions: {
    all: [
      { fact: 'page.type', operator: 'equal', value: 'product' },
      { fact: 'product.family', operator: 'equal', value: 'TV' },
      { fact: 'product.price', operator: 'greaterThan', value: 300 },
    ],
  },
  action: { type: 'chat_button' },
});

const idleCart = rule({
  id: 'idle-cart',
  priority: 10,
  conditions: {
    all: [
      { fact: 'cart.items', operator: 'greaterThan', value: 0 },
      { fact: 'cart.idleSeconds', operator: 'greaterThanInclusive', value: 40 },
    ],
  },
  action: { type: 'chat_invitation', message: 'Une question sur votre panier ?' },
  fallbackAction: { type: 'callback_offer', message: 'Nous vous rappelons ?' },
});

const secondLook = rule({
  id: 'second-look',
  priority: 5,
  conditions: {
    all: [
      { fact: 'page.type', operator: 'equal', value: 'product' },
      { fact: 'page.viewCount', operator: 'greaterThanInclusive', value: 2 },
    ],
  },
  action: { type: 'chat_invitation', message: 'Vous hésitez ? Un conseiller peut vous aider.' },
});

const bigTicket = rule({
  id: 'big-ticket',
  priority: 20,
  conditions: { all: [{ fact: 'product.price', operator: 'greaterThan', value: 1000 }] },
  action: { type: 'callback_offer', message: 'Un expert vous rappelle gratuitement.' },
});

const exitDiscount = rule({
  id: 'exit-discount',
  priority: 30,
  conditions: {
    all: [
      { fact: 'exitIntent', operator: 'equal', value: true },
      { fact: 'page.url', operator: 'matches', value: '**/cart*' },
      { fact: 'cart.value', operator: 'greaterThan', value: 0 },
    ],
  },
  action: { type: 'discount_offer', message: '-5 % si vous finalisez maintenant', offer: { code: 'STAY5', label: '-5 %' } },
});

describe('decide: merchant scenarios', () => {
  it('shows a chat button on a TV product page over 300 EUR', () => {
    const decision = run([tvButton], {
      'page.type': 'product',
      'product.family': 'tv',
      'product.price': 499,
    });
    expect(decision.actions).toEqual([{ ruleId: 'tv-button', type: 'chat_button', fallback: false }]);
    expect(outcomeOf(decision, 'tv-button')).toBe('shown');
  });

  it('does not show the TV button under 300 EUR or on another family', () => {
    expect(run([tvButton], { 'page.type': 'product', 'product.family': 'tv', 'product.price': 300 }).actions).toEqual([]);
    expect(run([tvButton], { 'page.type': 'product', 'product.family': 'hifi', 'product.price': 900 }).actions).toEqual([]);
  });

  it('invites after 40 s on a non-empty cart without page change', () => {
    const decision = run([idleCart], { 'cart.items': 2, 'cart.value': 120, 'cart.idleSeconds': 40 });
    expect(decision.actions).toEqual([{ ruleId: 'idle-cart', type: 'chat_invitation', message: 'Une question sur votre panier ?', fallback: false }]);
    expect(decision.nextCheckInSeconds).toBeUndefined();
  });

  it('asks the widget to check again in 15 s when only 25 s of cart idleness elapsed', () => {
    const decision = run([idleCart], { 'cart.items': 2, 'cart.value': 120, 'cart.idleSeconds': 25 });
    expect(decision.actions).toEqual([]);
    expect(decision.nextCheckInSeconds).toBe(15);
    expect(decision.evaluations[0]).toMatchObject({ outcome: 'not_matched', matchesInSeconds: 15 });
  });

  it('does not schedule a re-check on an empty cart (idleness does not grow there)', () => {
    const decision = run([idleCart], { 'cart.items': 0, 'cart.value': 0, 'cart.idleSeconds': 0 });
    expect(decision.nextCheckInSeconds).toBeUndefined();
  });

  it('invites on the second view of the same product page', () => {
    expect(run([secondLook], { 'page.type': 'product', 'page.viewCount': 1 }).actions).toEqual([]);
    expect(run([secondLook], { 'page.type': 'product', 'page.viewCount': 2 }).actions.map((a) => a.type)).toEqual(['chat_invitation']);
  });

  it('never invites again a visitor who declined in this visit, and does in a new visit', () => {
    const facts: VisitFacts = { 'page.type': 'product', 'page.viewCount': 3 };
    const declined = run([secondLook], facts, {
      visitState: { ...freshVisit(), declinedRuleIds: ['second-look'], declinedAny: true, proactiveShownCount: 1 },
    });
    expect(declined.actions).toEqual([]);
    expect(outcomeOf(declined, 'second-look')).toBe('suppressed_declined');

    const nextVisit = run([secondLook], facts, { visitState: freshVisit() });
    expect(nextVisit.actions.map((a) => a.ruleId)).toEqual(['second-look']);
  });

  it('falls back to a callback offer when no advisor is available', () => {
    const decision = run([idleCart], { 'cart.items': 1, 'cart.value': 80, 'cart.idleSeconds': 60 }, { availability: () => false });
    expect(decision.actions).toEqual([{ ruleId: 'idle-cart', type: 'callback_offer', message: 'Nous vous rappelons ?', fallback: true }]);
    expect(decision.evaluations[0]).toMatchObject({ matched: true, outcome: 'fallback', action: 'callback_offer' });
  });

  it('offers a callback on a product over 1000 EUR', () => {
    const decision = run([bigTicket, tvButton], { 'page.type': 'product', 'product.family': 'tv', 'product.price': 1899 });
    expect(decision.actions.map((a) => [a.ruleId, a.type])).toEqual([
      ['big-ticket', 'callback_offer'],
      ['tv-button', 'chat_button'],
    ]);
  });

  it('offers a discount with its code on exit intent from the cart', () => {
    const decision = run([exitDiscount], {
      exitIntent: true,
      'page.url': 'https://shop.example/fr/cart?step=1',
      'cart.value': 250,
      'cart.items': 1,
    });
    expect(decision.actions).toEqual([
      {
        ruleId: 'exit-discount',
        type: 'discount_offer',
        message: '-5 % si vous finalisez maintenant',
        offer: { code: 'STAY5', label: '-5 %' },
        fallback: false,
      },
    ]);
  });

  it('does not fire a December-scheduled rule in July (Europe/Paris), and fires it in December', () => {
    const christmas = rule({
      id: 'christmas',
      conditions: { all: [] },
      action: { type: 'chat_invitation', message: 'Besoin d’une idée cadeau ?' },
      schedule: { from: '2025-12-01', to: '2025-12-31', timeZone: 'Europe/Paris' },
    });
    const july = run([christmas], {}, { now: JULY });
    expect(july.actions).toEqual([]);
    expect(outcomeOf(july, 'christmas')).toBe('inactive_schedule');
    // 23:30 UTC on 30 November is already 1 December in Paris.
    expect(run([christmas], {}, { now: new Date('2025-11-30T23:30:00Z') }).actions).toHaveLength(1);
    expect(run([christmas], {}, { now: new Date('2025-12-31T23:30:00Z') }).actions).toHaveLength(0);
  });

  it('holds out a 100% control group: matched, outcome control, nothing shown', () => {
    const held = { ...secondLook, controlGroupPercent: 100 };
    const decision = run([held], { 'page.type': 'product', 'page.viewCount': 2 }, { controlGroup: controlGroupForVisit('visit-1') });
    expect(decision.actions).toEqual([]);
    expect(decision.evaluations[0]).toMatchObject({ ruleId: 'second-look', matched: true, outcome: 'control' });
  });
});

// --- Policies -----------------------------------------------------------------------------------------

const always = (id: string, type: TargetingRule['action']['type'], priority = 0, extra: Partial<TargetingRule> = {}) =>
  rule({
    id,
    priority,
    conditions: { all: [] },
    action: type === 'chat_invitation' ? { type, message: 'Bonjour' } : type === 'discount_offer' ? { type, offer: { code: 'X' } } : { type },
    ...extra,
  });

describe('decide: policies', () => {
  it('shows at most one proactive action, the highest priority, with a chat button beside it', () => {
    const decision = run([always('low', 'chat_invitation', 1), always('high', 'discount_offer', 9), always('button', 'chat_button', 0)], {});
    expect(decision.actions.map((a) => a.ruleId)).toEqual(['high', 'button']);
    expect(outcomeOf(decision, 'low')).toBe('outranked');
  });

  it('sorts by priority whatever order the rules came in', () => {
    const decision = run([always('a', 'callback_offer', 1), always('b', 'callback_offer', 5)], {});
    expect(decision.actions.map((a) => a.ruleId)).toEqual(['b']);
  });

  it('suppresses proactive actions while a conversation is open but keeps the button', () => {
    const decision = run(
      [always('invite', 'chat_invitation', 5), always('button', 'chat_button')],
      {},
      {
        visitState: { ...freshVisit(), conversationOpen: true },
      },
    );
    expect(decision.actions.map((a) => a.ruleId)).toEqual(['button']);
    expect(outcomeOf(decision, 'invite')).toBe('suppressed_conversation');
  });

  it('caps proactive actions per visit', () => {
    const state = { ...freshVisit(), proactiveShownCount: 3 };
    const decision = run([always('invite', 'chat_invitation')], {}, { visitState: state });
    expect(decision.actions).toEqual([]);
    expect(outcomeOf(decision, 'invite')).toBe('capped');
    expect(run([always('invite', 'chat_invitation')], {}, { visitState: state, policy: { maxProactivePerVisit: 5 } }).actions).toHaveLength(1);
  });

  it('suppresses every proactive action after any decline, unless the global setting is off', () => {
    const state = { ...freshVisit(), declinedAny: true, declinedRuleIds: ['other'] };
    const rules = [always('offer', 'discount_offer', 1), always('button', 'chat_button')];
    expect(run(rules, {}, { visitState: state }).actions.map((a) => a.ruleId)).toEqual(['button']);
    expect(run(rules, {}, { visitState: state, policy: { suppressAllAfterDecline: false } }).actions.map((a) => a.ruleId)).toEqual(['offer', 'button']);
  });

  it('lets a rule override the global decline setting either way', () => {
    const state = { ...freshVisit(), declinedAny: true };
    const stubborn = always('stubborn', 'discount_offer', 0, { frequency: { suppressAfterDecline: false } });
    expect(run([stubborn], {}, { visitState: state }).actions).toHaveLength(1);
    const shy = always('shy', 'discount_offer', 0, { frequency: { suppressAfterDecline: true } });
    expect(run([shy], {}, { visitState: state, policy: { suppressAllAfterDecline: false } }).actions).toHaveLength(0);
  });

  it('never re-solicits a dismissed rule, even a reactive one, even when the rule ignores other declines', () => {
    const state = { ...freshVisit(), dismissedRuleIds: new Set(['button', 'stubborn']) };
    const rules = [always('button', 'chat_button'), always('stubborn', 'callback_offer', 0, { frequency: { suppressAfterDecline: false } })];
    const decision = run(rules, {}, { visitState: state });
    expect(decision.actions).toEqual([]);
    expect(decision.evaluations.map((e) => e.outcome)).toEqual(['suppressed_declined', 'suppressed_declined']);
  });

  it('does not re-send an action already shown, and does not add a second button under it', () => {
    const state = { ...freshVisit(), shownCounts: new Map([['button-high', 1]]), proactiveShownCount: 1 };
    const decision = run([always('button-high', 'chat_button', 5), always('button-low', 'chat_button', 1)], {}, { visitState: state });
    expect(decision.actions).toEqual([]);
    expect(decision.evaluations.map((e) => e.outcome)).toEqual(['already_shown', 'outranked']);
  });

  it('lets a lower proactive rule through once a higher one was already shown', () => {
    const state = { ...freshVisit(), shownCounts: new Map([['invite', 1]]), proactiveShownCount: 1 };
    const decision = run([always('invite', 'chat_invitation', 9), always('offer', 'discount_offer', 1)], {}, { visitState: state });
    expect(decision.actions.map((a) => a.ruleId)).toEqual(['offer']);
    expect(decision.evaluations.map((e) => e.outcome)).toEqual(['already_shown', 'shown']);
  });

  it('shows a rule again up to frequency.maxPerVisit', () => {
    const r = always('twice', 'callback_offer', 0, { frequency: { maxPerVisit: 2 } });
    expect(run([r], {}, { visitState: { ...freshVisit(), shownCounts: new Map([['twice', 1]]), proactiveShownCount: 1 } }).actions).toHaveLength(1);
    expect(run([r], {}, { visitState: { ...freshVisit(), shownCounts: new Map([['twice', 2]]), proactiveShownCount: 2 } }).actions).toHaveLength(0);
  });

  it('needs an advisor for chat actions, with the skill the rule names', () => {
    const asked: (string | undefined)[] = [];
    const availability = (skill?: string) => {
      asked.push(skill);
      return skill === undefined;
    };
    const rules = [always('tv-expert', 'chat_open', 9, { requiresAdvisor: { skill: 'tv' } }), always('anyone', 'chat_button', 1), always('no-human', 'faq_suggestion', 0)];
    const decision = run(rules, {}, { availability });
    expect(decision.actions.map((a) => a.ruleId)).toEqual(['anyone', 'no-human']);
    expect(decision.evaluations[0]).toMatchObject({ outcome: 'no_advisor', reason: 'no advisor with skill "tv" available' });
    expect(asked).toEqual(['tv', undefined]);
  });

  it('makes any action wait for an advisor when the rule says requiresAdvisor', () => {
    const r = always('callback-expert', 'callback_offer', 0, { requiresAdvisor: { skill: 'kitchen' } });
    expect(run([r], {}, { availability: () => false }).actions).toEqual([]);
    expect(run([r], {}, { availability: () => true }).actions).toHaveLength(1);
  });

  it('applies proactive limits to a fallback too', () => {
    const decision = run(
      [idleCart],
      { 'cart.items': 1, 'cart.idleSeconds': 99 },
      {
        availability: () => false,
        visitState: { ...freshVisit(), conversationOpen: true },
      },
    );
    expect(decision.actions).toEqual([]);
    expect(decision.evaluations[0]).toMatchObject({ outcome: 'suppressed_conversation', action: 'callback_offer' });
  });

  it('lets a control group hold its slot so a lower rule does not fill it', () => {
    const rules = [always('tested', 'chat_invitation', 9, { controlGroupPercent: 50 }), always('other', 'callback_offer', 1)];
    const decision = run(rules, {}, { controlGroup: () => true });
    expect(decision.actions).toEqual([]);
    expect(decision.evaluations.map((e) => e.outcome)).toEqual(['control', 'outranked']);
  });

  it('does not consult the control group for a rule without one', () => {
    const controlGroup = jest.fn(() => true);
    expect(run([always('plain', 'chat_button')], {}, { controlGroup }).actions).toHaveLength(1);
    expect(controlGroup).not.toHaveBeenCalled();
  });

  it('lists disabled rules without evaluating them', () => {
    const decision = run([always('off', 'chat_button', 0, { enabled: false })], {});
    expect(decision.actions).toEqual([]);
    expect(decision.evaluations).toEqual([{ ruleId: 'off', matched: false, outcome: 'disabled' }]);
  });

  it('explains leaf by leaf with the actual values in explain mode only', () => {
    const facts: VisitFacts = { 'page.type': 'Product', 'product.family': 'TV', 'product.price': 250 };
    const quick = run([tvButton], facts);
    expect(quick.evaluations[0].explanation).toBeUndefined();
    const explained = run([tvButton], facts, { explain: true });
    expect(explained.evaluations[0].explanation).toEqual({
      passed: false,
      leaves: [
        { path: 'conditions.all[0]', fact: 'page.type', operator: 'equal', expected: 'product', actual: 'Product', passed: true },
        { path: 'conditions.all[1]', fact: 'product.family', operator: 'equal', expected: 'TV', actual: 'TV', passed: true },
        { path: 'conditions.all[2]', fact: 'product.price', operator: 'greaterThan', expected: 300, actual: 250, passed: false },
      ],
    });
  });

  it('gives the same actions in explain mode and on the hot path', () => {
    const rules = [tvButton, idleCart, secondLook, bigTicket, exitDiscount];
    const facts: VisitFacts = { 'page.type': 'product', 'product.family': 'tv', 'product.price': 1200, 'page.viewCount': 2 };
    const quick = run(rules, facts);
    const explained = run(rules, facts, { explain: true });
    expect(explained.actions).toEqual(quick.actions);
    expect(explained.evaluations.map((e) => e.outcome)).toEqual(quick.evaluations.map((e) => e.outcome));
  });
});

describe('decide: nextCheckInSeconds', () => {
  const waiting = (id: string, fact: 'visit.durationSeconds' | 'page.idleSeconds', seconds: number, extra: Partial<TargetingRule> = {}) =>
    rule({
      id,
      conditions: { all: [{ fact, operator: 'greaterThan', value: seconds }] },
      action: { type: 'chat_invitation', message: 'Bonjour' },
      ...extra,
    });

  it('takes the smallest wait over pending time-based rules', () => {
    const decision = run([waiting('long', 'visit.durationSeconds', 120), waiting('short', 'page.idleSeconds', 30)], {
      'visit.durationSeconds': 100,
      'page.idleSeconds': 20,
    });
    // duration must exceed 120: 21 s; page idleness must exceed 30: 11 s.
    expect(decision.nextCheckInSeconds).toBe(11);
  });

  it('ignores rules that also wait on a non-time fact, and rules that could not act anyway', () => {
    const gated = rule({
      id: 'gated',
      conditions: {
        all: [
          { fact: 'page.idleSeconds', operator: 'greaterThan', value: 30 },
          { fact: 'page.type', operator: 'equal', value: 'cart' },
        ],
      },
      action: { type: 'chat_invitation', message: 'Bonjour' },
    });
    expect(run([gated], { 'page.idleSeconds': 5, 'page.type': 'home' }).nextCheckInSeconds).toBeUndefined();
    expect(run([gated], { 'page.idleSeconds': 5, 'page.type': 'cart' }).nextCheckInSeconds).toBe(26);

    const declined = { ...freshVisit(), declinedRuleIds: ['p'] };
    expect(run([waiting('p', 'page.idleSeconds', 30)], { 'page.idleSeconds': 5 }, { visitState: declined }).nextCheckInSeconds).toBeUndefined();
    const chatting = { ...freshVisit(), conversationOpen: true };
    expect(run([waiting('p', 'page.idleSeconds', 30)], { 'page.idleSeconds': 5 }, { visitState: chatting }).nextCheckInSeconds).toBeUndefined();
  });

  it('is undefined when the time window has passed (lessThan) or nothing waits on time', () => {
    const early = rule({
      id: 'early',
      conditions: { all: [{ fact: 'visit.durationSeconds', operator: 'lessThan', value: 10 }] },
      action: { type: 'chat_button' },
    });
    expect(run([early], { 'visit.durationSeconds': 30 }).nextCheckInSeconds).toBeUndefined();
    expect(run([tvButton], { 'page.type': 'home' }).nextCheckInSeconds).toBeUndefined();
  });

  it('ignores inactive and disabled rules', () => {
    const r = waiting('w', 'page.idleSeconds', 30, { schedule: { from: '2030-01-01' } });
    expect(run([r], { 'page.idleSeconds': 5 }).nextCheckInSeconds).toBeUndefined();
    const off = waiting('w', 'page.idleSeconds', 30, { enabled: false });
    expect(run([off], { 'page.idleSeconds': 5 }).nextCheckInSeconds).toBeUndefined();
  });
});

describe('inControlGroup', () => {
  it('is deterministic per visit and rule', () => {
    for (let i = 0; i < 50; i++) {
      expect(inControlGroup(`visit-${i}`, 'rule-a', 37)).toBe(inControlGroup(`visit-${i}`, 'rule-a', 37));
    }
  });

  it('honours 0 and 100 exactly and stays near the percentage in between', () => {
    const visits = Array.from({ length: 20_000 }, (_, i) => `visit-${i}`);
    expect(visits.some((v) => inControlGroup(v, 'r', 0))).toBe(false);
    expect(visits.every((v) => inControlGroup(v, 'r', 100))).toBe(true);
    for (const percent of [1, 10, 50, 90]) {
      const share = visits.filter((v) => inControlGroup(v, 'rule-x', percent)).length / visits.length;
      expect(Math.abs(share - percent / 100)).toBeLessThan(0.01);
    }
  });

  it('buckets a visit independently per rule', () => {
    const visits = Array.from({ length: 10_000 }, (_, i) => `v${i}`);
    const both = visits.filter((v) => inControlGroup(v, 'rule-1', 50) && inControlGroup(v, 'rule-2', 50)).length;
    expect(both / visits.length).toBeGreaterThan(0.23);
    expect(both / visits.length).toBeLessThan(0.27);
  });

  it('keeps a visit in the group when the percentage grows', () => {
    const visits = Array.from({ length: 2_000 }, (_, i) => `v${i}`);
    for (const v of visits) if (inControlGroup(v, 'r', 10)) expect(inControlGroup(v, 'r', 20)).toBe(true);
  });
});
