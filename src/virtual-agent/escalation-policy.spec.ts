import { decideEscalation, EscalationInput, isExplicitHumanRequest, isStillStuckMessage } from './escalation-policy';
import { scoreSentiment } from './nlp/sentiment';

const base: EscalationInput = {
  text: 'where is my order',
  classification: { intent: 'order_tracking', action: 'answer' },
  then: null,
  facts: { consecutiveFallbacks: 0 },
  sentiment: 0,
};

describe('explicit requests for a person', () => {
  it.each([
    "je veux parler à quelqu'un",
    'agent please',
    'un conseiller svp',
    'Can I speak to a real person?',
    'mettez-moi en relation avec un conseiller',
    'passez moi un humain',
    'is there a human available',
    'HUMAN',
  ])('catches %j even when the classifier fell back', (text) => {
    expect(isExplicitHumanRequest(text)).toBe(true);
    const d = decideEscalation({ ...base, text, classification: { intent: null, action: 'fallback' } });
    expect(d).toEqual({ escalate: true, route: 'human', reason: 'explicit_request' });
  });

  it.each([
    'my parcel was given to someone else',
    'the agent at the store was great',
    'ou est ma commande',
    'can you ask an agent how I return the shoes',
    'I want to ask an advisor whether the fridge fits',
    'vous pouvez demander à un conseiller comment supprimer mon compte',
  ])('does not fire on %j', (text) => {
    expect(isExplicitHumanRequest(text)).toBe(false);
  });

  it('follows the human_request intent route', () => {
    const d = decideEscalation({ ...base, text: 'hmm', classification: { intent: 'human_request', action: 'answer' }, then: { route: 'human', when: 'always' } });
    expect(d).toMatchObject({ escalate: true, reason: 'explicit_request', route: 'human' });
  });
});

describe('decideEscalation', () => {
  it('escalates on the second fallback in a row, not the first', () => {
    const fallback = { ...base, text: 'blorp', classification: { intent: null, action: 'fallback' as const } };
    expect(decideEscalation(fallback).escalate).toBe(false);
    expect(decideEscalation({ ...fallback, facts: { consecutiveFallbacks: 1 } })).toEqual({ escalate: true, route: 'human', reason: 'repeated_fallback' });
  });

  it('hands over right after the answer for `when: always` intents, with the skill', () => {
    const d = decideEscalation({ ...base, classification: { intent: 'complaint', action: 'answer' }, then: { route: 'human', skill: 'after_sales', when: 'always' } });
    expect(d).toEqual({ escalate: true, route: 'human', skill: 'after_sales', reason: 'intent_requires_human' });
    const callback = decideEscalation({ ...base, classification: { intent: 'callback_request', action: 'answer' }, then: { route: 'callback', when: 'always' } });
    expect(callback).toMatchObject({ route: 'callback', reason: 'intent_requires_human' });
  });

  describe('payment_failed (if_stuck)', () => {
    const then = { route: 'human' as const, skill: 'payments', when: 'if_stuck' as const };

    it('answers first without escalating', () => {
      expect(decideEscalation({ ...base, text: 'my payment failed', classification: { intent: 'payment_failed', action: 'answer' }, then }).escalate).toBe(false);
    });

    it('escalates to payments when the visitor is still stuck after the answer', () => {
      const facts = { consecutiveFallbacks: 0, previousIntent: 'payment_failed', previousThen: then };
      const expected = { escalate: true, route: 'human', skill: 'payments', reason: 'still_stuck' };
      expect(decideEscalation({ ...base, text: 'still not working', classification: { intent: null, action: 'fallback' }, facts })).toEqual(expected);
      expect(decideEscalation({ ...base, text: 'ça ne marche toujours pas', classification: { intent: null, action: 'fallback' }, facts })).toEqual(expected);
      expect(decideEscalation({ ...base, text: 'card refused again', classification: { intent: 'payment_failed', action: 'answer' }, then, facts })).toEqual(expected);
      expect(decideEscalation({ ...base, text: 'no', classification: { intent: null, action: 'fallback' }, facts: { ...facts, stillStuck: true } })).toEqual(expected);
    });

    it('does not escalate when the visitor moves on', () => {
      const facts = { consecutiveFallbacks: 0, previousIntent: 'payment_failed', previousThen: then };
      expect(
        decideEscalation({ ...base, text: 'thanks it worked, and when will it be delivered', classification: { intent: 'delivery_time', action: 'answer' }, facts }).escalate,
      ).toBe(false);
      expect(isStillStuckMessage('great, that worked')).toBe(false);
    });
  });

  it('escalates angry messages measured with natural sentiment analysers, in both languages', () => {
    for (const [text, locale] of [
      ['this is ridiculous, I am furious', 'en'],
      ["c'est nul, j'en ai marre", 'fr'],
    ] as const) {
      const sentiment = scoreSentiment(text, locale).score;
      expect(decideEscalation({ ...base, text, sentiment })).toEqual({ escalate: true, route: 'human', reason: 'negative_sentiment' });
    }
  });

  it('does not read problem descriptions or thanks as anger', () => {
    for (const [text, locale] of [
      ['my payment failed', 'en'],
      ['I lost my card', 'en'],
      ['thanks, great service', 'en'],
      ['mon paiement a été refusé', 'fr'],
      ['merci beaucoup', 'fr'],
    ] as const) {
      const sentiment = scoreSentiment(text, locale).score;
      expect(decideEscalation({ ...base, text, sentiment }).escalate).toBe(false);
    }
  });

  it('handles French negation that the pattern lexicon lacks', () => {
    expect(scoreSentiment('je suis content', 'fr').score).toBeGreaterThan(0);
    expect(scoreSentiment('je ne suis pas content', 'fr').score).toBeLessThan(0);
  });
});

it('reads a forgotten password as a question, not anger', () => {
  expect(scoreSentiment('mot de passe oublié', 'fr').score).toBeGreaterThanOrEqual(0);
  expect(scoreSentiment('I forgot my password', 'en').score).toBeGreaterThanOrEqual(0);
});

it('scores English with the real AFINN list', () => {
  expect(scoreSentiment('terrible', 'en').score).toBeLessThan(-0.5);
});
