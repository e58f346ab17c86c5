import { parentPort, workerData } from 'node:worker_threads';
import { IntentClassifier } from './classifier/intent-classifier';
import { loadKnowledgeBase, toTrainingSets } from './knowledge-base/knowledge-base.loader';

// Worker entry for AgentService: trains on the knowledge base off the main thread and posts the model JSON.
const { path } = workerData as { path: string };
parentPort!.postMessage(IntentClassifier.train(toTrainingSets(loadKnowledgeBase(path))).toJSON());
