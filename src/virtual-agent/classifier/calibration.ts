import { seededRandom, shuffleInPlace } from './softmax-regression';

/** One held-out prediction from cross-validation: what the decision rule needs, nothing more. */
export interface HeldOutPrediction {
  /** Label index of the example, or -1 for an out_of_scope example. */
  label: number;
  /** Best in-scope intent and the probabilities of the best two in-scope intents. */
  top: number;
  p1: number;
  p2: number;
  /** The out_of_scope class (when trained) beat every intent. */
  outOfScopeWins: boolean;
  /** Probability of the out_of_scope class (0 when not trained). */
  pOutOfScope?: number;
  /** Best cosine between the example and a training example of the top intent (0 when not measured). */
  similarity?: number;
}

/**
 * Shares of the three signals in the confidence score (they sum to 1): the probability of the best
 * intent, its odds against the out_of_scope class, and its similarity to the intent's closest example.
 */
export interface ConfidenceBlend {
  probability: number;
  versusOutOfScope: number;
  similarity: number;
}

/** The probability alone: the confidence of models calibrated before blends existed. */
export const PROBABILITY_ONLY: ConfidenceBlend = { probability: 1, versusOutOfScope: 0, similarity: 0 };

export interface Calibration {
  /** Answer when the confidence score (see confidenceScore) reaches this. */
  threshold: number;
  /** How the confidence score blends its signals, chosen by cross-validation; absent means probability only. */
  blend?: ConfidenceBlend;
  /** Cross-validated figures at that threshold, for logs and the eval report. */
  inScopeAccuracy: number;
  oosRecall: number | null;
  folds: number;
  /** Which examples stood for "should not be answered" when choosing the threshold. */
  negatives: 'out_of_scope' | 'misclassified';
}

/**
 * Score that the threshold is compared with. When the runner-up is at least half as likely as the best
 * intent, the question is "one of these two" and the pair's mass counts: that is the clarify case.
 */
export function acceptanceScore(p1: number, p2: number): number {
  return p2 >= p1 / 2 ? p1 + p2 : p1;
}

/** Fold of each example, stratified by label so every intent is spread over the folds. */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Int32Array {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byLabel.get(labels[i]) ?? [];
    list.push(i);
    byLabel.set(labels[i], list);
  }
  const random = seededRandom(seed);
  const out = new Int32Array(labels.length);
  let offset = 0;
  for (const key of [...byLabel.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(byLabel.get(key) ?? [], random);
    // Rotating the starting fold keeps folds equal in size when many intents have few examples.
    members.forEach((idx, j) => (out[idx] = (offset + j) % folds));
    offset = (offset + members.length) % folds;
  }
  return out;
}

/**
 * The score compared with the threshold. The probability part is the pair mass when clarifying (see
 * acceptanceScore); the out-of-scope part is that mass against the out_of_scope class alone, m / (m + p_oos),
 * which ignores how the rest is spread over other intents; the similarity part is the cosine to the
 * closest training example of the best intent.
 */
export function confidenceScore(p1: number, p2: number, pOutOfScope: number, similarity: number, blend: ConfidenceBlend = PROBABILITY_ONLY): number {
  const mass = acceptanceScore(p1, p2);
  const versus = mass + pOutOfScope > 0 ? mass / (mass + pOutOfScope) : 0;
  return blend.probability * mass + blend.versusOutOfScope * versus + blend.similarity * similarity;
}

/** Blends tried by the calibration: a grid over the simplex, in steps of STEP. */
const STEP = 0.2;

export function candidateBlends(withOutOfScope: boolean, withSimilarity: boolean): ConfidenceBlend[] {
  const out: ConfidenceBlend[] = [];
  const steps = Math.round(1 / STEP);
  for (let i = steps; i >= 0; i--) {
    for (let j = steps - i; j >= 0; j--) {
      const k = steps - i - j;
      if ((j > 0 && !withOutOfScope) || (k > 0 && !withSimilarity)) continue;
      out.push({ probability: i / steps, versusOutOfScope: j / steps, similarity: k / steps });
    }
  }
  return out;
}

interface Sweep {
  objective: number;
  threshold: number;
}

/**
 * What a rejected negative is worth against an answered positive. The agent is held to a higher bar on
 * in-scope accuracy than on out-of-scope recall (0.90-0.92 against 0.60-0.80): a fallback on a question
 * it can answer costs it more than an answer to one it should not take, so recall counts half. A product
 * weighting, the same for every knowledge base.
 */
