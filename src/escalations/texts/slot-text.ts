import type { TextLanguage } from './visitor-texts';

const INTL_LOCALES: Record<TextLanguage, string> = { en: 'en-GB', fr: 'fr-FR' };
const ZONE_NOTE: Record<TextLanguage, (timeZone: string) => string> = { en: (zone) => `${zone} time`, fr: (zone) => `heure de ${zone}` };

const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string, language: TextLanguage) {
  const key = `${language} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const locale = INTL_LOCALES[language];
    f = {
      day: new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formatters.set(key, f);
  }
  return f;
}

/**
 * "Monday 23 November 2026, 09:00-09:15 (Europe/Paris time)", or in French "lundi 23 novembre 2026, 09:00-09:15
 * (heure de Europe/Paris)": what the visitor is promised, in words.
 */
export function describeSlot(start: Date, end: Date, timeZone: string, language: TextLanguage = 'en'): string {
  const f = formattersFor(timeZone, language);
  // Built from parts: ICU versions disagree on the punctuation of the full date.
  const parts = Object.fromEntries(f.day.formatToParts(start).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${f.time.format(start)}-${f.time.format(end)} (${ZONE_NOTE[language](timeZone)})`;
}
