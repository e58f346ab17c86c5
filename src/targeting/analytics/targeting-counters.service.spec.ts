import type { DataSource } from 'typeorm';
import type { RuleEvaluation } from '../engine/decision-engine';
import { compileRules, type CompiledRule } from '../engine/rule-compiler';
import { TargetingCountersService } from './targeting-counters.service';
import type { TargetingRule } from '../engine/targeting-rule';

/** The counters' writes, as (day, rule id, action type, evaluated, matched) rows; a failing write when asked. */
function recordingDatabase() {
  const rows: unknown[][] = [];
  let failNext = false;
  const query = async (_sql: string, params: unknown[]) => {
    if (failNext) {
      failNext = false;
      throw new Error('connection lost');
    }
    for (let i = 0; i < params.length; i += 5) rows.push(params.slice(i, i + 5));
  };
  return { rows, failOnce: () => (failNext = true), dataSource: { query } as unknown as DataSource };
}

const rule = (id: string, type: 'chat_button' | 'callback_offer'): TargetingRule => ({
  id,
  name: id,
  enabled: true,
  priority: 0,
  conditions: { all: [{ fact: 'page.url', operator: 'contains', value: '/tv' }] },
  action: { type },
});

type Outcome = boolean | 'disabled' | 'inactive_schedule';

/** A decision's evaluations, one per rule in the list's order as `decide` gives them: matched, not, or not evaluated. */
const evaluations = (rules: readonly CompiledRule[], outcomes: Record<string, Outcome>): RuleEvaluation[] =>
  rules.map((r) => {
    const outcome = outcomes[r.id];
    return typeof outcome === 'boolean' ? { ruleId: r.id, matched: outcome, outcome: outcome ? 'shown' : 'not_matched' } : { ruleId: r.id, matched: false, outcome };
  });

describe('TargetingCountersService', () => {
  it('adds up decisions per day and rule, across rule lists, skipping rules disabled or out of schedule', async () => {
    const db = recordingDatabase();
    const counters = new TargetingCountersService(db.dataSource);
    const before = compileRules([rule('a', 'chat_button'), rule('b', 'callback_offer')]);
    // The same rules compiled again (a rule was edited): counts of both lists add up.
    const after = compileRules([rule('b', 'callback_offer'), rule('a', 'chat_button')]);

    counters.countDecision('2026-11-21', before, evaluations(before, { a: true, b: false }));
    counters.countDecision('2026-11-21', before, evaluations(before, { a: false, b: 'inactive_schedule' }));
    counters.countDecision('2026-11-21', after, evaluations(after, { a: true, b: true }));
    counters.countDecision('2026-11-22', after, evaluations(after, { a: true, b: 'disabled' }));
    await counters.flush();

    expect(db.rows).toEqual([
      ['2026-11-21', 'a', 'chat_button', 3, 2],
      ['2026-11-21', 'b', 'callback_offer', 2, 1],
      ['2026-11-22', 'a', 'chat_button', 1, 1],
    ]);
  });

  it('keeps the counts of a failed write for the next one', async () => {
    const db = recordingDatabase();
    const counters = new TargetingCountersService(db.dataSource);
    const rules = compileRules([rule('a', 'chat_button')]);
    counters.countDecision('2026-11-22', rules, evaluations(rules, { a: true }));
    db.failOnce();
    await expect(counters.flush()).rejects.toThrow('connection lost');
    counters.countDecision('2026-11-22', rules, evaluations(rules, { a: false }));
    await counters.flush();

    expect(db.rows).toEqual([['2026-11-22', 'a', 'chat_button', 2, 1]]);
  });

  it('writes nothing when nothing was counted', async () => {
    const db = recordingDatabase();
    await new TargetingCountersService(db.dataSource).flush();
    expect(db.rows).toEqual([]);
  });
});
