import { Locale, removeStopwords, stem, tokenize } from './text-normalizer';
import { TypoCorrector } from './typo-corrector';

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureSpaceJSON {
  locale: Locale;
  features: string[];
  idf: number[];
  words: [string, number][];
}

const CHAR_MIN = 4;
const CHAR_MAX = 4;

/** Feature strings of one text, split in two blocks that are weighted and normalised separately. */
export function extractFeatures(tokens: string[], locale: Locale): { words: string[]; chars: string[] } {
  const stems = tokens.map((t) => stem(t, locale));
  const content = removeStopwords(tokens, locale).map((t) => stem(t, locale));
  const words = content.map((s) => `w:${s}`);
  // Bigrams keep the stopwords: "not working" and "card not" carry meaning the unigrams lose.
  for (let i = 0; i + 1 < stems.length; i++) words.push(`b:${stems[i]} ${stems[i + 1]}`);
  const chars: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
      for (let i = 0; i + n <= padded.length; i++) chars.push(padded.slice(i, i + n));
    }
  }
  return { words, chars };
}

/**
 * TF-IDF space over stemmed word uni/bigrams and character n-grams. Character n-grams make the
 * model tolerant to typos and inflections the stemmer misses; the typo corrector repairs whole words.
 */
export class FeatureSpace {
  private readonly corrector: TypoCorrector;

  private constructor(
    readonly locale: Locale,
    private readonly index: Map<string, number>,
    private readonly idf: Float32Array,
    private readonly wordCounts: Map<string, number>,
  ) {
    this.corrector = new TypoCorrector(wordCounts);
  }

  get size(): number {
    return this.idf.length;
  }

  static fit(texts: string[], locale: Locale): FeatureSpace {
    const df = new Map<string, number>();
    const wordCounts = new Map<string, number>();
    for (const text of texts) {
      const tokens = tokenize(text);
      for (const t of tokens) wordCounts.set(t, (wordCounts.get(t) ?? 0) + 1);
      const { words, chars } = extractFeatures(tokens, locale);
      for (const f of new Set([...words, ...chars.map((c) => `c:${c}`)])) df.set(f, (df.get(f) ?? 0) + 1);
    }
    // A character n-gram seen in a single example is noise more often than signal; words are kept.
    const kept = [...df.entries()].filter(([f, n]) => n >= 2 || !f.startsWith('c:')).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const index = new Map<string, number>();
    const idf = new Float32Array(kept.length);
    const n = texts.length;
    kept.forEach(([f, d], i) => {
      index.set(f, i);
      idf[i] = Math.log((1 + n) / (1 + d)) + 1;
    });
    return new FeatureSpace(locale, index, idf, wordCounts);
  }

  static fromJSON(json: FeatureSpaceJSON): FeatureSpace {
    const index = new Map<string, number>();
    json.features.forEach((f, i) => index.set(f, i));
    return new FeatureSpace(json.locale, index, Float32Array.from(json.idf), new Map(json.words));
  }

  toJSON(): FeatureSpaceJSON {
    const features = new Array<string>(this.index.size);
    for (const [f, i] of this.index) features[i] = f;
    return { locale: this.locale, features, idf: Array.from(this.idf), words: [...this.wordCounts.entries()] };
  }

  /** Tokens with unknown words replaced by their closest known word when one is close enough. */
  correctTokens(tokens: string[]): string[] {
    return tokens.map((t) => this.corrector.correct(t) ?? t);
  }

  vectorize(text: string, correctTypos = true): SparseVector {
    const raw = tokenize(text);
    const tokens = correctTypos ? this.correctTokens(raw) : raw;
    const { words } = extractFeatures(tokens, this.locale);
    // Character n-grams come from what was typed, so a typo the corrector got wrong still half-matches.
    const { chars } = extractFeatures(raw, this.locale);
    const acc = new Map<number, number>();
    this.addBlock(words, '', acc);
    this.addBlock(chars, 'c:', acc);
    const indices = Int32Array.from([...acc.keys()].sort((a, b) => a - b));
    const values = new Float32Array(indices.length);
    indices.forEach((k, i) => (values[i] = acc.get(k) ?? 0));
    return { indices, values };
  }

  private addBlock(features: string[], prefix: string, into: Map<number, number>): void {
    const tf = new Map<number, number>();
    for (const f of features) {
      const i = this.index.get(prefix + f);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    let norm = 0;
    const weighted: [number, number][] = [];
    for (const [i, count] of tf) {
      const w = (1 + Math.log(count)) * this.idf[i];
      weighted.push([i, w]);
      norm += w * w;
    }
    if (norm === 0) return;
    // Each block gets half the squared norm, so the whole vector has unit length.
    const scale = Math.SQRT1_2 / Math.sqrt(norm);
    for (const [i, w] of weighted) into.set(i, w * scale);
  }
}
