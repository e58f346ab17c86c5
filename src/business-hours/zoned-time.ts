/** Wall-clock arithmetic in IANA time zones with the platform's Intl data: no library, no Nest, no database. */

export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
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

function wallClock(instantMs: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year, mo: parts.month, d: parts.day, h: parts.hour, mi: parts.minute, s: parts.second };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
export function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

export function zonedParts(instantMs: number, timeZone: string): ZonedParts {
  const w = wallClock(instantMs, timeZone);
  const date = `${w.y}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
  return { date, weekday: isoWeekday(date), minutes: w.h * 60 + w.mi };
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant at which the zone's wall clock shows `date` + `minutes` (minutes may reach 1440 = next midnight).
 * A wall time skipped by a DST change (02:30 on a spring-forward night) maps to the instant just after the gap
 * (03:30 summer time); a repeated one (02:30 on a fall-back night) maps to one of its two instants.
 */
export function zonedTimeToInstant(date: string, minutes: number, timeZone: string): number {
  const local = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const firstGuess = local - offsetMs(local, timeZone);
  const offsetThen = offsetMs(firstGuess, timeZone);
  return local - offsetThen;
}

/** `"09:30"` to minutes since midnight; `"24:00"` is the end of the day. Returns NaN when malformed. */
export function parseClock(value: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) return NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 1440 ? NaN : minutes;
}
