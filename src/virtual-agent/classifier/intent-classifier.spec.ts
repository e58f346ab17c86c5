import {
  acceptanceScore,
  candidateBlends,
  chooseThreshold,
  confidenceScore,
  HeldOutPrediction,
  PROBABILITY_ONLY,
  REJECT_WEIGHT,
  stratifiedFolds,
  WRONG_ANSWER_COST,
} from './calibration';
import { decide, IntentClassifier, TrainingSet } from './intent-classifier';

const en: TrainingSet = {
  locale: 'en',
  intents: [
    {
      intent: 'delivery_time',
      examples: [
        'how long does delivery take',
        'when will my parcel arrive',
        'delivery time for a sofa',
        'when will it be delivered',
        'how many days for shipping',
        'is delivery fast',
        'when do I get my package',
        'arrival date of my order',
        'how quickly do you deliver',
        'delivery delay',
      ],
    },
    {
      intent: 'refund_status',
      examples: [
        'where is my refund',
        'when will I be refunded',
        'refund not received yet',
        'I returned an item and got no money back',
        'how long for a refund',
        'money back status',
        'has my refund been processed',
        'still waiting for my reimbursement',
        'refund delay',
        'did you refund me',
      ],
    },
    {
      intent: 'store_hours',
      examples: [
        'what time does the store open',
        'opening hours',
        'are you open on sunday',
        'when do you close',
        'shop hours today',
        'is the store open now',
        'closing time on saturday',
        'store opening times',
        'hours of the paris shop',
        'open late on friday',
      ],
    },
  ],
  outOfScope: [
    'tell me a joke',
    'what is the weather tomorrow',
    'recipe for pancakes',
    'who won the football match',
    'how tall is mount everest',
    'write my homework',
    'what is the capital of peru',
    'play some music',
    'best film of the year',
    'translate hello to german',
  ],
  nearMiss: [
    'are you hiring',
    'send my cv for a job',
    'do you rent televisions',
    'can I sell you my old phone',
    'do you do gift wrapping',
    'who owns the company',
    'is there a toilet in the store',
    'can I bring my dog to the shop',
    'do you sell cars',
    'wholesale prices for resellers',
  ],
};

const fr: TrainingSet = {
  locale: 'fr',
  intents: [
    {
      intent: 'delivery_time',
      examples: [
        'quand vais-je être livré',
        'délai de livraison',
        'combien de temps pour la livraison',
        'quand arrive mon colis',
        'livraison en combien de jours',
        'date de livraison de ma commande',
        'vous livrez rapidement ?',
        'mon colis arrive quand',
        'délai pour un canapé',
        'livraison express possible',
      ],
    },
    {
      intent: 'store_hours',
      examples: [
        'horaires du magasin',
        'vous êtes ouverts dimanche ?',
        'à quelle heure ouvre la boutique',
        'heure de fermeture',
        'le magasin est ouvert maintenant ?',
        'horaires samedi',
        'ouverture du magasin de Lyon',
        'vous fermez à quelle heure',
        'ouvert le soir ?',
        'horaires d’ouverture',
      ],
    },
  ],
  outOfScope: [
    'raconte une blague',
    'quel temps fera-t-il',
    'recette de crêpes',
    'qui a gagné le match',
    'capitale du pérou',
    'fais mes devoirs',
    'mets de la musique',
    'meilleur film de l’année',
    'traduis bonjour en allemand',
    'hauteur de la tour eiffel',
  ],
  nearMiss: [],
};

describe('IntentClassifier', () => {
  const classifier = IntentClassifier.train([en, fr]);

  it('answers in-scope questions in both languages, typos included', () => {
    expect(classifier.classify('when will my sofa be delivered?')).toMatchObject({ locale: 'en', intent: 'delivery_time', action: 'answer' });
    expect(classifier.classify('wher is my refnud')).toMatchObject({ locale: 'en', intent: 'refund_status', action: 'answer' });
    expect(classifier.classify('vous etes ouvert a quelle heure samedi')).toMatchObject({ locale: 'fr', intent: 'store_hours', action: 'answer' });
  });

  it('falls back on out-of-scope questions and on shop questions it was told it does not answer, saying which', () => {
    const r = classifier.classify('can you tell me a funny joke about the weather');
    expect(r).toMatchObject({ intent: null, action: 'fallback', fallbackReason: 'off_topic' });
    expect(classifier.classify('donne moi une recette de gâteau', 'fr')).toMatchObject({ locale: 'fr', intent: null, action: 'fallback', fallbackReason: 'off_topic' });
    expect(classifier.classify('are you hiring sales staff', 'en')).toMatchObject({ intent: null, action: 'fallback', fallbackReason: 'near_miss' });
  });

  it('is deterministic and survives serialisation', () => {
    const again = IntentClassifier.train([en, fr]);
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(classifier.toJSON()));
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    for (const text of ['refund please', 'horaires', 'joke', 'delivery']) expect(restored.classify(text)).toEqual(classifier.classify(text));
  });

  it('refuses a model saved in an older format (the cache then retrains)', () => {
    expect(() => IntentClassifier.fromJSON({ ...classifier.toJSON(), version: 1 as unknown as 2 })).toThrow(/Unsupported intent model version 1/);
  });

  it('derives a threshold from the data, not a constant', () => {
    const cal = classifier.model('en')?.calibration;
    expect(cal?.negatives).toBe('reject_examples');
    expect(cal?.threshold).toBeGreaterThan(0);
    expect(cal?.threshold).toBeLessThan(1);
    const other = IntentClassifier.train([{ ...en, outOfScope: [], nearMiss: [] }]).model('en')?.calibration;
    expect(other?.negatives).toBe('misclassified');
    expect(other?.threshold).not.toBe(cal?.threshold);
  });
});

