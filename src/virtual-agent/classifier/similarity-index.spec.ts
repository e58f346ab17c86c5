import { SparseVector } from '../nlp/feature-extractor';
import { SimilarityIndex } from './similarity-index';

const v = (entries: [number, number][]): SparseVector => {
  const norm = Math.sqrt(entries.reduce((s, [, x]) => s + x * x, 0));
  return { indices: Int32Array.from(entries.map(([i]) => i)), values: Float32Array.from(entries.map(([, x]) => x / norm)) };
};

describe('SimilarityIndex', () => {
  const xs = [
    v([[0, 1]]),
    v([
      [0, 1],
      [1, 1],
    ]),
    v([[2, 1]]),
    v([
      [3, 1],
      [4, 1],
    ]),
  ];
  const index = SimilarityIndex.build(xs, [0, 0, 1, 2], 5);

  it('gives the best cosine to an example of the label', () => {
    expect(index.maxSimilarity(v([[0, 1]]), 0)).toBeCloseTo(1, 6);
    expect(index.maxSimilarity(v([[1, 1]]), 0)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(index.maxSimilarity(v([[0, 1]]), 1)).toBe(0);
    expect(index.maxSimilarity(v([[4, 1]]), 2)).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('answers 0 for a label without examples and leaves no state between calls', () => {
    expect(index.maxSimilarity(v([[0, 1]]), 7)).toBe(0);
    index.maxSimilarity(v([[2, 1]]), 0);
    expect(index.maxSimilarity(v([[3, 1]]), 1)).toBe(0);
  });

  it('survives serialisation', () => {
    const restored = SimilarityIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    for (const [x, label] of [
      [v([[1, 1]]), 0],
      [
        v([
          [3, 2],
          [4, 1],
        ]),
        2,
      ],
    ] as const)
      expect(restored.maxSimilarity(x, label)).toBe(index.maxSimilarity(x, label));
  });
});
