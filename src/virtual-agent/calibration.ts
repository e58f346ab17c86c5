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
}

export interface Calibration {
  /** Answer when the best intent's probability reaches this. */
  threshold: number;
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
 * Threshold maximising in-scope accuracy + out-of-scope recall on held-out predictions: the two
 * numbers the agent is judged on, weighted equally whatever the class sizes. Without out_of_scope
 * examples the misclassified in-scope examples stand in for "questions we cannot answer". Of the
 * interval of equally good thresholds, the midpoint is taken (the widest margin on both sides).
 */
export function chooseThreshold(predictions: HeldOutPrediction[], folds: number): Calibration {
  const inScope = predictions.filter((p) => p.label >= 0);
  const oos = predictions.filter((p) => p.label < 0);
  const useOos = oos.length > 0;
  const positives = inScope.filter((p) => !p.outOfScopeWins && p.top === p.label);
  const negatives = useOos ? oos : inScope.filter((p) => p.outOfScopeWins || p.top !== p.label);
  // Negatives already rejected by the out_of_scope class are rejected at any threshold.
  const negativeScores = negatives.filter((p) => !p.outOfScopeWins).map((p) => acceptanceScore(p.p1, p.p2));
  const positiveScores = positives.map((p) => acceptanceScore(p.p1, p.p2));
  const nPos = Math.max(1, inScope.length);
  const nNeg = Math.max(1, negatives.length);
  const alreadyRejected = negatives.length - negativeScores.length;

  // Sweep thresholds upwards: events are (score, isPositive); a threshold just above a score rejects it.
  const events = [...positiveScores.map((s) => [s, 1] as const), ...negativeScores.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let accepted = positiveScores.length;
  let rejected = alreadyRejected;
  let best = accepted / nPos + (negatives.length > 0 ? rejected / nNeg : 0);
  let bestLow = 0;
  let bestHigh = events.length > 0 ? events[0][0] : 1;
  for (let i = 0; i < events.length; i++) {
    if (events[i][1] === 1) accepted--;
    else rejected++;
    if (i + 1 < events.length && events[i + 1][0] === events[i][0]) continue;
    const objective = accepted / nPos + (negatives.length > 0 ? rejected / nNeg : 0);
    const low = events[i][0];
    const high = i + 1 < events.length ? events[i + 1][0] : 1;
    if (objective > best + 1e-12) {
      best = objective;
      bestLow = low;
      bestHigh = high;
    }
  }
  const threshold = (bestLow + bestHigh) / 2;
  const answeredRight = positiveScores.filter((s) => s >= threshold).length;
  const oosRejected = oos.filter((p) => p.outOfScopeWins || acceptanceScore(p.p1, p.p2) < threshold).length;
  return {
    threshold,
    inScopeAccuracy: answeredRight / nPos,
    oosRecall: useOos ? oosRejected / oos.length : null,
    folds,
    negatives: useOos ? 'out_of_scope' : 'misclassified',
  };
}
