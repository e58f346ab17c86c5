import { DEFAULT_TIME_ZONE, type RuleSchedule } from './targeting-rule';

// Whether a rule is active at an instant, in the rule's own time zone. The clock is injected (`now`).
// Intl formatting costs several microseconds, so formatters are cached per zone and the local time of
// the last minute seen per zone is reused: every current zone offset is a whole number of minutes.

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** 1 = Monday ... 7 = Sunday. */
  dayOfWeek: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();
const lastMinute = new Map<string, { minute: number; local: LocalTime }>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localTime(now: Date, timeZone: string): LocalTime {
  const minute = Math.floor(now.getTime() / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached && cached.minute === minute) return cached.local;
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(now)) parts[part.type] = part.value;
  const local: LocalTime = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    dayOfWeek: WEEKDAYS[parts.weekday],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
  lastMinute.set(timeZone, { minute, local });
  return local;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type ScheduleBound = { kind: 'day'; day: string } | { kind: 'instant'; ms: number };

/** A calendar day `YYYY-MM-DD` (read in the rule's zone) or an ISO date-time with an explicit offset. */
export function parseScheduleBound(value: string): ScheduleBound | undefined {
  const day = DAY.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const probe = new Date(Date.UTC(y, m - 1, d));
    const real = probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
    return real ? { kind: 'day', day: value } : undefined;
  }
  if (!INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  // Date.parse rolls 2025-02-30 over to March: compare the calendar part back to catch it.
  if (Number.isNaN(ms) || !isRealDay(value.slice(0, 10))) return undefined;
  return { kind: 'instant', ms };
}

function isRealDay(day: string): boolean {
  return parseScheduleBound(day) !== undefined;
}

const HOUR_MINUTE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` to minutes since midnight; `24:00` is accepted as an end of day. */
export function parseHourMinute(value: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && value === '24:00') return 1440;
  const m = HOUR_MINUTE.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export type ScheduleCheck = (now: Date) => boolean;

const ALWAYS_ACTIVE: ScheduleCheck = () => true;

/** Prepares a validated schedule once; the returned check is what the engine calls per decision. */
export function compileSchedule(schedule: RuleSchedule | undefined): ScheduleCheck {
  if (!schedule) return ALWAYS_ACTIVE;
  const timeZone = schedule.timeZone ?? DEFAULT_TIME_ZONE;
  const lower = schedule.from !== undefined ? parseScheduleBound(schedule.from) : undefined;
  const upper = schedule.to !== undefined ? parseScheduleBound(schedule.to) : undefined;
  const days = schedule.daysOfWeek?.length ? new Set(schedule.daysOfWeek) : undefined;
  const hoursFrom = schedule.hours ? parseHourMinute(schedule.hours.from) : undefined;
  const hoursTo = schedule.hours ? parseHourMinute(schedule.hours.to, true) : undefined;
  const hasHours = hoursFrom !== undefined && hoursTo !== undefined;
  const needsLocal = lower?.kind === 'day' || upper?.kind === 'day' || days !== undefined || hasHours;

  return (now) => {
    const ms = now.getTime();
    if (lower?.kind === 'instant' && ms < lower.ms) return false;
    if (upper?.kind === 'instant' && ms > upper.ms) return false;
    if (!needsLocal) return true;
    const local = localTime(now, timeZone);
    if (lower?.kind === 'day' && local.date < lower.day) return false;
    if (upper?.kind === 'day' && local.date > upper.day) return false;
    let day = local.dayOfWeek;
    if (hasHours) {
      if (hoursFrom < hoursTo) {
        if (local.minutes < hoursFrom || local.minutes >= hoursTo) return false;
      } else {
        // Crossing midnight (22:00-02:00): the small hours belong to the previous day's window.
        if (local.minutes < hoursTo) day = day === 1 ? 7 : day - 1;
        else if (local.minutes < hoursFrom) return false;
      }
    }
    return days === undefined || days.has(day);
  };
}

export function isScheduleActive(schedule: RuleSchedule | undefined, now: Date): boolean {
  return compileSchedule(schedule)(now);
}
