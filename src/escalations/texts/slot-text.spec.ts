import { describeSlot } from './slot-text';

describe('describeSlot', () => {
  it('words the promised time in the team zone, on both sides of a DST change', () => {
    expect(describeSlot(new Date('2026-03-28T08:00:00Z'), new Date('2026-03-28T08:15:00Z'), 'Europe/Paris')).toBe('Saturday 28 March 2026, 09:00-09:15 (Europe/Paris time)');
    expect(describeSlot(new Date('2026-03-30T07:00:00Z'), new Date('2026-03-30T07:15:00Z'), 'Europe/Paris')).toBe('Monday 30 March 2026, 09:00-09:15 (Europe/Paris time)');
  });

  it('speaks French to French visitors', () => {
    expect(describeSlot(new Date('2026-03-28T08:00:00Z'), new Date('2026-03-28T08:15:00Z'), 'Europe/Paris', 'fr')).toBe('samedi 28 mars 2026, 09:00-09:15 (heure de Europe/Paris)');
  });
});
