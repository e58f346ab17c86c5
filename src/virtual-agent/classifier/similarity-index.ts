import { SparseVector } from '../nlp/feature-extractor';

export interface SimilarityIndexJSON {
  numFeatures: number;
  /** Label of each stored example. */
  labels: number[];
  /** Base64 of the packed sparse rows: offsets (Int32), indices (Int32), values (Float32). */
  offsets: string;
  indices: string;
  values: string;
}

const toBase64 = (a: Int32Array | Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64<T extends Int32Array | Float32Array>(s: string, Type: { new (b: ArrayBuffer): T }): T {
  const buffer = Buffer.from(s, 'base64');
  return new Type(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
}

/**
 * The training examples of each label, to measure how close a question is to what an intent was taught
 * with (the best cosine to one of its examples). Softmax probabilities say which intent wins; this says
 * whether the question looks like anything the intent has seen, which separates unknown questions better.
 */
export class SimilarityIndex {
  private readonly dense: Float32Array;
  private readonly members: Int32Array[];

  private constructor(
    readonly numFeatures: number,
    private readonly labels: Int32Array,
    private readonly offsets: Int32Array,
    private readonly indices: Int32Array,
    private readonly values: Float32Array,
  ) {
    this.dense = new Float32Array(numFeatures);
    const byLabel = new Map<number, number[]>();
    labels.forEach((l, i) => {
      const list = byLabel.get(l);
      if (list) list.push(i);
      else byLabel.set(l, [i]);
    });
    const max = labels.reduce((m, l) => Math.max(m, l), -1);
    this.members = Array.from({ length: max + 1 }, (_, l) => Int32Array.from(byLabel.get(l) ?? []));
  }

  static build(xs: SparseVector[], ys: ArrayLike<number>, numFeatures: number): SimilarityIndex {
    const offsets = new Int32Array(xs.length + 1);
    xs.forEach((x, i) => (offsets[i + 1] = offsets[i] + x.indices.length));
    const indices = new Int32Array(offsets[xs.length]);
    const values = new Float32Array(offsets[xs.length]);
    xs.forEach((x, i) => {
      indices.set(x.indices, offsets[i]);
      values.set(x.values, offsets[i]);
    });
    return new SimilarityIndex(numFeatures, Int32Array.from(ys), offsets, indices, values);
  }

  static fromJSON(json: SimilarityIndexJSON): SimilarityIndex {
    return new SimilarityIndex(
      json.numFeatures,
      Int32Array.from(json.labels),
      fromBase64(json.offsets, Int32Array),
      fromBase64(json.indices, Int32Array),
      fromBase64(json.values, Float32Array),
    );
  }

  toJSON(): SimilarityIndexJSON {
    return { numFeatures: this.numFeatures, labels: Array.from(this.labels), offsets: toBase64(this.offsets), indices: toBase64(this.indices), values: toBase64(this.values) };
  }

  /** Highest cosine between x and an example of the label (vectors are unit length), 0 without examples. */
  maxSimilarity(x: SparseVector, label: number): number {
    const members = this.members[label];
    if (!members || members.length === 0) return 0;
    const dense = this.dense;
    for (let k = 0; k < x.indices.length; k++) dense[x.indices[k]] = x.values[k];
    let best = 0;
    for (let m = 0; m < members.length; m++) {
      const e = members[m];
      let dot = 0;
      for (let k = this.offsets[e]; k < this.offsets[e + 1]; k++) dot += this.values[k] * dense[this.indices[k]];
      if (dot > best) best = dot;
    }
    for (let k = 0; k < x.indices.length; k++) dense[x.indices[k]] = 0;
    return best;
  }
}
