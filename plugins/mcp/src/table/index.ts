// The tool table cached on disk, so `loom mcp serve` answers tools/list before the kernel
// boots. It is keyed so it cannot be stale: it holds the stamp (mtime and size) of every
// file the catalog was built from (the CLI's and each plugin's package.json, oclif
// manifest, routes, entry module; the user's plugin list; the config files) and a digest of
// the LOOM_* variables; any difference and it is not served. Imports nothing heavy: it runs
// in the early entry, before oclif (CRC-32 from zlib, not node:crypto: loading crypto was ~5
// ms of that start, and these digests only tell a table apart from another, no secret).
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { ListedTool } from '../server/register.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

/** Bumped when the table's format, or how a catalog becomes a table, changes. */
const FORMAT = 2;

/** The SDK server's answer to initialize, and how it picks the protocol version, so it can be given without the SDK. */
export interface InitializeRecord {
  /** The versions the SDK speaks: a client asking for one of them gets it. */
  versions: string[];
  /** What a client asking for any other version gets. */
  latest: string;
  /** The SDK's result for a client that asked for `latest`. */
  result: { protocolVersion: string } & Record<string, unknown>;
}

export interface ToolTable {
  format: number;
  /** The server's version (the CLI's). */
  version: string;
  /** The project it was built in (the file name is only a digest of it). */
  cwd: string;
  /** Every file the tools were built from, with its stamp then (null: it did not exist). */
  inputs: Record<string, string | null>;
  env: string;
  initialize: InitializeRecord;
  tools: ListedTool[];
}

const digest = (text: string) => crc32(text).toString(16).padStart(8, '0');

/** One table per working directory: the project's config decides which plugins load. */
export const tablePath = (cacheDir: string, cwd: string) => join(cacheDir, 'mcp', `tools-${digest(cwd)}.json`);

function stampOf(file: string): string | null {
  try {
    // Many inputs are absent (most plugins ship no routes file): no exception for those.
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat ? `${stat.mtimeMs}:${stat.size}` : null;
  } catch {
    return null;
  }
}

/** The LOOM_* variables: config set in the environment (kernel.disabledPlugins …) changes the tools too. */
export function envDigest(env: NodeJS.ProcessEnv): string {
  // Code-unit order, not localeCompare: its first call loads ICU's collator, ~8 ms of the early start.
  return digest(JSON.stringify(Object.entries(env).filter(([key]) => key.startsWith('LOOM_')).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** The table at `file`, built in `cwd`, when every input is as it was when it was built; otherwise (or unreadable) undefined. */
export function readTable(file: string, env: NodeJS.ProcessEnv, cwd: string): ToolTable | undefined {
  let table: ToolTable;
  try {
    table = JSON.parse(readFileSync(file, 'utf8')) as ToolTable;
  } catch {
    return undefined;
  }
  if (table.format !== FORMAT || table.cwd !== cwd || table.env !== envDigest(env) || !Array.isArray(table.tools) || !Array.isArray(table.initialize?.versions)) return undefined;
  for (const [input, stamp] of Object.entries(table.inputs ?? {})) if (stampOf(input) !== stamp) return undefined;
  return table;
}

/**
 * Writes the table built from `files`, unless one of them changed after `since` (while the
 * kernel booted: what it read may not be what the stamps would say). Written whole, then renamed.
 */
export function writeTable(file: string, table: Pick<ToolTable, 'version' | 'cwd' | 'initialize' | 'tools'>, files: readonly string[], env: NodeJS.ProcessEnv, since: number): boolean {
  const inputs: Record<string, string | null> = {};
  for (const input of files) {
    const stamp = stampOf(input);
    if (stamp !== null && Number(stamp.split(':')[0]) >= since) return false;
    inputs[input] = stamp;
  }
  const body: ToolTable = { format: FORMAT, version: table.version, cwd: table.cwd, inputs, env: envDigest(env), initialize: table.initialize, tools: table.tools };
  try {
    makeDirectorySync(dirname(file));
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(body));
    renameSync(temp, file);
    return true;
  } catch {
    // A cache that cannot be written only costs the next start its speed.
    return false;
  }
}
