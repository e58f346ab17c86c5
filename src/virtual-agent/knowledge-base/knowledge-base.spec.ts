import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hashKnowledgeBase,
  KnowledgeBase,
  KnowledgeBaseError,
  loadKnowledgeBase,
  toTrainingSets,
  validateKnowledgeBase,
} from './knowledge-base.loader';

const REPO_KB = join(__dirname, '..', '..', '..', 'knowledge-base');

describe('the knowledge-base/ folder', () => {
  let kb: KnowledgeBase;

  it('loads and passes validation (schema, both languages, counts, no duplicates, clean eval sets)', () => {
    kb = loadKnowledgeBase(REPO_KB);
    expect(validateKnowledgeBase(kb, { requiredLocales: ['fr', 'en'] })).toEqual([]);
  });

  it('answers every declared intent in French and English and has eval sets', () => {
    for (const locale of ['fr', 'en'] as const) {
      const answered = new Set(kb.locales[locale]?.intents.map((i) => i.intent));
      for (const intent of kb.intents.filter((i) => i.id !== 'out_of_scope' && i.id !== 'near_miss')) expect(answered.has(intent.id)).toBe(true);
      expect(kb.locales[locale]?.outOfScope.length).toBeGreaterThan(0);
      expect(kb.evaluation[locale]?.length).toBeGreaterThan(0);
    }
    expect(kb.intents.find((i) => i.id === 'human_request')?.then).toMatchObject({ route: 'human' });
  });
});

