import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LoomError } from '../errors.js';
import { makeDirectorySync } from '../make-directory.js';

/**
 * A busy loop in a plugin's top-level code blocks the main thread, where no timer can
 * fire: a deadline there cannot work. So a third-party entry module is first imported in
 * a worker thread under the deadline; only a module that finished there is imported on the
 * main thread. The worker's `process.exit` ends only the worker, and is reported. The
 * verdict is remembered by the entry file's size and mtime, so later commands skip the
 * check: a module that passed costs no worker, one that failed costs no second deadline.
 */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const exit = process.exit;
process.exit = (code) => { parentPort.postMessage({ exit: code ?? 0 }); exit(code); };
import(workerData.url).then(() => parentPort.postMessage({ ok: true }), () => parentPort.postMessage({ ok: true }));
`;

export interface IsolatedImportOptions {
  plugin: string;
  /** Aborts, with the error to report, when the kernel stops waiting. */
  deadline: AbortSignal;
  /** A JSON file remembering verdicts; none is kept without it. */
  cacheFile?: string | undefined;
}

/** Imports `url` once its top-level code is known to finish within the deadline. */
export async function isolatedImport(url: string, options: IsolatedImportOptions): Promise<unknown> {
  const stamp = fileStamp(url);
  const verdicts = readVerdicts(options.cacheFile);
  const known = verdicts[url];
  if (stamp === undefined || known?.stamp !== stamp) {
    const failure = await probe(url, options).then(() => undefined, (error: LoomError) => error);
    if (stamp !== undefined && options.cacheFile) {
      const verdict: Verdict = failure ? { stamp, code: failure.code, message: failure.message, hint: failure.hint } : { stamp };
      writeVerdicts(options.cacheFile, { ...verdicts, [url]: verdict });
    }
    if (failure) throw failure;
  } else if (known.code !== undefined) {
    throw new LoomError(known.code, `${known.message ?? ''} (remembered until the plugin changes)`, { hint: known.hint, plugin: options.plugin });
  }
  return import(url);
}

interface Verdict {
  stamp: string;
  /** Set when the module failed its check: the error to give again. */
  code?: string | undefined;
  message?: string | undefined;
  hint?: string | undefined;
}

function probe(url: string, { plugin, deadline }: IsolatedImportOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its output is the plugin's business; the import on the main thread prints it again.
    const worker = new Worker(PROBE, { eval: true, workerData: { url }, stdout: true, stderr: true });
    const expired = () => settle(deadline.reason as LoomError);
    const settle = (error?: LoomError) => {
      deadline.removeEventListener('abort', expired);
      worker.removeAllListeners();
      // Whatever it throws while it is being stopped is no one's concern.
      worker.on('error', () => undefined);
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    if (deadline.aborted) return expired();
    deadline.addEventListener('abort', expired, { once: true });
    worker.on('message', (message: { ok?: true; exit?: number | string }) =>
      settle(message.exit === undefined ? undefined : new LoomError('PLUGIN_EXIT', `plugin ${plugin} called process.exit(${message.exit}) while loading`, {
        hint: `Loom ignored the call and disabled the plugin; report it to the authors of ${plugin}`,
        plugin,
      })),
    );
    // An uncaught error of its own: the import on the main thread reports it.
    worker.on('error', () => settle());
    worker.on('exit', () =>
      settle(new LoomError('PLUGIN_LOAD_FAILED', `plugin ${plugin} stopped while loading: its top-level code never finishes`, {
        hint: `report it to the authors of ${plugin}`,
        plugin,
      })),
    );
  });
}

function fileStamp(url: string): string | undefined {
  try {
    const stats = statSync(fileURLToPath(url));
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function readVerdicts(cacheFile: string | undefined): Record<string, Verdict> {
  if (!cacheFile) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Verdict>) : {};
  } catch {
    return {};
  }
}

function writeVerdicts(cacheFile: string, verdicts: Record<string, Verdict>): void {
  try {
    makeDirectorySync(dirname(cacheFile));
    const temp = join(dirname(cacheFile), `.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(temp, JSON.stringify(verdicts));
    renameSync(temp, cacheFile);
  } catch {
    // A cache that cannot be written costs one probe per command, nothing else.
  }
}
