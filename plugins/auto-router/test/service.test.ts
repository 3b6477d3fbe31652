import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { captureOutput } from '@loomkit/testkit';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRouter } from '../src/index.js';
import { modelPath } from '../src/cache/index.js';
import { answer, fastDryRun } from '../src/fast.js';
import { copyOf, environmentOf, firstPartySources, HELLO, sourceAt, tempDir } from './support/installed.js';

describe('the cached model', () => {
  it('is fitted on first use, then read from the cache while nothing changes', async () => {
    const dirs = { cacheDir: tempDir(), dataDir: tempDir() };
    const first = await loadRouter(environmentOf(firstPartySources(), dirs));
    expect(first.fitted).toBe(true);
    const written = statSync(modelPath(dirs.cacheDir)).mtimeMs;
    const second = await loadRouter(environmentOf(firstPartySources(), dirs));
    expect(second.fitted).toBe(false);
    expect(statSync(modelPath(dirs.cacheDir)).mtimeMs).toBe(written);
    expect(second.router.route('export the auth-fix session as markdown')).toEqual(first.router.route('export the auth-fix session as markdown'));
  });

  it('refits after a plugin is installed, and routes to it at once', async () => {
    const dirs = { cacheDir: tempDir(), dataDir: tempDir() };
    const before = await loadRouter(environmentOf(firstPartySources(), dirs));
    expect(before.router.route('say hello to Ada').command).not.toBe('hello');
    // `loom plugins install` records the plugin in the data dir's package.json.
    writeFileSync(join(dirs.dataDir, 'package.json'), JSON.stringify({ oclif: { plugins: [{ name: 'loom-plugin-hello', type: 'user' }] } }));
    const after = await loadRouter(environmentOf([...firstPartySources(), sourceAt(HELLO, false)], dirs));
    expect(after.fitted).toBe(true);
    expect(after.router.route('say hello to Ada').command).toBe('hello');
  });

  it('refits after an upgrade: the same plugin at another version', async () => {
    const hello = copyOf(HELLO);
    const dirs = { cacheDir: tempDir(), dataDir: tempDir() };
    expect((await loadRouter(environmentOf([...firstPartySources(), sourceAt(hello, false)], dirs))).fitted).toBe(true);
    const pjson = JSON.parse(readFileSync(join(hello, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(hello, 'package.json'), JSON.stringify({ ...pjson, version: '1.1.0' }));
    expect((await loadRouter(environmentOf([...firstPartySources(), sourceAt(hello, false)], dirs))).fitted).toBe(true);
  });

  it('answers a dry run without oclif from the cache, and declines when the cache is stale', async () => {
    const home = tempDir();
    const env = { LOOM_CACHE_DIR: join(home, 'cache'), LOOM_DATA_DIR: join(home, 'data') };
    const options = { cwd: process.cwd(), env, bin: 'loom', dirs: { data: env.LOOM_DATA_DIR, cache: env.LOOM_CACHE_DIR }, version: '0.1.0' };
    expect(fastDryRun(['export the auth-fix session as markdown', '--dry-run', '--json'], options)).toBeUndefined();
    const hello = copyOf(HELLO);
    await loadRouter(environmentOf([...firstPartySources(), sourceAt(hello, false)], { cacheDir: env.LOOM_CACHE_DIR, dataDir: env.LOOM_DATA_DIR }));
    const out = fastDryRun(['say', 'hello', 'to', 'Ada', '--dry-run', '--json'], options);
    expect(JSON.parse(out!)).toMatchObject({ command: 'hello', argv: ['Ada'], args: { name: 'Ada' } });
    // The CLI's early answer prints it, except in an active session (which records `auto` as a turn).
    const project = tempDir();
    mkdirSync(join(project, '.git'));
    const ctx = { cliRoot: new URL('file:///nowhere/'), cwd: project, env, dirs: { config: join(home, 'config'), data: env.LOOM_DATA_DIR, cache: env.LOOM_CACHE_DIR }, version: '0.1.0' };
    const printed = captureOutput();
    let answered: boolean | Promise<boolean>;
    try {
      answered = answer(['auto', 'say hello to Ada', '--dry-run', '--json'], ctx);
    } finally {
      printed.restore();
    }
    expect({ answered, command: JSON.parse(printed.stdout()).command }).toEqual({ answered: true, command: 'hello' });
    mkdirSync(join(project, '.loom', 'sessions'), { recursive: true });
    writeFileSync(join(project, '.loom', 'sessions', 'active'), 'abcdefgh\n');
    expect(answer(['auto', 'say hello to Ada', '--dry-run', '--json'], ctx)).toBe(false);
    // Flags it does not know, or no --dry-run, go to the full CLI.
    expect(fastDryRun(['say hello', '--dry-run', '--yes'], options)).toBeUndefined();
    expect(fastDryRun(['say hello'], options)).toBeUndefined();
    const pjson = JSON.parse(readFileSync(join(hello, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(hello, 'package.json'), JSON.stringify({ ...pjson, version: '2.0.0' }));
    expect(fastDryRun(['say hello to Ada', '--dry-run'], options)).toBeUndefined();
  });
});
