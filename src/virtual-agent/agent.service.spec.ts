import { AgentService, Understanding } from './agent.service';
import { Classification } from './classifier/intent-classifier';
import { KnowledgeBase } from './knowledge-base/knowledge-base.loader';

const kb: KnowledgeBase = {
  intents: [
    { id: 'delivery_time', then: null },
    { id: 'delivery_cost', then: null },
    { id: 'human_request', then: { route: 'human', when: 'always' } },
    { id: 'payment_failed', then: { route: 'human', skill: 'payments', when: 'if_stuck' } },
  ],
  locales: {
    en: {
      intents: [
        { intent: 'delivery_time', examples: ['delivery time', 'when will it arrive'], answer: 'Two to four days.', not: [] },
        { intent: 'delivery_cost', examples: ['shipping cost', 'how much is delivery'], answer: 'Free from 50 EUR.', not: [] },
        { intent: 'human_request', examples: ['human', 'a person please'], answer: 'Connecting you with an advisor.', not: [] },
        { intent: 'payment_failed', examples: ['payment failed', 'card declined'], answer: 'Check your bank limits.', not: [] },
      ],
      outOfScope: ['weather'],
      nearMiss: [],
    },
    fr: {
      intents: [{ intent: 'delivery_time', examples: ['délai de livraison'], answer: 'Deux à quatre jours.', not: [] }],
      outOfScope: ['météo'],
      nearMiss: [],
    },
  },
  evaluation: {},
  warnings: [],
};

const understood = (text: string, classification: Partial<Classification>, sentiment = 0): Understanding => ({
  text,
  classification: { locale: 'en', intent: null, confidence: 0.1, action: 'fallback', fallbackReason: 'low_confidence', alternatives: [], ...classification },
  sentiment,
  kb,
});

describe('AgentService.decide: from a classification to the reply', () => {
  const agent = new AgentService({ dataDir: 'unused' } as never, {} as never);

  it("answers with the intent's answer", () => {
    const reply = agent.decide(understood('delivery time?', { intent: 'delivery_time', action: 'answer', confidence: 0.9 }));
    expect(reply).toMatchObject({ action: 'answer', intent: 'delivery_time', answer: 'Two to four days.' });
    expect(reply).not.toHaveProperty('escalation');
  });

  it('asks which of two close topics was meant, with their first examples as quick replies', () => {
    const alternatives = [
      { intent: 'delivery_time', confidence: 0.41 },
      { intent: 'delivery_cost', confidence: 0.38 },
    ];
    const reply = agent.decide(understood('delivery', { intent: 'delivery_time', action: 'clarify', alternatives }));
    expect(reply).toMatchObject({ action: 'clarify', answer: expect.stringMatching(/one of these/), alternatives });
    expect(reply.quickReplies).toEqual([
      { intent: 'delivery_time', label: 'Delivery time' },
      { intent: 'delivery_cost', label: 'Shipping cost' },
    ]);
  });

  it('turns a fallback into a "please rephrase" reply in the language of the message, without an intent, saying why', () => {
    const reply = agent.decide(understood('il fait beau', { locale: 'fr' }));
    expect(reply).toMatchObject({ locale: 'fr', action: 'fallback', intent: null, answer: expect.stringMatching(/reformuler/), fallback: { reason: 'low_confidence' } });
  });

  it('words an off-topic or near-miss fallback for what it is', () => {
    expect(agent.decide(understood('tell me a joke', { fallbackReason: 'off_topic' }))).toMatchObject({
      action: 'fallback',
      fallback: { reason: 'off_topic' },
      answer: expect.stringMatching(/only help with questions about our shop/),
    });
    expect(agent.decide(understood('are you hiring', { fallbackReason: 'near_miss' }))).toMatchObject({
      action: 'fallback',
      fallback: { reason: 'near_miss' },
      answer: expect.stringMatching(/can't answer that question here/),
    });
  });

  it('hands over after a second fallback in a row, with the route message', () => {
    const reply = agent.decide(understood('blue banana', {}), { consecutiveFallbacks: 1 });
    expect(reply).toMatchObject({ action: 'escalate', intent: null, escalation: { route: 'human', reason: 'repeated_fallback' }, answer: expect.stringMatching(/advisors/) });
  });

  it("hands over on a request for a person with the human_request intent's own answer", () => {
    const reply = agent.decide(understood('a person please', { intent: 'human_request', action: 'answer', confidence: 0.95 }));
    expect(reply).toMatchObject({ action: 'escalate', answer: 'Connecting you with an advisor.', escalation: { route: 'human', reason: 'explicit_request' } });
  });

  it('escalates a visitor still stuck after a payment answer to the payments skill', () => {
    const reply = agent.decide(understood('ok', { intent: null, action: 'fallback' }), { consecutiveFallbacks: 0, previousIntent: 'payment_failed', stillStuck: true });
    expect(reply.escalation).toEqual({ route: 'human', skill: 'payments', reason: 'still_stuck' });
  });

  it('hands an angry visitor to a person', () => {
    const reply = agent.decide(understood('this is ridiculous', { intent: 'delivery_time', action: 'answer' }, -0.8));
    expect(reply.escalation).toEqual({ route: 'human', reason: 'negative_sentiment' });
  });
});
