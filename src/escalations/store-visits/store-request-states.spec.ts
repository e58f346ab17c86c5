import { allowedNext, canMove, isOpen } from './store-request-states';

describe('store request states', () => {
  it('moves forward one step at a time: new, taken, contacted, done', () => {
    expect(canMove('new', 'taken')).toBe(true);
    expect(canMove('taken', 'contacted')).toBe(true);
    expect(canMove('contacted', 'done')).toBe(true);
    expect(canMove('new', 'contacted')).toBe(false);
    expect(canMove('new', 'done')).toBe(false);
    expect(canMove('contacted', 'taken')).toBe(false);
  });

  it('cancels only what is still open, and nothing leaves done or cancelled', () => {
    for (const open of ['new', 'taken', 'contacted'] as const) expect(canMove(open, 'cancelled')).toBe(true);
    expect(allowedNext('done')).toEqual([]);
    expect(allowedNext('cancelled')).toEqual([]);
    expect(isOpen('done')).toBe(false);
    expect(isOpen('taken')).toBe(true);
  });
});