describe('decide', () => {
  const labels = ['a', 'b', 'c'];

  it('answers above the threshold', () => {
    expect(decide([0.7, 0.2, 0.1], labels, [], 0.5, 'en')).toMatchObject({ intent: 'a', action: 'answer', confidence: 0.7 });
  });

  it('clarifies between two close intents whose joint mass clears the threshold, even when the first clears it alone', () => {
    const r = decide([0.4, 0.35, 0.25], labels, [], 0.5, 'en');
    expect(r).toMatchObject({ intent: 'a', action: 'clarify' });
    expect(r.alternatives.map((a) => a.intent)).toEqual(['a', 'b']);
    expect(decide([0.55, 0.4, 0.05], labels, [], 0.5, 'en')).toMatchObject({ intent: 'a', action: 'clarify' });
    expect(decide([0.7, 0.25, 0.05], labels, [], 0.5, 'en')).toMatchObject({ intent: 'a', action: 'answer' });
  });

  it('blends the probability with the odds against out_of_scope and the similarity when given evidence', () => {
    const p = [0.3, 0.1, 0.05, 0.05];
    // Probability alone: 0.3 < 0.5. Against out_of_scope: 0.3 / 0.35. Similarity: 0.9.
    expect(decide(p, labels, ['off_topic'], 0.5, 'en').action).toBe('fallback');
    expect(decide(p, labels, ['off_topic'], 0.5, 'en', { similarity: 0, blend: { probability: 0, versusReject: 1, similarity: 0 } }).action).toBe('answer');
    expect(decide(p, labels, ['off_topic'], 0.5, 'en', { similarity: 0.9, blend: { probability: 0.5, versusReject: 0, similarity: 0.5 } }).action).toBe('answer');
    expect(decide(p, labels, ['off_topic'], 0.5, 'en', { similarity: 0.1, blend: { probability: 0.5, versusReject: 0, similarity: 0.5 } }).action).toBe('fallback');
  });

  it('falls back when nothing is likely enough, or when the "do not answer" classes together win, naming the likelier', () => {
    expect(decide([0.4, 0.1, 0.1, 0.4], labels, ['off_topic'], 0.5, 'en')).toMatchObject({ action: 'fallback', fallbackReason: 'low_confidence' });
    expect(decide([0.45, 0.05, 0.0, 0.5], labels, ['off_topic'], 0.3, 'en')).toMatchObject({ intent: null, action: 'fallback', fallbackReason: 'off_topic' });
    expect(decide([0.4, 0.0, 0.0, 0.25, 0.35], labels, ['off_topic', 'near_miss'], 0.3, 'en')).toMatchObject({ intent: null, action: 'fallback', fallbackReason: 'near_miss' });
  });
});

