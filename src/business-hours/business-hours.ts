import { addDays, isValidTimeZone, parseClock, zonedParts, zonedTimeToInstant } from './zoned-time';

/**
 * Weekly hours keyed by ISO weekday (1 = Monday), each a list of `["09:30", "19:30"]` wall-clock ranges.
 * `"24:00"` (or an end of `"00:00"`) closes at midnight; an end before its start runs past midnight into the next day.
 */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

export interface Schedule {
  hours: WeeklyHours;
  /** Exceptional closures: calendar dates (`2026-12-25`) in the schedule's zone; a range starting that day does not open. */
  closures: readonly string[];
  timeZone: string;
}

/** A half-open interval `[start, end)` of instants in ms. */
export interface Interval {
  start: number;
  end: number;
}

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Problems with a schedule, as `{field, reasons}` ready for a 400; empty when valid. */
export function validateSchedule(schedule: Partial<Schedule>): { field: string; reasons: string[] }[] {
  const problems: { field: string; reasons: string[] }[] = [];
  if (schedule.timeZone !== undefined && !isValidTimeZone(schedule.timeZone)) problems.push({ field: 'timeZone', reasons: [`"${schedule.timeZone}" is not an IANA time zone`] });
  if (schedule.hours !== undefined) {
    if (typeof schedule.hours !== 'object' || schedule.hours === null || Array.isArray(schedule.hours)) {
      problems.push({ field: 'hours', reasons: ['must be an object keyed by ISO weekday "1" (Monday) to "7"'] });
    } else {
      for (const [day, ranges] of Object.entries(schedule.hours)) {
        if (!(WEEKDAYS as readonly string[]).includes(day)) {
          problems.push({ field: `hours.${day}`, reasons: ['keys are ISO weekdays "1" (Monday) to "7"'] });
          continue;
        }
        if (!Array.isArray(ranges) || ranges.length > 6) {
          problems.push({ field: `hours.${day}`, reasons: ['must be a list of at most 6 ["HH:MM", "HH:MM"] ranges'] });
          continue;
        }
        ranges.forEach((range: unknown, n) => {
          const ok =
            Array.isArray(range) &&
            range.length === 2 &&
            range.every((v) => typeof v === 'string' && !Number.isNaN(parseClock(v))) &&
            range[0] !== range[1] &&
            range[0] !== '24:00';
          if (!ok) problems.push({ field: `hours.${day}[${n}]`, reasons: ['must be ["HH:MM", "HH:MM"] with two different times, 00:00 to 24:00'] });
        });
      }
    }
  }
  if (schedule.closures !== undefined) {
    if (!Array.isArray(schedule.closures) || schedule.closures.length > 366) problems.push({ field: 'closures', reasons: ['must be a list of at most 366 dates'] });
    else
      schedule.closures.forEach((d, n) => {
        if (typeof d !== 'string' || !DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
          problems.push({ field: `closures[${n}]`, reasons: ['must be a date YYYY-MM-DD'] });
      });
  }
  return problems;
}

/** The opening intervals that start on a local calendar date (none on a closure), as instants, in order. */
export function intervalsStartingOn(schedule: Schedule, date: string): Interval[] {
  if (schedule.closures.includes(date)) return [];
  const weekday = String(isoWeekdayOf(date)) as (typeof WEEKDAYS)[number];
  const intervals: Interval[] = [];
  for (const [from, to] of schedule.hours[weekday] ?? []) {
    const startMin = parseClock(from);
    let endMin = parseClock(to);
    if (Number.isNaN(startMin) || Number.isNaN(endMin)) continue;
    if (endMin <= startMin) endMin += 1440; // "00:00" closes at midnight; "02:00" after "22:00" is the next morning
    const start = zonedTimeToInstant(date, startMin, schedule.timeZone);
    const end = endMin > 1440 ? zonedTimeToInstant(addDays(date, 1), endMin - 1440, schedule.timeZone) : zonedTimeToInstant(date, endMin, schedule.timeZone);
    if (end > start) intervals.push({ start, end });
  }
  return intervals.sort((a, b) => a.start - b.start);
}

function isoWeekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Opening intervals overlapping `[from, to)`, merged where they touch, clipped to the window. */
export function openIntervals(schedule: Schedule, from: number, to: number): Interval[] {
  if (to <= from) return [];
  // A range may start the day before (overnight hours); zone offsets never exceed a day.
  let date = addDays(zonedParts(from, schedule.timeZone).date, -1);
  const lastDate = addDays(zonedParts(to, schedule.timeZone).date, 1);
  const all: Interval[] = [];
  while (date <= lastDate) {
    all.push(...intervalsStartingOn(schedule, date));
    date = addDays(date, 1);
  }
  all.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of all) {
    const start = Math.max(i.start, from);
    const end = Math.min(i.end, to);
    if (end <= start) continue;
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

export function isOpenAt(schedule: Schedule, instant: number): boolean {
  return openIntervals(schedule, instant, instant + 1).length > 0;
}

/** The first instant at or after `from` when the schedule is open, looking `horizonDays` ahead; null if none. */
export function nextOpening(schedule: Schedule, from: number, horizonDays = 14): number | null {
  const [first] = openIntervals(schedule, from, from + horizonDays * 86_400_000);
  return first ? first.start : null;
}

/** Whether the schedule is open now or opens again before the end of the local day. */
export function openNowOrLaterToday(schedule: Schedule, now: number): boolean {
  const today = zonedParts(now, schedule.timeZone).date;
  const endOfDay = zonedTimeToInstant(addDays(today, 1), 0, schedule.timeZone);
  return openIntervals(schedule, now, endOfDay).length > 0;
}

export interface Slot {
  start: number;
  end: number;
  /** Places left: capacity minus bookings. */
  remaining: number;
}

export interface SlotOptions {
  from: number;
  to: number;
  slotMinutes: number;
  /** Bookings a slot can hold (e.g. the number of advisors staffing it). */
  capacity: number;
  /** Bookings per slot start instant (ms). */
  booked?: ReadonlyMap<number, number>;
  /** Only slots starting at or after this instant are offered (e.g. now plus a lead time). */
  notBefore?: number;
  /** Include slots with no place left (remaining 0). */
  includeFull?: boolean;
}

/**
 * Slots of `slotMinutes` laid from the start of each opening interval; a slot must end before the interval closes.
 * Intervals are computed per opening (not clipped by `from`), so slot starts stay aligned whatever the window.
 */
export function generateSlots(schedule: Schedule, options: SlotOptions): Slot[] {
  const step = options.slotMinutes * 60_000;
  if (step <= 0 || options.capacity < 0) return [];
  const notBefore = Math.max(options.from, options.notBefore ?? -Infinity);
  const slots: Slot[] = [];
  let date = addDays(zonedParts(options.from, schedule.timeZone).date, -1);
  const lastDate = addDays(zonedParts(options.to, schedule.timeZone).date, 1);
  const seen = new Set<number>();
  while (date <= lastDate) {
    for (const interval of intervalsStartingOn(schedule, date)) {
      for (let start = interval.start; start + step <= interval.end; start += step) {
        if (start < notBefore || start >= options.to || seen.has(start)) continue;
        seen.add(start);
        const remaining = Math.max(0, options.capacity - (options.booked?.get(start) ?? 0));
        if (remaining > 0 || options.includeFull) slots.push({ start, end: start + step, remaining });
      }
    }
    date = addDays(date, 1);
  }
  return slots.sort((a, b) => a.start - b.start);
}

/** Why an instant is not a bookable slot start, or null when it is one (capacity aside). */
export function slotProblem(schedule: Schedule, instant: number, slotMinutes: number, now: number): 'past' | 'closed' | 'not_a_slot' | null {
  if (instant <= now) return 'past';
  const [slot] = generateSlots(schedule, { from: instant, to: instant + 1, slotMinutes, capacity: 1, includeFull: true });
  if (slot && slot.start === instant) return null;
  return isOpenAt(schedule, instant) ? 'not_a_slot' : 'closed';
}
