import { join } from 'node:path';
import { summarise } from './agent-eval';
import { IntentClassifier } from '../classifier/intent-classifier';
import { KnowledgeBase, loadKnowledgeBase, toTrainingSets } from '../knowledge-base/knowledge-base.loader';
import { Locale, LOCALES } from '../nlp/text-normalizer';

// Floors a few points under what the agent reaches on the held-out sets (in-scope accuracy / out-of-scope
// recall: fr 0.904 / 0.850, en 0.900 / 0.800 when last raised), so a content or model change that makes it clearly
// worse fails CI. Raise them as the agent gets better; do not lower them to make a change pass.
const FLOORS: Record<Locale, { inScopeAccuracy: number; oosRecall: number }> = {
  fr: { inScopeAccuracy: 0.89, oosRecall: 0.82 },
  en: { inScopeAccuracy: 0.88, oosRecall: 0.77 },
};

describe('the agent on the knowledge base held-out eval sets (knowledge-base/eval/)', () => {
  let kb: KnowledgeBase;
  let classifier: IntentClassifier;
  beforeAll(() => {
    kb = loadKnowledgeBase(join(__dirname, '../../../knowledge-base'));
    classifier = IntentClassifier.train(toTrainingSets(kb));
  }, 180_000);

  it.each(LOCALES)('keeps in-scope accuracy and out-of-scope recall above their floors in %s', (locale) => {
    const tests = kb.evaluation[locale] ?? [];
    const { summary } = summarise(tests, tests.map((e) => classifier.classify(e.text, locale)), tests.map(() => 0), 0);
    expect(summary.inScopeAccuracy).toBeGreaterThanOrEqual(FLOORS[locale].inScopeAccuracy);
    expect(summary.oosRecall).toBeGreaterThanOrEqual(FLOORS[locale].oosRecall);
  });
});
