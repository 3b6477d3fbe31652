// `loom mcp serve` on stdio, started before oclif loads: bin/run.js imports this file (a
// bundle: the SDK's server parts and this code in one module) first. It answers initialize,
// and tools/list from the tool table cached on disk when that still matches what is
// installed; then oclif runs `mcp serve` as usual, whose kernel it hands its handlers
// (server/handoff.ts). Calls wait for them; tools/list too when there was no current table.
import type { EarlyAnswer } from '@loomkit/kernel';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { publishEarly } from '../server/handoff.js';
import { newServer, register, type Handlers, type ListedTool } from '../server/register.js';
import { serveOnStdio } from '../server/stdio.js';
import { readTable, tablePath, writeTable } from '../table/index.js';

/** Longest the kernel's boot waits for the client's tools/list (a client that idles after initialize). */
const WAIT_MS = 1_000;

/**
 * Starts the server when `argv` is `mcp serve` with at most `--project DIR` (made absolute
 * in `argv`, as this changes the working directory before oclif sees it); anything else
 * (`--http`, `--set` …) is left to the ordinary path. Resolves true once it listens.
 */
export async function serveEarly(argv: string[], cliRoot: URL): Promise<boolean> {
  if (argv[0] !== 'mcp' || argv[1] !== 'serve' || !takeProject(argv)) return false;
  const since = Date.now();
  const { version, oclif } = JSON.parse(readFileSync(new URL('package.json', cliRoot), 'utf8')) as { version: string; oclif?: { bin?: string } };
  const file = tablePath(cacheDirOf(oclif?.bin ?? 'loom', process.env), process.cwd());
  let tools: ListedTool[] | undefined = readTable(file, process.env)?.tools;
  let attached: (handlers: Handlers) => void = () => undefined;
  const handlers = new Promise<Handlers>((resolve) => (attached = resolve));

  // Loading oclif and booting the kernel keep this thread busy for a while: with a table,
  // they start once tools/list is answered (or a request needs them, or after WAIT_MS).
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const kernel = () => {
    release();
    return handlers;
  };
  const server = newServer(version);
  register(server, kernel, async () => {
    if (!tools) return (await kernel()).tools();
    setImmediate(release);
    return tools;
  });
  const { closed } = await serveOnStdio(server);
  publishEarly({
    async attach(ready, inputs, signal) {
      signal.addEventListener('abort', () => void server.close(), { once: true });
      attached(ready);
      const fresh = ready.tools();
      const changed = tools !== undefined && JSON.stringify(tools) !== JSON.stringify(fresh);
      const stale = tools === undefined || changed;
      tools = fresh;
      // Answered from a table the kernel disagrees with (a plugin failed to set up, say): say so.
      if (changed) void server.sendToolListChanged().catch(() => undefined);
      if (stale) writeTable(file, { version, tools: fresh }, inputs, process.env, since);
      await closed;
    },
    close: () => void server.close(),
  });
  if (tools) await Promise.race([released, closed, new Promise((resolve) => setTimeout(resolve, WAIT_MS).unref())]);
  return true;
}

/** Whether the words after `mcp serve` are at most `--project DIR`; if so, changes to DIR. */
function takeProject(argv: string[]): boolean {
  const rest = argv.slice(2);
  let dir: string | undefined;
  if (rest.length === 1 && rest[0]!.startsWith('--project=')) dir = rest[0]!.slice('--project='.length);
  else if (rest.length === 2 && rest[0] === '--project') dir = rest[1];
  else if (rest.length > 0) return false;
  if (dir === undefined) return true;
  const absolute = resolve(dir);
  try {
    process.chdir(absolute);
  } catch {
    // oclif's path says why, as one line.
    return false;
  }
  argv.splice(2, rest.length, '--project', absolute);
  return true;
}

/** oclif's cache dir (its rule on Linux and macOS; elsewhere the LOOM_CACHE_DIR override, else no table is found). */
function cacheDirOf(bin: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? homedir();
  const override = env[`${bin.toUpperCase().replace(/-/g, '_')}_CACHE_DIR`];
  if (override) return override;
  return process.platform === 'darwin' ? join(home, 'Library', 'Caches', bin) : join(env.XDG_CACHE_HOME ?? join(home, '.cache'), bin);
}

/** The CLI's early answer for `loom mcp serve` (see `EarlyAnswer`): starts serving, then lets oclif run the command, which takes the server over. */
export const answer: EarlyAnswer = async (argv, ctx) => {
  await serveEarly(argv, ctx.cliRoot).catch(() => false);
  return false;
};
