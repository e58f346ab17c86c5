/**
 * Which lookup a typed search is: an e-mail, a phone number in any format, a loyalty card (letters then digits,
 * e.g. FID-100001), else a name. Exact lookups first; a card that matches nobody is searched as text too.
 */
export function lookupQueries(input: string): string[] {
  const text = input.trim();
  if (text.includes('@')) return [`email=${encodeURIComponent(text)}`];
  if (/^\+?[\d\s().-]{6,}$/.test(text) && text.replace(/\D/g, '').length >= 6) return [`phone=${encodeURIComponent(text)}`];
  if (/^[a-z]{2,}[- ]?\d{3,}$/i.test(text)) return [`identity=${encodeURIComponent(`loyalty_card:${text.toUpperCase()}`)}`, `q=${encodeURIComponent(text)}`];
  return [`q=${encodeURIComponent(text)}`];
}
