import { Calibration, chooseThreshold, ConfidenceBlend, confidenceScore, PROBABILITY_ONLY, stratifiedFolds } from './calibration';
import { createResultBuffer, FoldJob, readPredictions, rejectMass, runFolds, startFoldsInWorker } from './cross-validation';
import { FeatureSpace, FeatureSpaceJSON, SparseVector } from '../nlp/feature-extractor';
import { LanguageDetector } from '../nlp/language-detector';
import { SimilarityIndex, SimilarityIndexJSON } from './similarity-index';
import { SoftmaxRegression, SoftmaxRegressionJSON, SoftmaxTrainOptions } from './softmax-regression';
import { Locale } from '../nlp/text-normalizer';

export const OUT_OF_SCOPE = 'out_of_scope';
export const NEAR_MISS = 'near_miss';

export type ClassificationAction = 'answer' | 'clarify' | 'fallback';

/**
 * Why the agent did not answer: the message reads as off-topic (out_of_scope examples), as a shop question
 * the knowledge base does not answer (near misses), or as nothing it knows well enough.
 */
export const FALLBACK_REASONS = ['low_confidence', 'near_miss', 'off_topic'] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];
/** The classes trained on what must not be answered, in label order after the intents. */
type RejectKind = Exclude<FallbackReason, 'low_confidence'>;

export interface ScoredIntent {
  intent: string;
  confidence: number;
}

export interface Classification {
  locale: Locale;
  /** The best intent when answering or clarifying; null on fallback. */
  intent: string | null;
  confidence: number;
  action: ClassificationAction;
  /** With `fallback`: why. */
  fallbackReason?: FallbackReason;
  /** Best intents first (the two to offer when clarifying). */
  alternatives: ScoredIntent[];
}

/** What one language's model learns from. */
export interface TrainingSet {
  locale: Locale;
  intents: { intent: string; examples: string[] }[];
  /** Off-topic questions the agent must not answer. */
  outOfScope: string[];
  /** Shop questions the knowledge base does not answer, some close to an intent ("not" examples). */
  nearMiss: string[];
}

export interface ClassifierOptions {
  seed?: number;
  /** Passes over the data; default: enough for MIN_UPDATES steps, at least MIN_EPOCHS. */
  epochs?: number;
  learningRate?: number;
  /** L2 strength times the number of examples (so it shrinks as data grows). */
  regularization?: number;
  /** Cross-validation folds for the threshold; default depends on size, see defaultFolds. */
  folds?: number;
}

// Weak L2: the decaying SGD schedule already stops short of overfitting, and sharper probabilities
// separate known from unknown questions better (measured on several held-out intent sets).
const DEFAULTS = { seed: 42, learningRate: 2, regularization: 0.01 };
// SGD needs a minimum number of updates to converge: four passes over a large set, more over a small one.
const MIN_UPDATES = 20_000;
const MIN_EPOCHS = 4;
const MAX_EPOCHS = 50;
const ALTERNATIVES = 3;
/**
 * The runner-up is "as likely" as the best intent from this share of its probability: the question is then
 * one of the two, and the agent asks which (clarify) rather than bet on one.
 */
const CLARIFY_RATIO = 0.5;
// Below this a worker thread costs more to start than it saves.
const PARALLEL_FROM = 3000;

/** Five folds when the set is small and estimates are noisy, three when training time starts to matter. */
export function defaultFolds(examples: number): number {
  return examples <= 5000 ? 5 : 3;
}

export interface LocaleModelJSON {
  locale: Locale;
  labels: string[];
  rejectKinds: RejectKind[];
  calibration: Calibration;
  space: FeatureSpaceJSON;
  model: SoftmaxRegressionJSON;
  /** Training examples for the similarity part of the confidence (absent in older models). */
  examples?: SimilarityIndexJSON;
}

interface Prepared {
  xs: SparseVector[];
  ys: Int32Array;
  labels: string[];
  rejectKinds: RejectKind[];
}

/** Intents take labels 0..K-1; the "do not answer" classes that have examples follow. */
function prepare(set: TrainingSet, space: FeatureSpace): Prepared {
  const classes: { label: string; examples: string[] }[] = [
    ...set.intents.map((i) => ({ label: i.intent, examples: i.examples })),
    ...(set.outOfScope.length > 0 ? [{ label: 'off_topic', examples: set.outOfScope }] : []),
    ...(set.nearMiss.length > 0 ? [{ label: 'near_miss', examples: set.nearMiss }] : []),
  ];
  const xs: SparseVector[] = [];
  const ys: number[] = [];
  classes.forEach((c, label) => {
    for (const e of c.examples) {
      xs.push(space.vectorize(e, false));
      ys.push(label);
    }
  });
  const rejectKinds = classes.slice(set.intents.length).map((c) => c.label as RejectKind);
  return { xs, ys: Int32Array.from(ys), labels: set.intents.map((i) => i.intent), rejectKinds };
}

