import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { helpKey, keepHelp, keptHelp, keptHelpFile } from '../src/help/kept-help.js';
import { createLoom, isolatedUser } from './support/cli.js';

const TRACE = fileURLToPath(new URL('./support/trace-imports.mjs', import.meta.url));
const HELLO = fileURLToPath(new URL('../../../examples/plugin-hello', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'loom-kept-help-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `loom <args>` for `user`, with the modules it loaded. */
async function helpRun(user: NodeJS.ProcessEnv, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; modules: string[] }> {
  const trace = join(mkdtempSync(join(temp, 'trace-')), 'modules.txt');
  const result = await createLoom(user)(args, { env: { ...extra, TRACE_IMPORTS_FILE: trace, NODE_OPTIONS: `--import=${TRACE}` } });
  expect(result.code, result.stderr).toBe(0);
  return { stdout: result.stdout, modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
}

const loadsOclif = (modules: string[]) => modules.some((url) => /vendor\.cjs|@oclif|\/dist\/main\.js/.test(url));

describe('the root help kept for the next `loom --help`', () => {
  it('is what oclif rendered, printed again byte for byte for --help and help without loading oclif', async () => {
    const user = isolatedUser();
    const first = await helpRun(user, ['--help']);
    expect(loadsOclif(first.modules)).toBe(true);
    expect(first.stdout).toMatch(/^Loom: .*\n\nVERSION\n/);
    expect(existsSync(keptHelpFile(user.LOOM_CACHE_DIR!))).toBe(true);
    for (const args of [['--help'], ['help']]) {
      const again = await helpRun(user, args);
      expect({ args, early: !loadsOclif(again.modules) }).toEqual({ args, early: true });
      expect(again.stdout).toBe(first.stdout);
    }
  });

  it('is rendered anew by oclif when the width or the colour asked for changes, and kept for that', async () => {
    const user = isolatedUser();
    await helpRun(user, ['--help']);
    for (const extra of [{ OCLIF_COLUMNS: '50' }, { FORCE_COLOR: '1' }]) {
      // A user with no kept help: oclif's own rendering in this environment.
      const fresh = await helpRun(isolatedUser(), ['--help'], extra);
      const changed = await helpRun(user, ['--help'], extra);
      expect({ extra, oclif: loadsOclif(changed.modules) }).toEqual({ extra, oclif: true });
      expect(changed.stdout).toBe(fresh.stdout);
      const kept = await helpRun(user, ['--help'], extra);
      expect({ extra, oclif: loadsOclif(kept.modules) }).toEqual({ extra, oclif: false });
      expect(kept.stdout).toBe(fresh.stdout);
    }
    // The variants did render differently: the kept text is the one for the width asked.
    const [wide, narrow] = await Promise.all([helpRun(user, ['--help']), helpRun(user, ['--help'], { OCLIF_COLUMNS: '50' })]);
    expect(narrow.stdout).not.toBe(wide.stdout);
    expect(narrow.stdout.split('\n').filter((line) => line.startsWith('  ')).every((line) => line.length <= 50)).toBe(true);
  });

  it('is neither kept nor printed while a linked plugin adds commands', async () => {
    const user = isolatedUser();
    await helpRun(user, ['--help']);
    const link = await createLoom(user)(['plugins', 'link', HELLO, '--no-install']);
    expect(link.code, link.stderr).toBe(0);
    rmSync(keptHelpFile(user.LOOM_CACHE_DIR!));
    const withHello = await helpRun(user, ['--help']);
    expect(withHello.stdout).toMatch(/^ {2}hello\b/m);
    expect(existsSync(keptHelpFile(user.LOOM_CACHE_DIR!))).toBe(false);
    expect(loadsOclif((await helpRun(user, ['--help'])).modules)).toBe(true);
  });

  it('is served only while every file it came from has its size and mtime, and a kept file that is a FIFO is none', () => {
    const cache = mkdtempSync(join(temp, 'cache-'));
    const manifest = join(cache, 'manifest.json');
    const absent = join(cache, 'theme.json');
    writeFileSync(manifest, '{"commands":{}}');
    const key = helpKey('1.0.0', { OCLIF_COLUMNS: '70', PATH: '/bin' });
    keepHelp(cache, key, [manifest, absent], 'USAGE\n');
    expect(keptHelp(cache, key)).toBe('USAGE\n');
    // PATH is not read by the help; a colour or width variable is.
    expect(helpKey('1.0.0', { OCLIF_COLUMNS: '70', PATH: '/usr/bin' })).toBe(key);
    expect(helpKey('1.0.0', { OCLIF_COLUMNS: '70', PATH: '/bin', NO_COLOR: '1' })).not.toBe(key);
    expect(keptHelp(cache, helpKey('1.0.1', { OCLIF_COLUMNS: '70', PATH: '/bin' }))).toBeUndefined();
    writeFileSync(absent, '{}');
    expect(keptHelp(cache, key)).toBeUndefined();
    rmSync(absent);
    expect(keptHelp(cache, key)).toBe('USAGE\n');
    writeFileSync(manifest, '{"commands":{"x":{}}}');
    expect(keptHelp(cache, key)).toBeUndefined();
    rmSync(keptHelpFile(cache));
    execFileSync('mkfifo', [keptHelpFile(cache)]);
    expect(keptHelp(cache, key)).toBeUndefined();
  });
});
