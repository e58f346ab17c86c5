import { estimateWaitSeconds } from './queue-estimate';

describe('estimateWaitSeconds', () => {
  it('is zero while a seat is free for the visitor', () => {
    expect(estimateWaitSeconds(2, 2, 6, 300)).toBe(0);
  });

  it('counts the rounds of chats ahead of the visitor', () => {
    expect(estimateWaitSeconds(1, 0, 6, 300)).toBe(300);
    expect(estimateWaitSeconds(7, 0, 6, 300)).toBe(600);
    expect(estimateWaitSeconds(8, 1, 6, 240)).toBe(480);
  });

  it('is unbounded with nobody online', () => {
    expect(estimateWaitSeconds(1, 0, 0, 300)).toBe(Number.POSITIVE_INFINITY);
  });
});
