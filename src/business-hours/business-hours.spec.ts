import { generateSlots, intervalsStartingOn, isOpenAt, nextOpening, openIntervals, openNowOrLaterToday, Schedule, slotProblem, validateSchedule } from './business-hours';
import { offsetMs, zonedParts, zonedTimeToInstant } from './zoned-time';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const weekdays = (ranges: [string, string][]) => ({ '1': ranges, '2': ranges, '3': ranges, '4': ranges, '5': ranges });
const paris = (overrides: Partial<Schedule> = {}): Schedule => ({
  hours: {
    ...weekdays([['09:30', '19:30']]),
    '6': [
      ['10:00', '12:00'],
      ['14:00', '18:00'],
    ],
  },
  closures: [],
  timeZone: 'Europe/Paris',
  ...overrides,
});

describe('zoned time', () => {
  it('reads the wall clock and weekday in a zone, across midnight', () => {
    // 22:30 UTC on Tuesday 14 July is 00:30 on Wednesday 15 July in Paris (UTC+2).
    expect(zonedParts(at('2026-07-14T22:30:00Z'), 'Europe/Paris')).toEqual({ date: '2026-07-15', weekday: 3, minutes: 30 });
    expect(zonedParts(at('2026-07-14T22:30:00Z'), 'America/New_York')).toEqual({ date: '2026-07-14', weekday: 2, minutes: 18 * 60 + 30 });
    expect(offsetMs(at('2026-01-10T12:00:00Z'), 'Europe/Paris')).toBe(3600_000);
    expect(offsetMs(at('2026-07-10T12:00:00Z'), 'Europe/Paris')).toBe(7200_000);
  });

  it('maps wall-clock times to instants on both sides of DST, and a skipped time to just after the gap', () => {
    expect(iso(zonedTimeToInstant('2026-03-28', 9 * 60, 'Europe/Paris'))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(zonedTimeToInstant('2026-03-29', 9 * 60, 'Europe/Paris'))).toBe('2026-03-29T07:00:00.000Z');
    // 02:30 does not exist in Paris on 29 March 2026: clocks jump from 02:00 to 03:00.
    expect(iso(zonedTimeToInstant('2026-03-29', 150, 'Europe/Paris'))).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026; either instant is a 02:30 wall clock.
    const repeated = zonedTimeToInstant('2026-10-25', 150, 'Europe/Paris');
    expect(zonedParts(repeated, 'Europe/Paris').minutes).toBe(150);
    expect(iso(zonedTimeToInstant('2026-10-25', 1440, 'Europe/Paris'))).toBe('2026-10-25T23:00:00.000Z');
  });
});

