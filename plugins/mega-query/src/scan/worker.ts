// A scan worker (pool.ts): judges and measures the texts it is sent, or reads the files it is
// named, with tools built from the same recipes as the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import { injectionGuardFrom, secretScannerFrom } from '@loomkit/plugin-security/detectors';
import { structureOf, wordCounts } from '../repomap/facts.js';
import { doJob, type JobBatch, type Reply, type WorkerSetup } from './pool.js';
import type { FileTools } from './work.js';

const setup = workerData as WorkerSetup;
const tools: FileTools = {
  secrets: secretScannerFrom(setup.secrets),
  injection: injectionGuardFrom(setup.injection),
  facts: setup.facts ? structureOf : undefined,
  words: setup.words ? wordCounts : undefined,
};

/**
 * Answers go back a few at a time: one message a file would wake the main thread once a file, one
 * a batch would leave this thread idle while the main one hands out the next batch.
 */
const ANSWERS_AT_ONCE = 4;

parentPort?.on('message', async (batch: JobBatch) => {
  let replies: Reply[] = [];
  for (const { id, job } of batch) {
    try {
      replies.push({ id, work: await doJob(job, tools) });
    } catch {
      // The main thread does the job again to give the error as it would (a LoomError, not a copy).
      replies.push({ id, error: true });
    }
    if (replies.length === ANSWERS_AT_ONCE) {
      parentPort?.postMessage(replies);
      replies = [];
    }
  }
  if (replies.length > 0) parentPort?.postMessage(replies);
});
