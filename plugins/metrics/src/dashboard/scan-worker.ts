import { parentPort, workerData } from 'node:worker_threads';
import { createMetricsService, type MetricsServiceOptions } from '../service.js';

/**
 * A dashboard's first scan, off the thread that serves the page: it brings the scan caches
 * up to date (a cold one reads a whole history) and says how far it is, so the page can
 * paint at once and show it. The server's own scan then starts from those caches.
 */
const service = createMetricsService(workerData as MetricsServiceOptions);
try {
  service.scan('all', (progress) => parentPort!.postMessage({ progress }));
  parentPort!.postMessage({ done: true });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