describe('business hours', () => {
  it('is open inside the hours and closed outside, in the schedule zone', () => {
    const s = paris();
    expect(isOpenAt(s, at('2026-11-23T08:29:00Z'))).toBe(false); // Monday 09:29 Paris
    expect(isOpenAt(s, at('2026-11-23T08:30:00Z'))).toBe(true); // 09:30
    expect(isOpenAt(s, at('2026-11-23T18:29:59Z'))).toBe(true);
    expect(isOpenAt(s, at('2026-11-23T18:30:00Z'))).toBe(false); // 19:30: the end is excluded
    expect(isOpenAt(s, at('2026-11-28T11:30:00Z'))).toBe(false); // Saturday lunch break
    expect(isOpenAt(s, at('2026-11-28T13:30:00Z'))).toBe(true);
    expect(isOpenAt(s, at('2026-11-29T12:00:00Z'))).toBe(false); // Sunday
    // The same instant is closed for a team in New York (07:30 there).
    expect(isOpenAt({ ...s, timeZone: 'America/New_York' }, at('2026-11-23T12:30:00Z'))).toBe(false);
    expect(isOpenAt({ ...s, timeZone: 'America/New_York' }, at('2026-11-23T14:30:00Z'))).toBe(true);
  });

  it('keeps the same wall-clock hours across a DST change', () => {
    const s = paris();
    // Friday before and Monday after the October change: 09:30 local is 07:30Z then 08:30Z.
    expect(intervalsStartingOn(s, '2026-10-23')).toEqual([{ start: at('2026-10-23T07:30:00Z'), end: at('2026-10-23T17:30:00Z') }]);
    expect(intervalsStartingOn(s, '2026-10-26')).toEqual([{ start: at('2026-10-26T08:30:00Z'), end: at('2026-10-26T18:30:00Z') }]);
    // A night shift over the spring-forward gap lasts one hour less.
    const night: Schedule = { hours: { '6': [['22:00', '06:00']] }, closures: [], timeZone: 'Europe/Paris' };
    const [i] = intervalsStartingOn(night, '2026-03-28');
    expect((i.end - i.start) / 3600_000).toBe(7);
  });

  it('honours closures, and an overnight range closes after midnight', () => {
    const s = paris({ closures: ['2026-12-25'] });
    expect(isOpenAt(s, at('2026-12-25T10:00:00Z'))).toBe(false); // a Friday, closed
    expect(isOpenAt(s, at('2026-12-24T10:00:00Z'))).toBe(true);
    const late: Schedule = { hours: { '5': [['20:00', '02:00']], '6': [['10:00', '24:00']] }, closures: [], timeZone: 'Europe/Paris' };
    expect(isOpenAt(late, at('2026-11-28T00:30:00Z'))).toBe(true); // Saturday 01:30, from Friday's range
    expect(isOpenAt(late, at('2026-11-28T01:00:00Z'))).toBe(false); // 02:00
    expect(isOpenAt(late, at('2026-11-28T22:59:00Z'))).toBe(true); // Saturday 23:59
    expect(isOpenAt(late, at('2026-11-28T23:00:00Z'))).toBe(false); // midnight
    // A closure on Friday cancels the range that starts that day, including its hours after midnight.
    expect(isOpenAt({ ...late, closures: ['2026-11-27'] }, at('2026-11-28T00:30:00Z'))).toBe(false);
  });

  it('merges touching ranges and clips to the window', () => {
    const s: Schedule = { hours: { '1': [['00:00', '24:00']], '2': [['00:00', '12:00']] }, closures: [], timeZone: 'UTC' };
    expect(openIntervals(s, at('2026-11-23T10:00:00Z'), at('2026-11-25T00:00:00Z'))).toEqual([{ start: at('2026-11-23T10:00:00Z'), end: at('2026-11-24T12:00:00Z') }]);
  });

  it('finds the next opening, and none when always closed', () => {
    const s = paris({ closures: ['2026-11-30'] });
    expect(iso(nextOpening(s, at('2026-11-28T19:00:00Z'))!)).toBe('2026-12-01T08:30:00.000Z'); // Saturday night -> Tuesday (Monday closed)
    expect(nextOpening(s, at('2026-11-23T10:00:00Z'))).toBe(at('2026-11-23T10:00:00Z')); // already open
    expect(nextOpening({ hours: {}, closures: [], timeZone: 'UTC' }, at('2026-11-23T10:00:00Z'))).toBeNull();
  });

  it('tells whether it opens later today', () => {
    const s = paris();
    expect(openNowOrLaterToday(s, at('2026-11-23T06:00:00Z'))).toBe(true); // 07:00 Monday
    expect(openNowOrLaterToday(s, at('2026-11-23T19:00:00Z'))).toBe(false); // 20:00 Monday
    expect(openNowOrLaterToday(s, at('2026-11-29T09:00:00Z'))).toBe(false); // Sunday
  });

  it('validates hours, zones and closures with field paths', () => {
    expect(validateSchedule(paris())).toEqual([]);
    const problems = validateSchedule({
      timeZone: 'Europe/Lutece',
      hours: { '8': [], '1': [['9:00', '18:00']], '2': [['10:00', '10:00']] } as never,
      closures: ['2026-13-45', 'tomorrow'],
    });
    expect(problems.map((p) => p.field)).toEqual(['timeZone', 'hours.1[0]', 'hours.2[0]', 'hours.8', 'closures[0]', 'closures[1]']);
  });
});

