import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emitEarly } from '../src/early-hooks.js';

// A CLI package of its own: its package.json lists the early hooks, and its node_modules holds
// the plugin packages that export them (each handler appends what it got to a log).
let root: string;
let cli: { cliRoot: URL; cwd: string; dirs: { config: string; data: string; cache: string } };
const log = () => readFileSync(join(root, 'log.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

function plugin(name: string, source: string): void {
  const dir = join(root, 'cli', 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', exports: { './hooks': './hooks.js' } }));
  writeFileSync(join(dir, 'hooks.js'), source);
}

const recording = (plugin: string, event: string) => `
import { appendFileSync } from 'node:fs';
export const plugin = ${JSON.stringify(plugin)};
export const hooks = {
  ${JSON.stringify(event)}: (payload, ctx) => {
    ctx.logger.warn('seen');
    appendFileSync(${JSON.stringify(join(root, 'log.jsonl'))}, JSON.stringify({ plugin, payload, projectRoot: ctx.paths.projectRoot, cacheDir: ctx.paths.cacheDir, dataDir: ctx.paths.dataDir }) + '\\n');
  },
};
`;

function listing(earlyHooks: unknown): void {
  writeFileSync(join(root, 'cli', 'package.json'), JSON.stringify({ name: 'a-cli', earlyHooks }));
}

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-early-hooks-')));
  mkdirSync(join(root, 'project', '.git'), { recursive: true });
  mkdirSync(join(root, 'project', 'src'));
  plugin('plugin-a', recording('a', 'thing:done'));
  plugin('plugin-b', recording('b', 'thing:done'));
  cli = { cliRoot: pathToFileURL(join(root, 'cli', '/')), cwd: join(root, 'project', 'src'), dirs: { config: join(root, 'c'), data: join(root, 'd'), cache: join(root, 'k') } };
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('emitEarly', () => {
  it('runs each listed plugin\'s hook in turn with the payload, the paths a booted kernel gives it, and a logger of its own', async () => {
    listing({ 'thing:done': ['plugin-b/hooks', 'plugin-a/hooks'] });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await emitEarly(cli, 'thing:done', { n: 1 });
    const paths = { projectRoot: join(root, 'project'), cacheDir: cli.dirs.cache, dataDir: cli.dirs.data };
    expect(log()).toEqual([
      { plugin: 'b', payload: { n: 1 }, ...paths },
      { plugin: 'a', payload: { n: 1 }, ...paths },
    ]);
    expect(stderr.mock.calls.map(([line]) => String(line))).toEqual(['warn: [b] seen\n', 'warn: [a] seen\n']);
  });

  it('runs nothing for an event no bundled plugin hooks, and throws for one the CLI does not list', async () => {
    listing({ 'thing:done': [], 'other:event': ['plugin-a/hooks'] });
    await emitEarly(cli, 'thing:done', {});
    await expect(emitEarly(cli, 'thing:started', {})).rejects.toThrow('no early hooks listed for thing:started');
    // Inherited names are not listings.
    await expect(emitEarly(cli, 'constructor', {})).rejects.toThrow('no early hooks listed for constructor');
    // A listed module without a handler for the event fails the answer, rather than skip the hook.
    await expect(emitEarly(cli, 'other:event', {})).rejects.toThrow('plugin-a/hooks has no early hook for other:event');
    expect(() => log()).toThrow();
  });

  it('throws when the CLI lists no early hooks at all, or a listing is not a list', async () => {
    listing(undefined);
    await expect(emitEarly(cli, 'thing:done', {})).rejects.toThrow('no early hooks listed');
    listing({ 'thing:done': 'plugin-a/hooks' });
    await expect(emitEarly(cli, 'thing:done', {})).rejects.toThrow('no early hooks listed');
  });

  it('fails with the hook that fails, after the ones before it ran', async () => {
    plugin('plugin-c', `export const plugin = 'c'; export const hooks = { 'thing:done': async () => { throw new Error('disk full'); } };`);
    listing({ 'thing:done': ['plugin-a/hooks', 'plugin-c/hooks', 'plugin-b/hooks'] });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(emitEarly(cli, 'thing:done', {})).rejects.toThrow('disk full');
    expect(log().map((entry) => entry.plugin)).toEqual(['a']);
  });

  it('needs a plugin name for the logger, and hooks to run', async () => {
    plugin('plugin-d', `export const hooks = { 'thing:done': () => {} };`);
    plugin('plugin-e', `export const plugin = 'e';`);
    for (const specifier of ['plugin-d/hooks', 'plugin-e/hooks']) {
      listing({ 'thing:done': [specifier] });
      await expect(emitEarly(cli, 'thing:done', {})).rejects.toThrow(`${specifier} has no early hook for thing:done`);
    }
  });
});
