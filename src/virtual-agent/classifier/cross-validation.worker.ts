import { workerData } from 'node:worker_threads';
import { runFolds, unpack, WorkerData } from './cross-validation';

// Worker entry for startFoldsInWorker: trains the given folds and flags 1 (done) or 2 (failed).
const data = workerData as WorkerData;
try {
  runFolds(unpack(data.job), data.folds, data.out);
  Atomics.store(data.status, 0, 1);
} catch {
  Atomics.store(data.status, 0, 2);
}
Atomics.notify(data.status, 0);