describe('slots', () => {
  const team: Schedule = { hours: { '1': [['09:00', '10:00']], '2': [['09:00', '10:00']] }, closures: [], timeZone: 'Europe/Paris' };

  it('lays 15-minute slots from the hours with the capacity minus bookings, full ones left out', () => {
    const booked = new Map([
      [at('2026-11-23T08:15:00Z'), 2],
      [at('2026-11-23T08:30:00Z'), 1],
    ]);
    const slots = generateSlots(team, { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-24T00:00:00Z'), slotMinutes: 15, capacity: 2, booked });
    expect(slots.map((s) => [iso(s.start).slice(11, 16), s.remaining])).toEqual([
      ['08:00', 2],
      ['08:30', 1],
      ['08:45', 2],
    ]);
    expect(slots[0].end - slots[0].start).toBe(15 * 60_000);
    const all = generateSlots(team, { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-24T00:00:00Z'), slotMinutes: 15, capacity: 2, booked, includeFull: true });
    expect(all).toHaveLength(4);
  });

  it('keeps slots aligned to the opening whatever the window start, skips the past and a slot that does not fit', () => {
    const odd: Schedule = { hours: { '1': [['09:10', '10:00']] }, closures: [], timeZone: 'Europe/Paris' };
    const slots = generateSlots(odd, { from: at('2026-11-23T08:20:00Z'), to: at('2026-11-24T00:00:00Z'), slotMinutes: 15, capacity: 1 });
    expect(slots.map((s) => iso(s.start).slice(11, 16))).toEqual(['08:25', '08:40']); // 09:55 would end after 10:00
    const later = generateSlots(team, { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-25T00:00:00Z'), slotMinutes: 30, capacity: 1, notBefore: at('2026-11-23T08:10:00Z') });
    expect(later.map((s) => iso(s.start))).toEqual(['2026-11-23T08:30:00.000Z', '2026-11-24T08:00:00.000Z', '2026-11-24T08:30:00.000Z']);
  });

  it('offers no slot on a closure, and none with no capacity', () => {
    expect(generateSlots({ ...team, closures: ['2026-11-23'] }, { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-24T00:00:00Z'), slotMinutes: 15, capacity: 2 })).toEqual([]);
    expect(generateSlots(team, { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-24T00:00:00Z'), slotMinutes: 15, capacity: 0 })).toEqual([]);
  });

  it('produces slots across midnight for a 24-hour team and keeps local starts over DST', () => {
    const always: Schedule = { hours: { '6': [['00:00', '24:00']], '7': [['00:00', '24:00']] }, closures: [], timeZone: 'Europe/Paris' };
    const slots = generateSlots(always, { from: at('2026-03-28T22:00:00Z'), to: at('2026-03-29T02:00:00Z'), slotMinutes: 60, capacity: 1 });
    // Saturday 23:00 and Sunday 00:00, 01:00 Paris, then 03:00 summer time (02:00 does not exist), which is 01:00Z.
    expect(slots.map((s) => iso(s.start))).toEqual(['2026-03-28T22:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('explains why an instant is not bookable', () => {
    const now = at('2026-11-20T12:00:00Z');
    expect(slotProblem(team, at('2026-11-23T08:15:00Z'), 15, now)).toBeNull();
    expect(slotProblem(team, at('2026-11-23T08:20:00Z'), 15, now)).toBe('not_a_slot');
    expect(slotProblem(team, at('2026-11-23T12:00:00Z'), 15, now)).toBe('closed');
    expect(slotProblem(team, at('2026-11-16T08:15:00Z'), 15, now)).toBe('past');
  });
});
