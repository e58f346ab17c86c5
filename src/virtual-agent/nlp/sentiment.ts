import type { SentimentAnalyzer as SentimentAnalyzerType } from 'natural/lib/natural/sentiment';
import { PorterStemmer, PorterStemmerFr } from 'natural/lib/natural/stemmers';
import { foldText, Locale } from './text-normalizer';

export interface SentimentScore {
  /** Sum of word polarities (each in [-1, 1]) over the square root of the word count, clipped to [-1, 1]. */
  score: number;
  /** Words (or phrases) read as clearly negative. */
  negativeWords: string[];
}

// Problem descriptions are not anger: "payment failed", "I lost my card", "colis endommagé" are how
// neutral support questions are phrased, and the general-purpose lexicons score them as negative.
const NEUTRAL: Record<Locale, string[]> = {
  en: [
    'fail',
    'failed',
    'failing',
    'fails',
    'lost',
    'lose',
    'problem',
    'problems',
    'issue',
    'error',
    'missing',
    'damaged',
    'broken',
    'stolen',
    'wrong',
    'declined',
    'refused',
    'rejected',
    'late',
    'delay',
    'cancel',
    'cancelled',
    'return',
    'refund',
    'stuck',
    'no',
    'help',
    'please',
    'thanks',
    'thank',
    'charged',
    'pay',
    'cracked',
    'leak',
    'defective',
    'faulty',
    'forgot',
    'forgotten',
  ],
  fr: [
    'probleme',
    'erreur',
    'perdu',
    'casse',
    'endommage',
    'refuse',
    'retard',
    'annuler',
    'bloque',
    'merci',
    'aide',
    'defectueux',
    'panne',
    'vol',
    'vole',
    'oublie',
    'oublier',
    'passe',
  ],
};

// Frustration words and phrases the lexicons miss or under-score, matched on folded text.
const FRUSTRATION: Record<Locale, string[]> = {
  en: [
    'fed up',
    'ridiculous',
    'unacceptable',
    'useless',
    'scam',
    'worst',
    'disgusting',
    'furious',
    'livid',
    'outrageous',
    'rubbish',
    'pathetic',
    'incompetent',
    'shameful',
    'sick of',
    'joke of a',
    'never again',
    'waste of time',
    'fuming',
  ],
  fr: [
    'marre',
    'ras le bol',
    'inadmissible',
    'inacceptable',
    'scandaleux',
    'scandale',
    'honteux',
    'honte',
    'arnaque',
    'nul',
    'nuls',
    'ridicule',
    'furieux',
    'furieuse',
    'lamentable',
    'pire',
    'degoute',
    'decu',
    'decue',
    'n importe quoi',
    'foutez',
    'incompetent',
    'incompetents',
    'minable',
    'plus jamais',
    'en colere',
    'enerve',
    'enervee',
    'insupportable',
  ],
};
const FRUSTRATION_POLARITY = -0.8;
const NEGATIONS: Record<Locale, string[]> = {
  en: ['not', 'no', 'never', 'neither', "don't", 'dont', "didn't", 'didnt', "isn't", 'isnt', "wasn't", "won't", "can't", 'cannot', "doesn't", 'doesnt'],
  fr: ['pas', 'jamais', 'rien', 'aucun', 'aucune', 'ni'],
};
const NEGATION_WINDOW = 3;

let analyzers: Record<Locale, SentimentAnalyzerType> | undefined;

/**
 * natural's analyzers, created on first use: their module loads the AFINN list (an ES module) which
 * Node 20 requires fine, and building the stemmed vocabularies costs ~100 ms we only pay when needed.
 */
function getAnalyzers(): Record<Locale, SentimentAnalyzerType> {
  if (!analyzers) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SentimentAnalyzer } = require('natural/lib/natural/sentiment') as typeof import('natural/lib/natural/sentiment');
    analyzers = {
      en: new SentimentAnalyzer('English', PorterStemmer, 'afinn'),
      fr: new SentimentAnalyzer('French', PorterStemmerFr, 'pattern'),
    };
  }
  return analyzers;
}

// AFINN rates words from -5 to 5, the French pattern lexicon from -1 to 1.
const SCALE: Record<Locale, number> = { en: 5, fr: 1 };

function phraseHits(folded: string, phrases: string[]): string[] {
  const padded = ` ${folded} `;
  return phrases.filter((p) => padded.includes(` ${p} `));
}

/** Sentiment of a visitor message with natural's SentimentAnalyzer (AFINN for English, pattern for French). */
export function scoreSentiment(text: string, locale: Locale): SentimentScore {
  const analyzer = getAnalyzers()[locale];
  const words = text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return { score: 0, negativeWords: [] };
  const neutral = new Set(NEUTRAL[locale]);
  const frustration = new Set(FRUSTRATION[locale].filter((p) => !p.includes(' ')));
  const negations = new Set(NEGATIONS[locale]);
  const negativeWords: string[] = [];
  let sum = 0;
  let negatedUntil = -1;
  words.forEach((word, i) => {
    const folded = foldText(word).replace(/\s+/g, ' ');
    if (negations.has(word) || negations.has(folded)) {
      negatedUntil = i + NEGATION_WINDOW;
      return;
    }
    if (frustration.has(folded)) {
      sum += FRUSTRATION_POLARITY;
      negativeWords.push(word);
      return;
    }
    if (neutral.has(folded)) return;
    let polarity = analyzer.getSentiment([word]) / SCALE[locale];
    if (i <= negatedUntil) polarity = -polarity;
    if (polarity <= -0.4) negativeWords.push(word);
    sum += polarity;
  });
  for (const phrase of phraseHits(
    foldText(text),
    FRUSTRATION[locale].filter((p) => p.includes(' ')),
  )) {
    sum += FRUSTRATION_POLARITY;
    negativeWords.push(phrase);
  }
  // Over sqrt(n) rather than n: one angry word in a long message still counts, a plain average dilutes it.
  const score = Math.max(-1, Math.min(1, sum / Math.sqrt(words.length)));
  return { score: Math.round(score * 1000) / 1000, negativeWords };
}