describe('loader validation', () => {
  let dir: string;
  const write = (path: string, value: unknown): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value));
  };
  const lenient = { policy: { minExamples: 1, minOutOfScopeExamples: 1 } };
  const problems = (path = dir): string => {
    try {
      loadKnowledgeBase(path, lenient);
    } catch (e) {
      expect(e).toBeInstanceOf(KnowledgeBaseError);
      return (e as Error).message;
    }
    throw new Error('expected the knowledge base to be rejected');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-'));
    write('intents.json', [{ id: 'delivery_time', then: null }, { id: 'payment_failed', then: { route: 'human', skill: 'payments', when: 'if_stuck' } }, { id: 'out_of_scope', then: null }]);
    for (const l of ['fr', 'en']) {
      write(`${l}/delivery_time.json`, { intent: 'delivery_time', examples: [`${l} delivery one`, `${l} delivery two`], answer: 'Soon.' });
      write(`${l}/payment_failed.json`, { intent: 'payment_failed', examples: [`${l} payment one`], answer: 'Retry.' });
      write(`${l}/out_of_scope.json`, { intent: 'out_of_scope', examples: [`${l} weather`] });
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a valid folder and builds one training set per language', () => {
    const kb = loadKnowledgeBase(dir, lenient);
    expect(toTrainingSets(kb).map((s) => [s.locale, s.intents.length, s.outOfScope.length])).toEqual([['fr', 2, 1], ['en', 2, 1]]);
  });

  it('reads near misses from near_miss.json and the intents\' "not" lists, and eval messages by kind', () => {
    write('intents.json', [{ id: 'delivery_time', then: null }, { id: 'payment_failed', then: null }, { id: 'out_of_scope', then: null }, { id: 'near_miss', then: null }]);
    write('en/delivery_time.json', { intent: 'delivery_time', examples: ['when will it arrive'], answer: 'Soon.', not: ['when will the new model be released'] });
    write('en/near_miss.json', { intent: 'near_miss', examples: ['are you hiring'] });
    write('eval/en.json', [{ text: 'delivery date?', intent: 'delivery_time' }, { text: 'do you rent tvs', intent: 'near_miss' }, { text: 'a joke please', intent: null }]);
    const kb = loadKnowledgeBase(dir, lenient);
    expect(toTrainingSets(kb).find((s) => s.locale === 'en')?.nearMiss).toEqual(['are you hiring', 'when will the new model be released']);
    expect(toTrainingSets(kb).find((s) => s.locale === 'fr')?.nearMiss).toEqual([]);
    expect(kb.evaluation.en?.map((e) => e.kind)).toEqual(['in_scope', 'uncovered', 'off_topic']);
  });

  it('reports a "not" example that is also an example, and an answer on near_miss', () => {
    write('intents.json', [{ id: 'delivery_time', then: null }, { id: 'payment_failed', then: null }, { id: 'out_of_scope', then: null }, { id: 'near_miss', then: null }]);
    write('en/delivery_time.json', { intent: 'delivery_time', examples: ['en delivery one'], answer: 'Soon.', not: ['EN payment one'] });
    write('en/near_miss.json', { intent: 'near_miss', examples: ['are you hiring'], answer: 'No.' });
    const message = problems();
    expect(message).toMatch(/en[/\\]delivery_time\.json \(not\[0\]\): "EN payment one" is also an example of payment_failed|en[/\\]payment_failed\.json \(examples\[0\]\): "en payment one" is also an example of not delivery_time/);
    expect(message).toMatch(/en[/\\]near_miss\.json \(answer\): near_miss has no answer/);
  });

  it('names the file of a bad JSON document', () => {
    write('en/payment_failed.json', '{ "intent": "payment_failed", ');
    expect(problems()).toMatch(/en[/\\]payment_failed\.json: is not valid JSON/);
  });

  it('reports a duplicate example within an intent and across intents, ignoring case and accents', () => {
    write('fr/delivery_time.json', { intent: 'delivery_time', examples: ['Délai de livraison', 'delai de LIVRAISON'], answer: 'Vite.' });
    write('fr/payment_failed.json', { intent: 'payment_failed', examples: ['délai de livraison ?'], answer: 'Non.' });
    const message = problems();
    expect(message).toMatch(/fr[/\\]delivery_time\.json \(examples\[1\]\): "delai de LIVRAISON" is a duplicate within delivery_time/);
    expect(message).toMatch(/fr[/\\]payment_failed\.json \(examples\[0\]\): "délai de livraison \?" is also an example of delivery_time/);
  });

  it('reports an intent missing in one language', () => {
    rmSync(join(dir, 'fr', 'payment_failed.json'));
    expect(problems()).toMatch(/fr[/\\]payment_failed\.json: is missing: intent "payment_failed" has no fr examples/);
  });

  it('reports schema errors with the field', () => {
    write('intents.json', [{ id: 'delivery_time', then: null }, { id: 'payment_failed', then: { route: 'carrier_pigeon', when: 'always' } }, { id: 'out_of_scope', then: null }]);
    write('en/delivery_time.json', { intent: 'delivery_time', examples: 'not a list', answer: '' });
    const message = problems();
    expect(message).toMatch(/intents\.json \(\[1\]\.then\.route\): must be one of human, callback, store, call/);
    expect(message).toMatch(/en[/\\]delivery_time\.json \(examples\): must be an array of strings/);
    expect(message).toMatch(/en[/\\]delivery_time\.json \(answer\): must be a non-empty string/);
  });

  it('reports files of undeclared intents and intents not matching their file name', () => {
    write('en/gift_wrap.json', { intent: 'gift_wrap', examples: ['wrap it'], answer: 'Yes.' });
    write('fr/delivery_time.json', { intent: 'payment_failed', examples: ['x y'], answer: 'Z.' });
    const message = problems();
    expect(message).toMatch(/gift_wrap\.json: intent "gift_wrap" is not declared in intents\.json/);
    expect(message).toMatch(/fr[/\\]delivery_time\.json \(intent\): is "payment_failed" but the file is named delivery_time\.json/);
  });

  it('enforces the content policy counts by default', () => {
    expect(() => loadKnowledgeBase(dir)).toThrow(/has 2 examples, at least 25 are required/);
  });

  it('reports eval texts copied from training', () => {
    write('eval/en.json', [{ text: 'EN delivery one', intent: 'delivery_time' }, { text: 'whatever', intent: 'nope' }]);
    const message = problems();
    expect(message).toMatch(/eval[/\\]en\.json \(\[0\]\.text\): "EN delivery one" is a training example of delivery_time/);
    expect(message).toMatch(/eval[/\\]en\.json \(\[1\]\.intent\): unknown intent "nope"/);
  });

  it('loads a plain JSON file, detects French, and hashes content not formatting', () => {
    const file = join(dir, 'kb.json');
    const content = [
      { intent: 'horaires', examples: ['quels sont vos horaires', 'vous êtes ouverts le dimanche ?'], answer: 'De 9h à 19h.' },
      { intent: 'out_of_scope', examples: ['raconte-moi une blague'] },
    ];
    write('kb.json', content);
    const kb = loadKnowledgeBase(file);
    expect(Object.keys(kb.locales)).toEqual(['fr']);
    expect(kb.locales.fr?.outOfScope).toEqual(['raconte-moi une blague']);
    write('kb.json', JSON.stringify(content, null, 2));
    expect(hashKnowledgeBase(loadKnowledgeBase(file))).toBe(hashKnowledgeBase(kb));
    write('kb.json', [{ ...content[0], examples: [...content[0].examples, 'horaires samedi'] }, content[1]]);
    expect(hashKnowledgeBase(loadKnowledgeBase(file))).not.toBe(hashKnowledgeBase(kb));
  });

  it('drops duplicate examples of a plain file with a warning and accepts any intent name', () => {
    write('kb.json', [
      { intent: 'Card arrival?', examples: ['Where is my card', 'where is my card ', 'card not here'], answer: 'Soon.' },
      { intent: 'lost_card', examples: ['WHERE is my card', 'I lost my card'], answer: 'Freeze it.' },
    ]);
    const kb = loadKnowledgeBase(join(dir, 'kb.json'));
    expect(kb.locales.en?.intents.map((i) => i.examples)).toEqual([['Where is my card', 'card not here'], ['I lost my card']]);
    expect(kb.warnings.map((w) => w.message)).toEqual(['duplicate example dropped: "where is my card"', 'duplicate example dropped: "WHERE is my card" (also in Card arrival?)']);
  });

  it('rejects a plain file entry without an answer', () => {
    write('kb.json', [{ intent: 'hours', examples: ['opening hours'] }]);
    expect(problems(join(dir, 'kb.json'))).toMatch(/kb\.json \(\[0\]\.answer\): must be a non-empty string/);
  });
});
