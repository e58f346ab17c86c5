import { seededRandom, shuffleInPlace } from './softmax-regression';

/** One held-out prediction from cross-validation: what the decision rule needs, nothing more. */
export interface HeldOutPrediction {
  /** Label index of the example, or -1 for an example the agent must not answer (off-topic or near miss). */
  label: number;
  /** Best in-scope intent and the probabilities of the best two in-scope intents. */
  top: number;
  p1: number;
  p2: number;
  /** The "do not answer" classes together (off-topic and near misses, when trained) beat every intent. */
  rejectWins: boolean;
  /** Probability of the "do not answer" classes together (0 when none was trained). */
  pReject?: number;
  /** Best cosine between the example and a training example of the top intent (0 when not measured). */
  similarity?: number;
}

/**
 * Shares of the three signals in the confidence score (they sum to 1): the probability of the best
 * intent, its odds against the "do not answer" classes, and its similarity to the intent's closest example.
 */
export interface ConfidenceBlend {
  probability: number;
  versusReject: number;
  similarity: number;
}

/** The probability alone: the confidence of models calibrated before blends existed. */
export const PROBABILITY_ONLY: ConfidenceBlend = { probability: 1, versusReject: 0, similarity: 0 };

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
  negatives: 'reject_examples' | 'misclassified';
  /** Cross-validated share of in-scope examples answered with a wrong intent at that threshold. */
  wrongAnswerRate: number;
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
 * acceptanceScore); the "versus" part is that mass against the "do not answer" classes alone, m / (m + p_reject),
 * which ignores how the rest is spread over other intents; the similarity part is the cosine to the
 * closest training example of the best intent.
 */
export function confidenceScore(p1: number, p2: number, pReject: number, similarity: number, blend: ConfidenceBlend = PROBABILITY_ONLY): number {
  const mass = acceptanceScore(p1, p2);
  const versus = mass + pReject > 0 ? mass / (mass + pReject) : 0;
  return blend.probability * mass + blend.versusReject * versus + blend.similarity * similarity;
}

/** Blends tried by the calibration: a grid over the simplex, in steps of STEP. */
const STEP = 0.2;

export function candidateBlends(withReject: boolean, withSimilarity: boolean): ConfidenceBlend[] {
  const out: ConfidenceBlend[] = [];
  const steps = Math.round(1 / STEP);
  for (let i = steps; i >= 0; i--) {
    for (let j = steps - i; j >= 0; j--) {
      const k = steps - i - j;
      if ((j > 0 && !withReject) || (k > 0 && !withSimilarity)) continue;
      out.push({ probability: i / steps, versusReject: j / steps, similarity: k / steps });
    }
  }
  return out;
}

interface Sweep {
  objective: number;
  threshold: number;
}

/**
 * What a rejected "do not answer" example is worth against an answered in-scope question. The agent is held
 * to a higher bar on in-scope answers than on rejections: a fallback on a question it can answer costs it
 * more than an answer to one it should not take, so rejections count half. A product weighting, the same
 * for every knowledge base.
 */
export const REJECT_WEIGHT = 0.5;
/**
 * What a wrong answer to an in-scope question costs against a right one: the visitor leaves misinformed and
 * the deflection figure lies, where a fallback offers the help page or a person. One wrong answer undoes one
 * right answer, so a threshold only answers where it is right more than half of the time.
 */
export const WRONG_ANSWER_COST = 1;

/** A held-out prediction as the sweep sees it: its score and what answering it is worth. */
interface Scored {
  score: number;
  gain: number;
}

/**
 * Threshold maximising the total gain of the answered predictions (answering is "score >= threshold").
 * Of the interval of equally good thresholds, the midpoint is taken (the widest margin on both sides).
 */
function sweep(items: Scored[]): Sweep {
  // Sweep thresholds upwards: a threshold just above a score stops answering it.
  const events = [...items].sort((a, b) => a.score - b.score);
  let objective = events.reduce((sum, e) => sum + e.gain, 0);
  let best = objective;
  let bestLow = 0;
  let bestHigh = events.length > 0 ? events[0].score : 1;
  for (let i = 0; i < events.length; i++) {
    objective -= events[i].gain;
    if (i + 1 < events.length && events[i + 1].score === events[i].score) continue;
    const low = events[i].score;
    const high = i + 1 < events.length ? events[i + 1].score : 1;
    if (objective > best + 1e-12) {
      best = objective;
      bestLow = low;
      bestHigh = high;
    }
  }
  return { objective: best, threshold: (bestLow + bestHigh) / 2 };
}

/**
 * Threshold and blend of signals maximising, on held-out predictions, right answers minus
 * WRONG_ANSWER_COST wrong answers (as shares of the in-scope examples) plus REJECT_WEIGHT times the share of
 * "do not answer" examples (off-topic and near misses) rejected: the figures the agent is judged on, whatever
 * the class sizes. Without such examples the misclassified in-scope examples stand in for them. Blends only
 * use the signals the predictions carry.
 */
export function chooseThreshold(predictions: HeldOutPrediction[], folds: number): Calibration {
  const inScope = predictions.filter((p) => p.label >= 0);
  const reject = predictions.filter((p) => p.label < 0);
  const useReject = reject.length > 0;
  const right = (p: HeldOutPrediction) => !p.rejectWins && p.top === p.label;
  const negatives = useReject ? reject : inScope.filter((p) => !right(p));
  const nPos = Math.max(1, inScope.length);
  const nNeg = Math.max(1, negatives.length);
  // What answering is worth; predictions the "do not answer" classes already reject are never answered.
  const gain = (p: HeldOutPrediction): number => {
    if (p.label < 0) return -REJECT_WEIGHT / nNeg;
    if (right(p)) return 1 / nPos;
    return useReject ? -WRONG_ANSWER_COST / nPos : -REJECT_WEIGHT / nNeg;
  };
  const open = predictions.filter((p) => !p.rejectWins);
  const blends = candidateBlends(
    predictions.some((p) => (p.pReject ?? 0) > 0),
    predictions.some((p) => (p.similarity ?? 0) > 0),
  );
  const scorer =
    (blend: ConfidenceBlend) =>
    (p: HeldOutPrediction): number =>
      confidenceScore(p.p1, p.p2, p.pReject ?? 0, p.similarity ?? 0, blend);
  // The first best wins: candidates start with the probability alone, so a blend must do strictly better.
  let chosen = { blend: PROBABILITY_ONLY, threshold: 0, objective: -Infinity };
  for (const blend of blends) {
    const score = scorer(blend);
    const s = sweep(open.map((p) => ({ score: score(p), gain: gain(p) })));
    if (s.objective > chosen.objective + 1e-12) chosen = { blend, ...s };
  }
  const { blend, threshold } = chosen;
  const score = scorer(blend);
  const answered = (p: HeldOutPrediction) => !p.rejectWins && score(p) >= threshold;
  return {
    threshold,
    blend,
    inScopeAccuracy: inScope.filter((p) => right(p) && answered(p)).length / nPos,
    wrongAnswerRate: inScope.filter((p) => !right(p) && answered(p)).length / nPos,
    oosRecall: useReject ? reject.filter((p) => !answered(p)).length / reject.length : null,
    folds,
    negatives: useReject ? 'reject_examples' : 'misclassified',
  };
}
