import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HeldOutPrediction } from './calibration';
import { SparseVector } from '../nlp/feature-extractor';
import { SimilarityIndex } from './similarity-index';
import { SoftmaxRegression, SoftmaxTrainOptions } from './softmax-regression';

/** Everything a fold needs; plain data so it can cross to a worker thread. */
export interface FoldJob {
  xs: SparseVector[];
  ys: Int32Array;
  fold: Int32Array;
  numFeatures: number;
  classes: number;
  /** Number of real intents; labels from `intents` to `classes - 1` are the "do not answer" classes. */
  intents: number;
  /** Training options of each fold (they depend on the fold's size). */
  options: SoftmaxTrainOptions[];
}

const FIELDS = 7;

/** Probability of the classes after the intents: the "do not answer" classes together. */
export function rejectMass(p: ArrayLike<number>, intents: number): number {
  let sum = 0;
  for (let c = intents; c < p.length; c++) sum += p[c];
  return sum;
}

/**
 * Trains on all folds but k and predicts fold k, for each k given; results go to out[i * FIELDS ...]:
 * label, top intent, its probability, the runner-up's, whether the "do not answer" classes won, their
 * probability, and the similarity to the closest training example of the top intent.
 */
export function runFolds(job: FoldJob, folds: number[], out: Float64Array): void {
  const p = new Float64Array(job.classes);
  for (const k of folds) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < job.xs.length; i++) (job.fold[i] === k ? testIdx : trainIdx).push(i);
    if (testIdx.length === 0 || trainIdx.length === 0) continue;
    const trainXs = trainIdx.map((i) => job.xs[i]);
    const trainYs = trainIdx.map((i) => job.ys[i]);
    const model = SoftmaxRegression.train(trainXs, trainYs, job.numFeatures, job.classes, job.options[k]);
    const index = SimilarityIndex.build(trainXs, trainYs, job.numFeatures);
    for (const i of testIdx) {
      model.predictProba(job.xs[i], p);
      let top = 0;
      let second = -1;
      for (let c = 1; c < job.intents; c++) {
        if (p[c] > p[top]) {
          second = top;
          top = c;
        } else if (second < 0 || p[c] > p[second]) second = c;
      }
      const pReject = rejectMass(p, job.intents);
      out.set(
        [job.ys[i] < job.intents ? job.ys[i] : -1, top, p[top], second >= 0 ? p[second] : 0, pReject > p[top] ? 1 : 0, pReject, index.maxSimilarity(job.xs[i], top)],
        i * FIELDS,
      );
    }
  }
}

export function readPredictions(out: Float64Array, n: number): HeldOutPrediction[] {
  const predictions: HeldOutPrediction[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * FIELDS;
    if (Number.isNaN(out[o])) continue;
    predictions.push({ label: out[o], top: out[o + 1], p1: out[o + 2], p2: out[o + 3], rejectWins: out[o + 4] === 1, pReject: out[o + 5], similarity: out[o + 6] });
  }
  return predictions;
}

export function createResultBuffer(n: number, shared: boolean): Float64Array {
  const out = new Float64Array(shared ? new SharedArrayBuffer(n * FIELDS * 8) : new ArrayBuffer(n * FIELDS * 8));
  return out.fill(NaN);
}

interface PackedJob {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  ys: Int32Array;
  fold: Int32Array;
  numFeatures: number;
  classes: number;
  intents: number;
  options: SoftmaxTrainOptions[];
}

export interface WorkerData {
  job: PackedJob;
  folds: number[];
  out: Float64Array;
  status: Int32Array;
}

function pack(job: FoldJob): PackedJob {
  const offsets = new Int32Array(job.xs.length + 1);
  job.xs.forEach((x, i) => (offsets[i + 1] = offsets[i] + x.indices.length));
  const indices = new Int32Array(offsets[job.xs.length]);
  const values = new Float32Array(offsets[job.xs.length]);
  job.xs.forEach((x, i) => {
    indices.set(x.indices, offsets[i]);
    values.set(x.values, offsets[i]);
  });
  return { offsets, indices, values, ys: job.ys, fold: job.fold, numFeatures: job.numFeatures, classes: job.classes, intents: job.intents, options: job.options };
}

export function unpack(job: PackedJob): FoldJob {
  const xs: SparseVector[] = [];
  for (let i = 0; i + 1 < job.offsets.length; i++) {
    xs.push({ indices: job.indices.subarray(job.offsets[i], job.offsets[i + 1]), values: job.values.subarray(job.offsets[i], job.offsets[i + 1]) });
  }
  return { ...job, xs };
}

export interface FoldsInWorker {
  /** Blocks until the worker is done; false if it failed (the caller then runs its folds itself). */
  join(): boolean;
}

/**
 * Runs some folds on a second core. The model API stays synchronous: results land in shared memory
 * and join() waits on an Atomics flag. Only from compiled JavaScript (a worker cannot load .ts).
 */
export function startFoldsInWorker(job: FoldJob, folds: number[], out: Float64Array): FoldsInWorker | null {
  const script = join(__dirname, 'cross-validation.worker.js');
  if (!__filename.endsWith('.js') || !existsSync(script) || !(out.buffer instanceof SharedArrayBuffer)) return null;
  const status = new Int32Array(new SharedArrayBuffer(4));
  const data: WorkerData = { job: pack(job), folds, out, status };
  const worker = new Worker(script, { workerData: data });
  worker.on('error', () => {
    Atomics.store(status, 0, 2);
    Atomics.notify(status, 0);
  });
  worker.unref();
  return {
    join(): boolean {
      while (Atomics.load(status, 0) === 0) Atomics.wait(status, 0, 0, 1000);
      void worker.terminate();
      return Atomics.load(status, 0) === 1;
    },
  };
}
