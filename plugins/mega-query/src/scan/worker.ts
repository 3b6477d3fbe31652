// A scan worker (pool.ts): judges and measures the texts this thread is sent, with tools built
// from the same recipes as the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import { injectionGuardFrom, secretScannerFrom } from '@loomkit/plugin-security/detectors';
import { structureOf, wordCounts } from '../repomap/facts.js';
import { REPLY_EVERY, type JobBatch, type Reply, type WorkerSetup } from './pool.js';
import { workOn, type FileTools } from './work.js';

const setup = workerData as WorkerSetup;
const tools: FileTools = {
  secrets: secretScannerFrom(setup.secrets),
  injection: injectionGuardFrom(setup.injection),
  facts: setup.facts ? structureOf : undefined,
  words: setup.words ? wordCounts : undefined,
};

// A batch is answered REPLY_EVERY jobs a message: the main thread reads the next files while this one works.
parentPort?.on('message', async (batch: JobBatch) => {
  let replies: Reply[] = [];
  for (const { id, job } of batch) {
    try {
      replies.push({ id, work: await workOn(job, tools) });
    } catch {
      // The main thread does the job again to give the error as it would (a LoomError, not a copy).
      replies.push({ id, error: true });
    }
    if (replies.length === REPLY_EVERY) {
      parentPort?.postMessage(replies);
      replies = [];
    }
  }
  if (replies.length > 0) parentPort?.postMessage(replies);
});