function trainOptions(options: ClassifierOptions, n: number): SoftmaxTrainOptions {
  const o = { ...DEFAULTS, ...options };
  const epochs = options.epochs ?? Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, Math.ceil(MIN_UPDATES / Math.max(1, n))));
  return { epochs, learningRate: o.learningRate, l2: o.regularization / Math.max(1, n), seed: o.seed };
}

/** The classifier of one language: features, linear model, calibrated threshold. */
export class LocaleIntentModel {
  private readonly buffer: Float64Array;

  private constructor(
    readonly locale: Locale,
    readonly labels: string[],
    readonly rejectKinds: RejectKind[],
    readonly calibration: Calibration,
    private readonly space: FeatureSpace,
    private readonly model: SoftmaxRegression,
    private readonly examples: SimilarityIndex | null,
  ) {
    this.buffer = new Float64Array(model.numClasses);
  }

  static train(set: TrainingSet, options: ClassifierOptions = {}): LocaleIntentModel {
    if (set.intents.length === 0) throw new Error(`No intents to train on for locale ${set.locale}`);
    const texts = [...set.intents.flatMap((i) => i.examples), ...set.outOfScope, ...set.nearMiss];
    const space = FeatureSpace.fit(texts, set.locale);
    const data = prepare(set, space);
    const classes = data.labels.length + data.rejectKinds.length;
    const folds = options.folds ?? defaultFolds(data.xs.length);
    const { calibration, model } = trainAndCalibrate(data, space.size, classes, folds, options);
    // The examples are kept only when the calibration found the similarity worth its weight.
    const examples = (calibration.blend?.similarity ?? 0) > 0 ? SimilarityIndex.build(data.xs, data.ys, space.size) : null;
    return new LocaleIntentModel(set.locale, data.labels, data.rejectKinds, calibration, space, model, examples);
  }

  static fromJSON(json: LocaleModelJSON): LocaleIntentModel {
    const examples = json.examples ? SimilarityIndex.fromJSON(json.examples) : null;
    return new LocaleIntentModel(json.locale, json.labels, json.rejectKinds, json.calibration, FeatureSpace.fromJSON(json.space), SoftmaxRegression.fromJSON(json.model), examples);
  }

  toJSON(): LocaleModelJSON {
    const json: LocaleModelJSON = {
      locale: this.locale,
      labels: this.labels,
      rejectKinds: this.rejectKinds,
      calibration: this.calibration,
      space: this.space.toJSON(),
      model: this.model.toJSON(),
    };
    if (this.examples) json.examples = this.examples.toJSON();
    return json;
  }

  classify(text: string): Classification {
    const x = this.space.vectorize(text);
    const p = this.model.predictProba(x, this.buffer);
    const blend = this.calibration.blend ?? PROBABILITY_ONLY;
    const similarity = this.examples && blend.similarity > 0 ? this.examples.maxSimilarity(x, topIntent(p, this.labels.length)) : 0;
    return decide(p, this.labels, this.rejectKinds, this.calibration.threshold, this.locale, { similarity, blend });
  }
}

function topIntent(p: ArrayLike<number>, intents: number): number {
  let top = 0;
  for (let c = 1; c < intents; c++) if (p[c] > p[top]) top = c;
  return top;
}

/** How close the question is to the best intent's examples, and how the confidence blends its signals. */
export interface ConfidenceEvidence {
  similarity: number;
  blend: ConfidenceBlend;
}

/**
 * Turns probabilities into answer / clarify / fallback with the calibrated threshold. The confidence is the
 * best intent's probability, or with evidence the calibrated blend (see confidenceScore). When the "do not
 * answer" classes together outweigh the best intent, the likelier of them names the fallback's reason.
 */
