/**
 * One CSV cell, RFC 4180 quoted. A text cell starting with = + - @ is defused, so a spreadsheet never runs a
 * visitor's words (a question, a utm_source) as a formula; numbers stay numbers, dates are ISO 8601.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