export const OUT_OF_SCOPE_RECALL_WEIGHT = 0.5;

/**
 * Threshold maximising accepted positives / nPos + OUT_OF_SCOPE_RECALL_WEIGHT * rejected negatives / nNeg.
 * Of the interval of equally good thresholds, the midpoint is taken (the widest margin on both sides).
 */
function sweep(positiveScores: number[], negativeScores: number[], nPos: number, nNeg: number, alreadyRejected: number): Sweep {
  // Sweep thresholds upwards: events are (score, isPositive); a threshold just above a score rejects it.
  const events = [...positiveScores.map((s) => [s, 1] as const), ...negativeScores.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  const hasNegatives = negativeScores.length + alreadyRejected > 0;
  let accepted = positiveScores.length;
  let rejected = alreadyRejected;
  let best = accepted / nPos + (hasNegatives ? (OUT_OF_SCOPE_RECALL_WEIGHT * rejected) / nNeg : 0);
  let bestLow = 0;
  let bestHigh = events.length > 0 ? events[0][0] : 1;
  for (let i = 0; i < events.length; i++) {
    if (events[i][1] === 1) accepted--;
    else rejected++;
    if (i + 1 < events.length && events[i + 1][0] === events[i][0]) continue;
    const objective = accepted / nPos + (hasNegatives ? (OUT_OF_SCOPE_RECALL_WEIGHT * rejected) / nNeg : 0);
    const low = events[i][0];
    const high = i + 1 < events.length ? events[i + 1][0] : 1;
    if (objective > best + 1e-12) {
      best = objective;
      bestLow = low;
      bestHigh = high;
    }
  }
  return { objective: best, threshold: (bestLow + bestHigh) / 2 };
}

/**
 * Threshold and blend of signals maximising in-scope accuracy + OUT_OF_SCOPE_RECALL_WEIGHT * out-of-scope
 * recall on held-out predictions: the two numbers the agent is judged on, whatever the class sizes.
 * Without out_of_scope examples the misclassified in-scope examples stand in for "questions we cannot
 * answer". Blends only use the signals the predictions carry.
 */
export function chooseThreshold(predictions: HeldOutPrediction[], folds: number): Calibration {
  const inScope = predictions.filter((p) => p.label >= 0);
  const oos = predictions.filter((p) => p.label < 0);
  const useOos = oos.length > 0;
  const positives = inScope.filter((p) => !p.outOfScopeWins && p.top === p.label);
  const negatives = useOos ? oos : inScope.filter((p) => p.outOfScopeWins || p.top !== p.label);
  // Negatives already rejected by the out_of_scope class are rejected at any threshold.
  const open = negatives.filter((p) => !p.outOfScopeWins);
  const nPos = Math.max(1, inScope.length);
  const nNeg = Math.max(1, negatives.length);
  const alreadyRejected = negatives.length - open.length;
  const blends = candidateBlends(
    predictions.some((p) => (p.pOutOfScope ?? 0) > 0),
    predictions.some((p) => (p.similarity ?? 0) > 0),
  );
  const scorer = (blend: ConfidenceBlend) => (p: HeldOutPrediction): number => confidenceScore(p.p1, p.p2, p.pOutOfScope ?? 0, p.similarity ?? 0, blend);
  // The first best wins: candidates start with the probability alone, so a blend must do strictly better.
  let chosen = { blend: PROBABILITY_ONLY, threshold: 0, objective: -Infinity };
  for (const blend of blends) {
    const score = scorer(blend);
    const s = sweep(positives.map(score), open.map(score), nPos, nNeg, alreadyRejected);
    if (s.objective > chosen.objective + 1e-12) chosen = { blend, ...s };
  }
  const { blend, threshold } = chosen;
  const score = scorer(blend);
  const answeredRight = positives.filter((p) => score(p) >= threshold).length;
  const oosRejected = oos.filter((p) => p.outOfScopeWins || score(p) < threshold).length;
  return {
    threshold,
    blend,
    inScopeAccuracy: answeredRight / nPos,
    oosRecall: useOos ? oosRejected / oos.length : null,
    folds,
    negatives: useOos ? 'out_of_scope' : 'misclassified',
  };
}