export function decide(p: ArrayLike<number>, labels: string[], rejectKinds: RejectKind[], threshold: number, locale: Locale, evidence?: ConfidenceEvidence): Classification {
  const order = labels.map((_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  const alternatives = order.slice(0, ALTERNATIVES).map((i) => ({ intent: labels[i], confidence: round(p[i]) }));
  const p1 = p[order[0]];
  const p2 = order.length > 1 ? p[order[1]] : 0;
  const pReject = rejectMass(p, labels.length);
  const similarity = evidence?.similarity ?? 0;
  const blend = evidence?.blend ?? PROBABILITY_ONLY;
  const result = { locale, confidence: round(p1), alternatives };
  if (pReject > p1) {
    let kind = 0;
    for (let r = 1; r < rejectKinds.length; r++) if (p[labels.length + r] > p[labels.length + kind]) kind = r;
    return { ...result, intent: null, action: 'fallback', fallbackReason: rejectKinds[kind] };
  }
  if (p2 >= p1 * CLARIFY_RATIO && confidenceScore(p1, p2, pReject, similarity, blend) >= threshold) {
    return { ...result, intent: labels[order[0]], action: 'clarify', alternatives: alternatives.slice(0, 2) };
  }
  if (confidenceScore(p1, 0, pReject, similarity, blend) >= threshold) return { ...result, intent: labels[order[0]], action: 'answer' };
  return { ...result, intent: null, action: 'fallback', fallbackReason: 'low_confidence' };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The final model on all examples, and the threshold that best serves held-out predictions from k-fold
 * cross-validation (fold models are used for calibration only). On large
 * sets half of the folds run on a second core while this thread trains the rest and the final model.
 */
function trainAndCalibrate(
  data: Prepared,
  numFeatures: number,
  classes: number,
  folds: number,
  options: ClassifierOptions,
): { calibration: Calibration; model: SoftmaxRegression } {
  const fold = stratifiedFolds(data.ys, folds, (options.seed ?? DEFAULTS.seed) + 1);
  const sizes = Array.from({ length: folds }, (_, k) => data.ys.length - fold.filter((f) => f === k).length);
  const job: FoldJob = {
    xs: data.xs,
    ys: data.ys,
    fold,
    numFeatures,
    classes,
    intents: data.labels.length,
    options: sizes.map((n) => trainOptions(options, n)),
  };
  const all = Array.from({ length: folds }, (_, k) => k);
  const parallel = data.xs.length >= PARALLEL_FROM;
  const out = createResultBuffer(data.xs.length, parallel);
  // Balance the two threads: this one trains the final model, each fold goes to the less loaded side.
  const offloaded: number[] = [];
  const kept: number[] = [];
  let mainLoad = data.xs.length;
  let workerLoad = 0;
  for (const k of all) {
    if (workerLoad < mainLoad) {
      offloaded.push(k);
      workerLoad += sizes[k];
    } else {
      kept.push(k);
      mainLoad += sizes[k];
    }
  }
  const worker = parallel ? startFoldsInWorker(job, offloaded, out) : null;
  const model = SoftmaxRegression.train(data.xs, data.ys, numFeatures, classes, trainOptions(options, data.xs.length));
  runFolds(job, worker ? kept : all, out);
  if (worker && !worker.join()) runFolds(job, offloaded, out);
  return { calibration: chooseThreshold(readPredictions(out, data.xs.length), folds), model };
}

export interface IntentClassifierJSON {
  version: 2;
  models: LocaleModelJSON[];
  detectorSamples: Partial<Record<Locale, string[]>>;
}

/** One model per language plus the language detector trained on the same examples. */
export class IntentClassifier {
  private readonly detector: LanguageDetector;

  private constructor(
    private readonly models: Map<Locale, LocaleIntentModel>,
    private readonly detectorSamples: Partial<Record<Locale, string[]>>,
  ) {
    this.detector = new LanguageDetector(detectorSamples);
  }

  static train(sets: TrainingSet[], options: ClassifierOptions = {}): IntentClassifier {
    const models = new Map<Locale, LocaleIntentModel>();
    const samples: Partial<Record<Locale, string[]>> = {};
    for (const set of sets) {
      models.set(set.locale, LocaleIntentModel.train(set, options));
      samples[set.locale] = set.intents.flatMap((i) => i.examples);
    }
    return new IntentClassifier(models, samples);
  }

  static fromJSON(json: IntentClassifierJSON): IntentClassifier {
    if (json.version !== 2) throw new Error(`Unsupported intent model version ${String(json.version)}`);
    return new IntentClassifier(new Map(json.models.map((m) => [m.locale, LocaleIntentModel.fromJSON(m)])), json.detectorSamples);
  }

  toJSON(): IntentClassifierJSON {
    return { version: 2, models: [...this.models.values()].map((m) => m.toJSON()), detectorSamples: this.detectorSamples };
  }

  get locales(): Locale[] {
    return [...this.models.keys()];
  }

  model(locale: Locale): LocaleIntentModel | undefined {
    return this.models.get(locale);
  }

  /** Detects the language (the caller's locale breaks ties), then classifies with that language's model. */
  classify(text: string, locale?: Locale): Classification {
    let target = this.models.size === 1 ? [...this.models.keys()][0] : this.detector.detect(text, locale).locale;
    if (!this.models.has(target)) target = locale && this.models.has(locale) ? locale : [...this.models.keys()][0];
    const model = this.models.get(target);
    if (!model) throw new Error('The intent classifier has no model');
    return model.classify(text);
  }
}
