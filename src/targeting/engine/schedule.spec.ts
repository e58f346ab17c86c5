import { compileSchedule, isScheduleActive, localTime, parseHourMinute, parseScheduleBound } from './schedule';

const at = (iso: string) => new Date(iso);

describe('localTime', () => {
  it('reads the wall clock of the zone, including the day of week (Monday = 1)', () => {
    // Summer time in Paris: UTC+2.
    expect(localTime(at('2025-07-14T22:30:00Z'), 'Europe/Paris')).toEqual({ date: '2025-07-15', dayOfWeek: 2, minutes: 30 });
    expect(localTime(at('2025-07-14T22:30:00Z'), 'America/New_York')).toEqual({ date: '2025-07-14', dayOfWeek: 1, minutes: 18 * 60 + 30 });
    expect(localTime(at('2025-07-13T10:00:00Z'), 'UTC').dayOfWeek).toBe(7);
  });

  it('does not reuse a cached minute for another minute or another zone', () => {
    expect(localTime(at('2025-01-01T00:00:30Z'), 'UTC').minutes).toBe(0);
    expect(localTime(at('2025-01-01T00:01:00Z'), 'UTC').minutes).toBe(1);
    expect(localTime(at('2025-01-01T00:01:00Z'), 'Asia/Kolkata').minutes).toBe(5 * 60 + 31);
  });
});

