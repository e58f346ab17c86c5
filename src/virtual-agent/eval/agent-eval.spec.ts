import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarise } from './agent-eval';
import { main, parseArgs } from './agent-eval.cli';
import { Classification } from '../classifier/intent-classifier';

const c = (intent: string | null, action: Classification['action'] = intent ? 'answer' : 'fallback'): Classification => ({ locale: 'en', intent, confidence: 0.5, action, alternatives: [] });

describe('summarise', () => {
  it('counts rejected in-scope examples as wrong and clarify as answered', () => {
    const tests = [
      { text: 'a', intent: 'x' },
      { text: 'b', intent: 'x' },
      { text: 'c', intent: 'y' },
      { text: 'd', intent: null },
      { text: 'e', intent: null },
    ];
    const { rows, summary } = summarise(tests, [c('x'), c(null), c('y', 'clarify'), c(null), c('x', 'clarify')], [1, 2, 3, 4, 5], 10);
    expect(summary).toEqual({ inScopeAccuracy: 0.6667, oosRecall: 0.5, oosPrecision: 0.5, examples: 5, trainMs: 10, p50Ms: 3, p99Ms: 5 });
    expect(rows.find((r) => r.intent === 'x')).toEqual({ intent: 'x', precision: 0.5, recall: 0.5, support: 2 });
  });

  it('reports null OOS figures when the test set has no out-of-scope example', () => {
    expect(summarise([{ text: 'a', intent: 'x' }], [c('x')], [1], 1).summary).toMatchObject({ inScopeAccuracy: 1, oosRecall: null, oosPrecision: null });
  });
});

describe('agent-eval CLI', () => {
  it('rejects bad arguments with exit code 2 and a usage line', () => {
    const errors: string[] = [];
    expect(parseArgs(['--kb', 'x'])).toBeNull();
    expect(parseArgs(['--kb', 'x', '--test', 'y', '--verbose'])).toBeNull();
    expect(main(['--test'], () => undefined, (l) => errors.push(l))).toBe(2);
    expect(errors[0]).toMatch(/^usage: npm run agent:eval -- --kb/);
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
      writeFileSync(join(dir, 'test.json'), JSON.stringify([{ text: 'what are your opening hours', intent: 'hours' }, { text: 'my refund please', intent: 'refund' }, { text: 'sing me a song', intent: null }]));
      const lines: string[] = [];
      expect(main(['--kb', join(dir, 'kb.json'), '--test', join(dir, 'test.json')], (l) => lines.push(l))).toBe(0);
      const last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
      expect(Object.keys(last)).toEqual(['inScopeAccuracy', 'oosRecall', 'oosPrecision', 'examples', 'trainMs', 'p50Ms', 'p99Ms']);
      expect(last.examples).toBe(3);
      expect(lines[0]).toMatch(/^intent\s+precision\s+recall\s+support/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