describe('calibration', () => {
  const p = (label: number, top: number, p1: number, p2 = 0, rejectWins = false): HeldOutPrediction => ({ label, top, p1, p2, rejectWins });

  it('puts the threshold between correct answers and out-of-scope scores', () => {
    const preds = [p(0, 0, 0.9), p(1, 1, 0.8), p(0, 0, 0.7), p(-1, 0, 0.3), p(-1, 1, 0.2), p(-1, 0, 0.1)];
    const cal = chooseThreshold(preds, 5);
    expect(cal.threshold).toBeCloseTo(0.5, 5);
    expect(cal).toMatchObject({ inScopeAccuracy: 1, oosRecall: 1, negatives: 'reject_examples' });
  });

  it('weighs in-scope accuracy above OOS recall', () => {
    // Rejecting the 0.5 OOS example would also reject three correct answers out of four: not worth it.
    const preds = [p(0, 0, 0.9), p(0, 0, 0.45), p(1, 1, 0.44), p(1, 1, 0.42), p(-1, 0, 0.5), p(-1, 0, 0.1)];
    const cal = chooseThreshold(preds, 5);
    expect(cal.threshold).toBeGreaterThan(0.1);
    expect(cal.threshold).toBeLessThanOrEqual(0.42);
    expect(cal.inScopeAccuracy).toBe(1);
    expect(cal.oosRecall).toBe(0.5);
  });

  it('rejects an out-of-scope example at the cost of one answer in four only when rejections weigh as much as answers', () => {
    // Accept all: 1 + w * 0.5; reject the 0.45 OOS example too: 0.75 + w * 1. Worth it only if w > 0.5.
    const preds = [p(0, 0, 0.9), p(0, 0, 0.8), p(1, 1, 0.7), p(1, 1, 0.4), p(-1, 0, 0.45), p(-1, 0, 0.1)];
    expect(REJECT_WEIGHT).toBeLessThanOrEqual(0.5);
    expect(chooseThreshold(preds, 5)).toMatchObject({ inScopeAccuracy: 1, oosRecall: 0.5 });
  });

  it('stops answering where wrong answers outnumber right ones, and reports the wrong-answer rate', () => {
    // Below 0.6 the in-scope answers are wrong twice for one right: with a wrong answer costing a right one, not worth answering.
    const preds = [p(0, 0, 0.9), p(1, 1, 0.8), p(0, 0, 0.7), p(0, 1, 0.55), p(1, 0, 0.5), p(1, 1, 0.45), p(-1, 0, 0.1)];
    expect(WRONG_ANSWER_COST).toBeGreaterThanOrEqual(1);
    const cal = chooseThreshold(preds, 5);
    expect(cal.threshold).toBeGreaterThan(0.55);
    expect(cal.threshold).toBeLessThan(0.7);
    expect(cal.inScopeAccuracy).toBeCloseTo(3 / 6);
    expect(cal.wrongAnswerRate).toBe(0);
  });

  it('uses misclassified examples as negatives when there is no out_of_scope data', () => {
    const cal = chooseThreshold([p(0, 0, 0.9), p(1, 1, 0.8), p(1, 0, 0.3), p(0, 1, 0.35)], 5);
    expect(cal.negatives).toBe('misclassified');
    expect(cal.threshold).toBeGreaterThan(0.35);
    expect(cal.threshold).toBeLessThan(0.8);
  });

  it('picks the blend of signals that separates held-out answers from out-of-scope examples best', () => {
    // Probabilities overlap (0.5 vs 0.6); similarity separates cleanly (0.8+ vs 0.3-).
    const q = (label: number, p1: number, similarity: number): HeldOutPrediction => ({ label, top: 0, p1, p2: 0, rejectWins: false, similarity });
    const preds = [q(0, 0.5, 0.9), q(0, 0.9, 0.8), q(0, 0.7, 0.85), q(-1, 0.6, 0.2), q(-1, 0.3, 0.3), q(-1, 0.2, 0.1)];
    const cal = chooseThreshold(preds, 5);
    expect(cal.blend?.similarity).toBeGreaterThan(0);
    expect(cal).toMatchObject({ inScopeAccuracy: 1, oosRecall: 1 });
    for (const x of preds) expect(confidenceScore(x.p1, x.p2, 0, x.similarity ?? 0, cal.blend) >= cal.threshold).toBe(x.label >= 0);
  });

  it('keeps the probability alone when other signals do not do better', () => {
    const preds = [p(0, 0, 0.9), p(1, 1, 0.8), p(-1, 0, 0.3), p(-1, 1, 0.2)];
    expect(chooseThreshold(preds, 5).blend).toEqual(PROBABILITY_ONLY);
  });

  it('only tries the signals the predictions carry, on a grid that sums to one', () => {
    expect(candidateBlends(false, false)).toEqual([PROBABILITY_ONLY]);
    expect(candidateBlends(true, false).every((b) => b.similarity === 0)).toBe(true);
    const all = candidateBlends(true, true);
    expect(all[0]).toEqual(PROBABILITY_ONLY);
    for (const b of all) expect(b.probability + b.versusReject + b.similarity).toBeCloseTo(1, 9);
    expect(all.length).toBe(21);
  });

  it('counts the pair of a close runner-up as one answer', () => {
    expect(acceptanceScore(0.4, 0.3)).toBeCloseTo(0.7);
    expect(acceptanceScore(0.4, 0.1)).toBe(0.4);
  });

  it('stratifies folds by label, deterministically', () => {
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const folds = stratifiedFolds(labels, 5, 1);
    for (const label of [0, 1]) expect(new Set(labels.map((l, i) => (l === label ? folds[i] : -1)).filter((f) => f >= 0)).size).toBe(5);
    expect(stratifiedFolds(labels, 5, 1)).toEqual(folds);
  });
});
