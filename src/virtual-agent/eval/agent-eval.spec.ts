import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvalSummary, summarise } from './agent-eval';
import { main, parseArgs } from './agent-eval.cli';
import { Classification } from '../classifier/intent-classifier';
import { EvalExample } from '../knowledge-base/knowledge-base.loader';

const c = (intent: string | null, action: Classification['action'] = intent ? 'answer' : 'fallback'): Classification => ({
  locale: 'en',
  intent,
  confidence: 0.5,
  action,
  alternatives: [],
});

describe('summarise', () => {
  it('gives right, wrong and not-answered rates per kind of message, clarify counting as an answer', () => {
    const tests: EvalExample[] = [
      { text: 'a', intent: 'x', kind: 'in_scope' },
      { text: 'b', intent: 'x', kind: 'in_scope' },
      { text: 'c', intent: 'y', kind: 'in_scope' },
      { text: 'd', intent: 'x', kind: 'in_scope' },
      { text: 'e', intent: null, kind: 'off_topic' },
      { text: 'f', intent: null, kind: 'off_topic' },
      { text: 'g', intent: null, kind: 'uncovered' },
    ];
    const { rows, summary } = summarise(tests, [c('x'), c(null), c('y', 'clarify'), c('y'), c(null), c('x', 'clarify'), c(null)], [1, 2, 3, 4, 5, 6, 7], 10);
    expect(summary.inScope).toEqual({ n: 4, right: 0.5, wrong: 0.25, notAnswered: 0.25, clarified: 0.25 });
    expect(summary.offTopic).toEqual({ n: 2, right: null, wrong: 0.5, notAnswered: 0.5, clarified: 0.5 });
    expect(summary.uncovered).toEqual({ n: 1, right: null, wrong: 0, notAnswered: 1, clarified: 0 });
    expect(summary).toMatchObject({ examples: 7, trainMs: 10, p50Ms: 4, p99Ms: 7 });
    expect(rows.find((r) => r.intent === 'x')).toEqual({ intent: 'x', precision: 0.5, recall: 0.3333, support: 3 });
  });

  it('reports null rates for a kind the test set does not have', () => {
    expect(summarise([{ text: 'a', intent: 'x', kind: 'in_scope' }], [c('x')], [1], 1).summary.offTopic).toEqual({
      n: 0,
      right: null,
      wrong: null,
      notAnswered: null,
      clarified: null,
    });
  });
});

describe('agent-eval CLI', () => {
  it('rejects bad arguments with exit code 2 and a usage line', () => {
    const errors: string[] = [];
    expect(parseArgs(['--kb', 'x'])).toBeNull();
    expect(parseArgs([])).toEqual({});
    expect(parseArgs(['--kb', 'x', '--test', 'y', '--locale'])).toBeNull();
    expect(parseArgs(['--verbose', '--kb', 'x', '--test', 'y'])).toEqual({ kb: 'x', test: 'y', verbose: true });
    expect(
      main(
        ['--test'],
        () => undefined,
        (l) => errors.push(l),
      ),
    ).toBe(2);
    expect(errors[0]).toMatch(/^usage: npm run agent:eval/);
  });

  it('trains, evaluates and ends with one JSON line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      const kb = [
        { intent: 'hours', examples: ['opening hours', 'when are you open', 'what time do you close', 'are you open on sunday', 'store hours today'], answer: '9 to 7.' },
        { intent: 'refund', examples: ['where is my refund', 'money back please', 'refund not received', 'when will I be refunded', 'I want a refund'], answer: 'Within 5 days.' },
        { intent: 'out_of_scope', examples: ['tell me a joke', 'weather tomorrow', 'recipe for cake', 'who won the match', 'capital of peru'] },
      ];
      writeFileSync(join(dir, 'kb.json'), JSON.stringify(kb));
      const tests = [
        { text: 'what are your opening hours', intent: 'hours' },
        { text: 'my refund please', intent: 'refund' },
        { text: 'sing me a song', intent: null },
        { text: 'are you hiring', intent: 'near_miss' },
      ];
      writeFileSync(join(dir, 'test.json'), JSON.stringify(tests));
      const lines: string[] = [];
      expect(main(['--kb', join(dir, 'kb.json'), '--test', join(dir, 'test.json')], (l) => lines.push(l))).toBe(0);
      const last = JSON.parse(lines[lines.length - 1]) as { test: EvalSummary };
      expect(Object.keys(last.test)).toEqual(['inScope', 'uncovered', 'offTopic', 'examples', 'trainMs', 'p50Ms', 'p99Ms']);
      expect(last.test).toMatchObject({ examples: 4, inScope: { n: 2 }, uncovered: { n: 1 }, offTopic: { n: 1 } });
      expect(lines[0]).toMatch(/^intent\s+precision\s+recall\s+support/);
      expect(lines.join('\n')).toMatch(/^test\s+in-scope\s+2\s/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
