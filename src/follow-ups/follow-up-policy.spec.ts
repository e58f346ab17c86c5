import { DEFAULT_FOLLOW_UP_POLICY, followUpMode } from './follow-up-policy';

describe('follow-up mode', () => {
  it('mails carts up to the threshold and hands bigger ones to a person', () => {
    expect(followUpMode(120, false, DEFAULT_FOLLOW_UP_POLICY)).toEqual({ mode: 'automatic', reason: null });
    expect(followUpMode(500, false, DEFAULT_FOLLOW_UP_POLICY)).toEqual({ mode: 'automatic', reason: null });
    expect(followUpMode(900, false, DEFAULT_FOLLOW_UP_POLICY)).toEqual({ mode: 'manual', reason: 'high_value' });
  });

  it('hands a cart blocked by a failed payment to a person whatever its value', () => {
    expect(followUpMode(40, true, DEFAULT_FOLLOW_UP_POLICY)).toEqual({ mode: 'manual', reason: 'payment_failed' });
  });
});
