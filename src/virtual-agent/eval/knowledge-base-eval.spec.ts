import { join } from 'node:path';
import { IntentClassifier } from '../classifier/intent-classifier';
import { KnowledgeBase, loadKnowledgeBase, toTrainingSets } from '../knowledge-base/knowledge-base.loader';
import { Locale, LOCALES } from '../nlp/text-normalizer';
import { summarise } from './agent-eval';

// Floors a few points from what the agent reaches on the held-out sets (in-scope right / wrong, uncovered and
// off-topic answered: fr 0.832 / 0.095, 0.205, 0.070; en 0.832 / 0.072, 0.125, 0.109 when last raised), so a
// content or model change that makes it clearly worse fails CI. Tighten them as the agent gets better; do not
// loosen them to make a change pass.
const FLOORS: Record<Locale, { inScopeRight: number; inScopeWrong: number; uncoveredAnswered: number; offTopicAnswered: number }> = {
  fr: { inScopeRight: 0.8, inScopeWrong: 0.12, uncoveredAnswered: 0.26, offTopicAnswered: 0.1 },
  en: { inScopeRight: 0.8, inScopeWrong: 0.1, uncoveredAnswered: 0.18, offTopicAnswered: 0.15 },
};

describe('the agent on the knowledge base held-out eval sets (knowledge-base/eval/)', () => {
  let kb: KnowledgeBase;
  let classifier: IntentClassifier;
  beforeAll(() => {
    kb = loadKnowledgeBase(join(__dirname, '../../../knowledge-base'));
    classifier = IntentClassifier.train(toTrainingSets(kb));
  }, 180_000);

  it.each(LOCALES)('keeps right answers up and wrong answers down for in-scope, uncovered and off-topic messages in %s', (locale) => {
    const tests = kb.evaluation[locale] ?? [];
    const { summary } = summarise(
      tests,
      tests.map((e) => classifier.classify(e.text, locale)),
      tests.map(() => 0),
      0,
    );
    expect(summary.inScope.right).toBeGreaterThanOrEqual(FLOORS[locale].inScopeRight);
    expect(summary.inScope.wrong).toBeLessThanOrEqual(FLOORS[locale].inScopeWrong);
    expect(summary.uncovered.wrong).toBeLessThanOrEqual(FLOORS[locale].uncoveredAnswered);
    expect(summary.offTopic.wrong).toBeLessThanOrEqual(FLOORS[locale].offTopicAnswered);
  });
});