describe('schedule', () => {
  it('is always active without a schedule', () => {
    expect(isScheduleActive(undefined, at('2025-07-01T00:00:00Z'))).toBe(true);
    expect(isScheduleActive({}, at('2025-07-01T00:00:00Z'))).toBe(true);
  });

  it('reads calendar days in the rule time zone, to inclusive (default Europe/Paris)', () => {
    const december = compileSchedule({ from: '2025-12-01', to: '2025-12-31' });
    expect(december(at('2025-07-15T12:00:00Z'))).toBe(false);
    expect(december(at('2025-11-30T22:59:59Z'))).toBe(false); // 23:59:59 on 30 Nov in Paris
    expect(december(at('2025-11-30T23:00:00Z'))).toBe(true); // midnight on 1 Dec in Paris
    expect(december(at('2025-12-31T22:59:59Z'))).toBe(true);
    expect(december(at('2025-12-31T23:00:00Z'))).toBe(false);

    const tokyo = compileSchedule({ from: '2025-12-01', timeZone: 'Asia/Tokyo' });
    expect(tokyo(at('2025-11-30T15:00:00Z'))).toBe(true);
    expect(tokyo(at('2025-11-30T14:59:00Z'))).toBe(false);
  });

  it('compares date-times with an offset as instants', () => {
    const flash = compileSchedule({ from: '2025-11-28T08:00:00+01:00', to: '2025-11-28T20:00:00+01:00' });
    expect(flash(at('2025-11-28T06:59:59Z'))).toBe(false);
    expect(flash(at('2025-11-28T07:00:00Z'))).toBe(true);
    expect(flash(at('2025-11-28T19:00:00Z'))).toBe(true);
    expect(flash(at('2025-11-28T19:00:01Z'))).toBe(false);
  });

  it('restricts to days of week', () => {
    const weekend = compileSchedule({ daysOfWeek: [6, 7] });
    expect(weekend(at('2025-07-12T10:00:00Z'))).toBe(true); // Saturday
    expect(weekend(at('2025-07-13T21:59:00Z'))).toBe(true); // Sunday 23:59 in Paris
    expect(weekend(at('2025-07-13T22:00:00Z'))).toBe(false); // Monday 00:00 in Paris
  });

  it('restricts to opening hours, from inclusive, to exclusive', () => {
    const office = compileSchedule({ hours: { from: '09:00', to: '18:30' }, timeZone: 'Europe/Paris' });
    expect(office(at('2025-01-15T07:59:00Z'))).toBe(false); // 08:59 winter time
    expect(office(at('2025-01-15T08:00:00Z'))).toBe(true);
    expect(office(at('2025-01-15T17:29:00Z'))).toBe(true);
    expect(office(at('2025-01-15T17:30:00Z'))).toBe(false);
    // Same wall-clock hours in summer: the offset moved.
    expect(office(at('2025-07-15T07:00:00Z'))).toBe(true);
    expect(office(at('2025-07-15T16:30:00Z'))).toBe(false);
  });

  it('handles a window crossing midnight, counting the small hours to the day it started', () => {
    const fridayNight = compileSchedule({ hours: { from: '22:00', to: '02:00' }, daysOfWeek: [5], timeZone: 'UTC' });
    expect(fridayNight(at('2025-07-11T21:59:00Z'))).toBe(false); // Friday 21:59
    expect(fridayNight(at('2025-07-11T22:00:00Z'))).toBe(true); // Friday 22:00
    expect(fridayNight(at('2025-07-12T01:59:00Z'))).toBe(true); // Saturday 01:59, Friday's window
    expect(fridayNight(at('2025-07-12T02:00:00Z'))).toBe(false);
    expect(fridayNight(at('2025-07-12T22:30:00Z'))).toBe(false); // Saturday night
    expect(fridayNight(at('2025-07-11T01:00:00Z'))).toBe(false); // Friday 01:00 belongs to Thursday

    const sundayNight = compileSchedule({ hours: { from: '23:00', to: '01:00' }, daysOfWeek: [7], timeZone: 'UTC' });
    expect(sundayNight(at('2025-07-14T00:30:00Z'))).toBe(true); // Monday 00:30, Sunday's window
  });

  it('accepts 24:00 as the end of the day', () => {
    const evening = compileSchedule({ hours: { from: '20:00', to: '24:00' }, timeZone: 'UTC' });
    expect(evening(at('2025-07-11T23:59:00Z'))).toBe(true);
    expect(evening(at('2025-07-12T00:00:00Z'))).toBe(false);
  });

  it('combines every constraint', () => {
    const sales = compileSchedule({
      from: '2026-01-07',
      to: '2026-02-03',
      daysOfWeek: [1, 2, 3, 4, 5],
      hours: { from: '10:00', to: '20:00' },
    });
    expect(sales(at('2026-01-07T09:00:00Z'))).toBe(true); // Wednesday 10:00 Paris
    expect(sales(at('2026-01-10T12:00:00Z'))).toBe(false); // Saturday
    expect(sales(at('2026-01-07T19:00:00Z'))).toBe(false); // 20:00 Paris
    expect(sales(at('2026-02-04T12:00:00Z'))).toBe(false); // after the sales
  });
});

describe('parsing', () => {
  it('parses calendar days and offset date-times, and refuses impossible dates', () => {
    expect(parseScheduleBound('2024-02-29')).toEqual({ kind: 'day', day: '2024-02-29' });
    expect(parseScheduleBound('2025-02-29')).toBeUndefined();
    expect(parseScheduleBound('2025-13-01')).toBeUndefined();
    expect(parseScheduleBound('2025-12-01T10:00:00.5+01:00')).toEqual({ kind: 'instant', ms: Date.parse('2025-12-01T09:00:00.500Z') });
    expect(parseScheduleBound('2025-12-01T25:00Z')).toBeUndefined();
    expect(parseScheduleBound('2025-12-01 10:00Z')).toBeUndefined();
    expect(parseScheduleBound('tomorrow')).toBeUndefined();
  });

  it('parses HH:MM', () => {
    expect(parseHourMinute('00:00')).toBe(0);
    expect(parseHourMinute('23:59')).toBe(1439);
    expect(parseHourMinute('24:00')).toBeUndefined();
    expect(parseHourMinute('24:00', true)).toBe(1440);
    expect(parseHourMinute('7:30')).toBeUndefined();
    expect(parseHourMinute('12:60')).toBeUndefined();
  });
});
