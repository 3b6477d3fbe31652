// A scan worker (pool.ts): judges and measures the texts this thread is sent, with tools built
// from the same recipes as the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import { injectionGuardFrom, secretScannerFrom } from '@loomkit/plugin-security/detectors';
import { structureOf, wordCounts } from '../repomap/facts.js';
import type { WorkerSetup } from './pool.js';
import { workOn, type FileJob, type FileTools } from './work.js';

const setup = workerData as WorkerSetup;
const tools: FileTools = {
  secrets: secretScannerFrom(setup.secrets),
  injection: injectionGuardFrom(setup.injection),
  facts: setup.facts ? structureOf : undefined,
  words: setup.words ? wordCounts : undefined,
};

parentPort?.on('message', ({ id, job }: { id: number; job: FileJob }) => {
  workOn(job, tools).then(
    (work) => parentPort?.postMessage({ id, work }),
    // The main thread does the job again to give the error as it would (a LoomError, not a copy).
    () => parentPort?.postMessage({ id, error: true }),
  );
});
