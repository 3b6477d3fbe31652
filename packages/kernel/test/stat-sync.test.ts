import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Module resolution is Node's own only outside vitest's runner, so each case runs in a
// child node on the built module (the suite's build step precedes the tests).
const built = join(dirname(fileURLToPath(import.meta.url)), '../dist/stat-sync.js');

/** pnpm's layout in small: app/node_modules/<dep> links to store/<dep>. */
function linkedPackages(): { app: string; store: string; fifo: string } {
  const root = mkdtempSync(join(tmpdir(), 'loom-stat-'));
  const app = join(root, 'app');
  const store = join(root, 'store');
  for (const dep of ['first', 'second']) {
    mkdirSync(join(store, dep), { recursive: true });
    writeFileSync(join(store, dep, 'package.json'), JSON.stringify({ name: dep, type: 'module', main: 'index.js' }));
    writeFileSync(join(store, dep, 'index.js'), 'export const url = import.meta.url;\n');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(join(store, dep), join(app, 'node_modules', dep));
  }
  const fifo = join(root, 'pipe');
  execFileSync('mkfifo', [fifo]);
  return { app, store, fifo };
}

/** Imports `first`, stats the FIFO with `call`, then imports `second`: the URL it loaded from. */
function secondModuleUrl(call: string): string {
  const { app, fifo } = linkedPackages();
  const script = `
    import * as fs from 'node:fs';
    import * as safe from ${JSON.stringify(pathToFileURL(built).href)};
    await import('first');
    (${call})(${JSON.stringify(fifo)});
    process.stdout.write((await import('second')).url);`;
  writeFileSync(join(app, 'main.mjs'), script);
  return execFileSync(process.execPath, [join(app, 'main.mjs')], { encoding: 'utf8' });
}

describe('stat of a FIFO and module resolution', () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm build first`);
  });

  it('after statSyncSafe / lstatSyncSafe of a FIFO, the next import still resolves to the real path', () => {
    expect(secondModuleUrl('safe.statSyncSafe')).toContain('/store/second/index.js');
    expect(secondModuleUrl('safe.lstatSyncSafe')).toContain('/store/second/index.js');
  });

  it('fstatSyncSafe on an open FIFO leaves it working too', () => {
    expect(secondModuleUrl('(p) => { const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK); try { return safe.fstatSyncSafe(fd).isFIFO(); } finally { fs.closeSync(fd); } }')).toContain('/store/second/index.js');
  });

  it('the plain fs.statSync is what breaks it on this Node (why the safe variants exist)', () => {
    expect(secondModuleUrl('fs.statSync')).toContain('/app/node_modules/second/index.js');
  });

  it('returns the stats themselves', () => {
    const { fifo } = linkedPackages();
    return import('../src/stat-sync.js').then(({ statSyncSafe, lstatSyncSafe }) => {
      expect(statSyncSafe(fifo).isFIFO()).toBe(true);
      expect(lstatSyncSafe(fifo).isFIFO()).toBe(true);
      expect(statSyncSafe(tmpdir()).isDirectory()).toBe(true);
    });
  });
});
