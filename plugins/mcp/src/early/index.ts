// `loom mcp serve` on stdio, started before oclif loads: the CLI's early answers (bin/early.js)
// import this file (a small bundle) first. With a current tool table cached on disk, it
// answers initialize and tools/list from it before even the SDK is loaded (answers.ts,
// reader.ts); then the SDK's server (serve.ts, a chunk loaded on demand) takes the rest of
// stdin, and oclif runs `mcp serve` as usual, whose kernel it hands its handlers (server/handoff.ts).
import type { EarlyAnswer } from '@loomkit/kernel';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTable, tablePath } from '../table/index.js';
import { earlyAnswers } from './answers.js';
import { readEarly } from './reader.js';

/** Longest the SDK, oclif and the kernel wait for the client's tools/list (a client that idles after initialize). */
const WAIT_MS = 1_000;

/**
 * Starts the server when `argv` is `mcp serve` with at most `--project DIR` (made absolute
 * in `argv`, as this changes the working directory before oclif sees it); anything else
 * (`--http`, `--set` …) is left to the ordinary path. Resolves true once it listens.
 */
export async function serveEarly(argv: string[], cliRoot: URL, cacheDir: string): Promise<boolean> {
  if (argv[0] !== 'mcp' || argv[1] !== 'serve' || !takeProject(argv)) return false;
  const since = Date.now();
  const { version } = JSON.parse(readFileSync(new URL('package.json', cliRoot), 'utf8')) as { version: string };
  const file = tablePath(cacheDir, process.cwd());
  const table = readTable(file, process.env, process.cwd());
  if (!table) {
    await (await import('./serve.js')).serveFromEarly({ version, file, since, tools: undefined });
    return true;
  }
  // Loading the SDK keeps this thread busy for a while: it waits until something needs it.
  const answers = earlyAnswers(table);
  const reader = readEarly(process.stdin, answers.take, (reply) => process.stdout.write(reply));
  await Promise.race([reader.needed, new Promise((resolve) => setTimeout(resolve, WAIT_MS).unref())]);
  const { serveFromEarly } = await import('./serve.js');
  // The SDK's response to an initialize answered early is that answer again.
  const drop = (message: { id?: unknown; method?: unknown }) => !('method' in message) && answers.answered.delete(message.id as string | number);
  await serveFromEarly({ version, file, since, tools: table.tools, input: reader.handOff(), drop });
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

/** The CLI's early answer for `loom mcp serve` (see `EarlyAnswer`): starts serving, then lets oclif run the command, which takes the server over. */
export const answer: EarlyAnswer = async (argv, ctx) => {
  await serveEarly(argv, ctx.cliRoot, ctx.dirs.cache).catch(() => false);
  return false;
};
