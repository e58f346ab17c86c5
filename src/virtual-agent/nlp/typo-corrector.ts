import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';

/** Edits allowed for a word of this length: none for short words, where one edit makes another word. */
export function maxEditsFor(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

function deletions(word: string, depth: number, into: Set<string>): void {
  if (depth === 0 || word.length <= 1) return;
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(d)) {
      into.add(d);
      deletions(d, depth - 1, into);
    }
  }
}

/**
 * Maps unknown words to the closest known word. A symmetric-deletion index (the SymSpell idea) finds
 * candidates in microseconds where scanning the vocabulary with an edit distance would cost ~1 ms.
 */
export class TypoCorrector {
  private readonly index = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly frequencies: ReadonlyMap<string, number>) {
    for (const word of frequencies.keys()) {
      const keys = new Set<string>([word]);
      deletions(word, maxEditsFor(word.length), keys);
      for (const k of keys) {
        const list = this.index.get(k);
        if (list) list.push(word);
        else this.index.set(k, [word]);
      }
    }
  }

  has(word: string): boolean {
    return this.frequencies.has(word);
  }

  /** The known word itself, its best correction, or null when nothing is close enough. */
  correct(word: string): string | null {
    if (this.frequencies.has(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const maxEdits = maxEditsFor(word.length);
    let best: string | null = null;
    if (maxEdits > 0) {
      const keys = new Set<string>([word]);
      deletions(word, maxEdits, keys);
      let bestDistance = Infinity;
      let bestFrequency = -1;
      for (const k of keys) {
        for (const candidate of this.index.get(k) ?? []) {
          if (Math.abs(candidate.length - word.length) > maxEdits) continue;
          const d = DamerauLevenshteinDistance(word, candidate);
          if (d > maxEdits || d > maxEditsFor(candidate.length)) continue;
          const f = this.frequencies.get(candidate) ?? 0;
          // Closest first, then the commoner word, then alphabetical so the result never depends on Map order.
          if (d < bestDistance || (d === bestDistance && (f > bestFrequency || (f === bestFrequency && best !== null && candidate < best)))) {
            best = candidate;
            bestDistance = d;
            bestFrequency = f;
          }
        }
      }
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}
