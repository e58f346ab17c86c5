const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formatters.set(timeZone, f);
  }
  return f;
}

/** "Monday 23 November 2026, 09:00-09:15 (Europe/Paris time)": what the visitor is promised, in words. */
export function describeSlot(start: Date, end: Date, timeZone: string): string {
  const f = formattersFor(timeZone);
  // Built from parts: ICU versions disagree on the punctuation of the full date.
  const parts = Object.fromEntries(f.day.formatToParts(start).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${f.time.format(start)}-${f.time.format(end)} (${timeZone} time)`;
}
