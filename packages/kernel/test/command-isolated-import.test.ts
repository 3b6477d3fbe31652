import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedImport } from '../src/command/isolated-import.js';
import { LoomError } from '../src/errors.js';
import { rejection } from './support/loom-errors.js';

let dir: string;
let runs: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loom-isolated-'));
  runs = join(dir, 'runs.log');
  writeFileSync(runs, '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An entry module whose top-level code first notes that it ran (in a probe or on this thread), then does `body`. */
function plugin(name: string, body = ''): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(runs)}, 'x');\n${body}\nexport default { name: ${JSON.stringify(name)} };\n`);
  return pathToFileURL(file).href;
}
const timesRun = () => readFileSync(runs, 'utf8').length;
const roomy = () => AbortSignal.timeout(20_000);

describe('isolatedImport', () => {
  it('probes a module in a worker, imports it here, and remembers it passed: the next load costs no probe', async () => {
    const url = plugin('healthy');
    const cacheFile = join(dir, 'cache', 'probes.json');
    await expect(isolatedImport(url, { plugin: 'healthy', deadline: roomy(), cacheFile })).resolves.toMatchObject({ default: { name: 'healthy' } });
    // Once in the probe, once on this thread.
    expect(timesRun()).toBe(2);
    await isolatedImport(url, { plugin: 'healthy', deadline: roomy(), cacheFile });
    expect(timesRun()).toBe(2);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[url]).toEqual({ stamp: expect.any(String) });
  });

  it('probes again once the entry file changed', async () => {
    const url = plugin('changing');
    const cacheFile = join(dir, 'probes.json');
    await isolatedImport(url, { plugin: 'changing', deadline: roomy(), cacheFile });
    const before = timesRun();
    const file = new URL(url);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    await isolatedImport(url, { plugin: 'changing', deadline: roomy(), cacheFile });
    expect(timesRun()).toBe(before + 1);
  });

  it('probes every time when no verdict can be kept', async () => {
    const url = plugin('uncached');
    await isolatedImport(url, { plugin: 'uncached', deadline: roomy() });
    await isolatedImport(url, { plugin: 'uncached', deadline: roomy() });
    // Two probes, one import here (the module system keeps what it imported).
    expect(timesRun()).toBe(3);
  });

  it('fails a module whose top-level code can never finish, and gives the same error again without a probe until it changes', async () => {
    const url = plugin('stuck', 'await new Promise(() => {});');
    const cacheFile = join(dir, 'probes.json');
    const first = await rejection(isolatedImport(url, { plugin: 'stuck', deadline: roomy(), cacheFile }));
    expect(first).toMatchObject({ code: 'PLUGIN_LOAD_FAILED', message: 'plugin stuck stopped while loading: its top-level code never finishes', hint: expect.stringContaining('stuck') });
    expect(timesRun()).toBe(1);
    const again = await rejection(isolatedImport(url, { plugin: 'stuck', deadline: roomy(), cacheFile }));
    expect(again).toMatchObject({ code: 'PLUGIN_LOAD_FAILED', message: `${first.message} (remembered until the plugin changes)`, hint: first.hint, plugin: 'stuck' });
    expect(timesRun()).toBe(1);
  });

  it('reports process.exit in top-level code with its code, and never imports the module here', async () => {
    const url = plugin('quitter', 'process.exit(4);');
    const error = await rejection(isolatedImport(url, { plugin: 'quitter', deadline: roomy() }));
    expect(error).toMatchObject({ code: 'PLUGIN_EXIT', message: 'plugin quitter called process.exit(4) while loading', plugin: 'quitter' });
    expect(timesRun()).toBe(1);
  });

  it('gives up at the deadline with the deadline’s error, and at once when it has already passed', async () => {
    const late = new LoomError('PLUGIN_TIMEOUT', 'too slow');
    const url = plugin('busy', 'for (;;) {}');
    const controller = new AbortController();
    setTimeout(() => controller.abort(late), 300);
    await expect(isolatedImport(url, { plugin: 'busy', deadline: controller.signal })).rejects.toBe(late);
    const before = timesRun();
    await expect(isolatedImport(plugin('never-probed'), { plugin: 'never-probed', deadline: AbortSignal.abort(late) })).rejects.toBe(late);
    expect(timesRun()).toBe(before);
  });

  it('reads a verdict file that is JSON but no record of verdicts as empty, and writes a good one over it', async () => {
    const cacheFile = join(dir, 'probes.json');
    for (const damaged of ['[]', 'null', '"ok"', '{not json']) {
      const url = plugin(`fresh-${damaged.length}-${damaged.charCodeAt(1)}`);
      writeFileSync(cacheFile, damaged);
      await isolatedImport(url, { plugin: 'fresh', deadline: roomy(), cacheFile });
      expect(JSON.parse(readFileSync(cacheFile, 'utf8')), damaged).toEqual({ [url]: { stamp: expect.any(String) } });
    }
  });
});
