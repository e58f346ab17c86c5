import { PorterStemmer, PorterStemmerFr } from 'natural/lib/natural/stemmers';
import { AggressiveTokenizer } from 'natural/lib/natural/tokenizers';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { words as frenchStopwords } from 'natural/lib/natural/util/stopwords_fr';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ﬁ: 'fi', ﬂ: 'fl' };

/** Lower-case, strip accents and punctuation: visitors type "reçu", "recu" or "REÇU" alike. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[œæßﬁﬂ]/g, (c) => LIGATURES[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .replace(/'/g, ' ')
    .trim();
}

const tokenizer = new AggressiveTokenizer();

/** Folded word tokens; French elisions ("l'adresse", "j'ai") split into two tokens. */
export function tokenize(text: string): string[] {
  const folded = foldText(text);
  return folded ? tokenizer.tokenize(folded).filter((t) => t.length > 0) : [];
}

// Words that carry the question being asked ("why" vs "how", "not" vs nothing): generic stopword
// lists drop them, but "why was my card declined" and "how do I get a card" are different intents.
const KEEP: Record<Locale, string[]> = {
  en: ['not', 'no', 'nor', 'cannot', 'how', 'why', 'when', 'where', 'what', 'which', 'who', 'can', 'off', 'out', 'up', 'down', 'again', 'more', 'too', 'only'],
  fr: ['pas', 'ne', 'non', 'plus', 'sans', 'quel', 'quels', 'quelle', 'quelles', 'qui', 'ou', 'quand', 'toujours'],
};
const EXTRA: Record<Locale, string[]> = {
  en: ['s', 't', 'll', 've', 're', 'd', 'm', 'im', 'please', 'pls', 'hi', 'hello', 'hey', 'thanks', 'thank'],
  fr: ['svp', 'stp', 'bonjour', 'bonsoir', 'salut', 'merci', 'qu', 'est', 'ce', 'ca', 'cela'],
};

function buildStopwords(locale: Locale): Set<string> {
  const base = locale === 'fr' ? frenchStopwords : englishStopwords;
  const keep = new Set(KEEP[locale]);
  const out = new Set<string>();
  for (const w of [...base, ...EXTRA[locale]]) {
    const folded = foldText(w);
    if (folded && !keep.has(folded)) out.add(folded);
  }
  return out;
}

export const STOPWORDS: Record<Locale, ReadonlySet<string>> = { fr: buildStopwords('fr'), en: buildStopwords('en') };

export function isStopword(token: string, locale: Locale): boolean {
  return STOPWORDS[locale].has(token);
}

/** Content tokens; if a message is only stopwords ("where is it?"), keep them all rather than nothing. */
export function removeStopwords(tokens: string[], locale: Locale): string[] {
  const kept = tokens.filter((t) => !STOPWORDS[locale].has(t));
  return kept.length > 0 ? kept : tokens;
}

const stemCache: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };

/** Porter stem of a folded token, memoised: stemming is the hot path of feature extraction. */
export function stem(token: string, locale: Locale): string {
  const cache = stemCache[locale];
  let s = cache.get(token);
  if (s === undefined) {
    // Numbers and very short tokens stem to themselves; the French stemmer mangles some of them.
    s = token.length <= 2 || /\d/.test(token) ? token : (locale === 'fr' ? PorterStemmerFr : PorterStemmer).stem(token);
    if (cache.size > 200_000) cache.clear();
    cache.set(token, s);
  }
  return s;
}
