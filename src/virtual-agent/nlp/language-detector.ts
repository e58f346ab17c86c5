import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { words as frenchStopwords } from 'natural/lib/natural/util/stopwords_fr';
import { Locale } from './text-normalizer';

export interface DetectedLanguage {
  locale: Locale;
  /** Posterior probability of the chosen locale under the two character/word profiles. */
  confidence: number;
  /** True when the text itself decided; false when it was too ambiguous and the hint or default won. */
  detected: boolean;
}

// A few everyday chat phrases per language, so that detection works before any knowledge base is loaded;
// the knowledge base's own examples are added on top of them.
const SEED: Record<Locale, string[]> = {
  fr: [
    'bonjour',
    'bonsoir',
    'salut',
    'merci beaucoup',
    "s'il vous plaît",
    'svp',
    'oui',
    'non',
    "d'accord",
    "je voudrais parler à quelqu'un",
    'un conseiller svp',
    'où est ma commande',
    'quand vais-je être livré',
    'je veux être remboursé',
    'mon paiement a échoué',
    'comment retourner un article',
    'est-ce que vous avez ce produit en stock',
    'quels sont vos horaires',
    'le magasin le plus proche',
    'ça ne marche pas',
    "j'ai un problème avec ma carte",
    'pourquoi',
    'comment',
    'combien ça coûte',
    'aujourd’hui',
    'demain',
    'rappelez-moi',
    'ma livraison est en retard',
  ],
  en: [
    'hello',
    'hi',
    'hey there',
    'thanks a lot',
    'thank you',
    'please',
    'yes',
    'no',
    'okay',
    'i want to talk to someone',
    'agent please',
    'where is my order',
    'when will it be delivered',
    'i want a refund',
    'my payment failed',
    'how do i return an item',
    'do you have this product in stock',
    'what are your opening hours',
    'the nearest store',
    "it doesn't work",
    'i have a problem with my card',
    'why',
    'how',
    'how much does it cost',
    'today',
    'tomorrow',
    'call me back',
    'my delivery is late',
  ],
};

function lower(text: string): string {
  return text.toLowerCase().replace(/[’‘`´]/g, "'");
}

function words(text: string): string[] {
  return lower(text)
    .split(/[^a-z0-9àâäçéèêëîïôöùûüÿœæ]+/)
    .filter((w) => w.length > 0);
}

/** Word tokens plus character trigrams of each padded word; accents are kept, they are the best French signal. */
function features(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    out.push(`w:${w}`);
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  }
  return out;
}

// Whole words count as this many trigrams: a known function word is stronger evidence than a letter pattern.
const WORD_WEIGHT = 3;

/**
 * Naive Bayes over character trigrams and words, French vs English. Cheap (microseconds), and it works
 * on two-word messages where general-purpose detectors fail, because natural's stopword lists, the seed
 * phrases and the knowledge base examples make up its profiles.
 */
export class LanguageDetector {
  private readonly counts: Record<Locale, Map<string, number>> = { fr: new Map(), en: new Map() };
  private readonly totals: Record<Locale, number> = { fr: 0, en: 0 };
  private vocabularySize = 0;

  constructor(samples: Partial<Record<Locale, string[]>> = {}) {
    const frOnly = frenchStopwords.filter((w) => !englishStopwords.includes(w));
    const enOnly = englishStopwords.filter((w) => !frenchStopwords.includes(w));
    this.learn('fr', [...SEED.fr, ...frOnly, ...(samples.fr ?? [])]);
    this.learn('en', [...SEED.en, ...enOnly, ...(samples.en ?? [])]);
    const all = new Set([...this.counts.fr.keys(), ...this.counts.en.keys()]);
    this.vocabularySize = all.size;
  }

  private learn(locale: Locale, texts: string[]): void {
    const counts = this.counts[locale];
    for (const text of texts) {
      for (const f of features(text)) {
        const w = f.startsWith('w:') ? WORD_WEIGHT : 1;
        counts.set(f, (counts.get(f) ?? 0) + w);
        this.totals[locale] += w;
      }
    }
  }

  private logLikelihood(locale: Locale, feats: string[]): number {
    const counts = this.counts[locale];
    const denominator = Math.log(this.totals[locale] + this.vocabularySize);
    let score = 0;
    for (const f of feats) {
      const w = f.startsWith('w:') ? WORD_WEIGHT : 1;
      // Features unknown to both languages say nothing; skipping them keeps "ok 123" neutral.
      if (!this.counts.fr.has(f) && !this.counts.en.has(f)) continue;
      score += w * (Math.log((counts.get(f) ?? 0) + 1) - denominator);
    }
    return score;
  }

  /**
   * The hint (the page's locale) wins when the text gives less than 9:1 odds either way: "ok" or
   * "merci" on an English page are not worth switching languages for, a full sentence is.
   */
  detect(text: string, hint?: Locale): DetectedLanguage {
    const feats = features(text);
    const margin = this.logLikelihood('fr', feats) - this.logLikelihood('en', feats);
    const pFr = 1 / (1 + Math.exp(-margin));
    const locale: Locale = margin >= 0 ? 'fr' : 'en';
    const confidence = Math.max(pFr, 1 - pFr);
    const fallback = hint ?? 'en';
    if (feats.length === 0 || margin === 0) return { locale: fallback, confidence: 0.5, detected: false };
    if (hint && hint !== locale && confidence < 0.9) return { locale: hint, confidence: 1 - confidence, detected: false };
    return { locale, confidence, detected: true };
  }
}
