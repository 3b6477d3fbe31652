import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

/**
 * Shared set-up of the in-process tests of `src/command`: the fixture CLI under
 * `__fixtures__/cli` (oclif bin `loomfix`, itself a first-party plugin), throw-away user
 * dirs for it, plugins linked into it the way `loom plugins link` does, and captured output.
 */
export const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
export const CLI_ROOT = join(FIXTURES, 'cli');

export interface CliDirs {
  base: string;
  configDir: string;
  dataDir: string;
  cacheDir: string;
  /** A project folder without loom.config.json or .git, to be the cwd. */
  project: string;
}

/**
 * Points the fixture CLI's user dirs at fresh temp folders (oclif reads LOOMFIX_*_DIR) and
 * clears what would leak in from the environment: LOOM_* config and DEBUG. Undone by
 * `vi.unstubAllEnvs()` and `removeCliDirs`.
 */
export function isolateCli(): CliDirs {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'loom-command-')));
  const dirs = {
    base,
    configDir: join(base, 'config'),
    dataDir: join(base, 'data'),
    cacheDir: join(base, 'cache'),
    project: join(base, 'project'),
  };
  for (const dir of [dirs.configDir, dirs.dataDir, dirs.cacheDir, dirs.project]) mkdirSync(dir);
  vi.stubEnv('LOOMFIX_CONFIG_DIR', dirs.configDir);
  vi.stubEnv('LOOMFIX_DATA_DIR', dirs.dataDir);
  vi.stubEnv('LOOMFIX_CACHE_DIR', dirs.cacheDir);
  for (const key of Object.keys(process.env)) if (key.startsWith('LOOM_')) vi.stubEnv(key, undefined);
  vi.stubEnv('DEBUG', undefined);
  return dirs;
}

export function removeCliDirs(dirs: CliDirs | undefined): void {
  if (dirs) rmSync(dirs.base, { recursive: true, force: true });
}

/** Links fixture packages into the CLI as user plugins, as `plugins link` records them. */
export function linkPlugins(dataDir: string, folders: string[]): void {
  const plugins = folders.map((folder) => {
    const root = join(FIXTURES, folder);
    const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    return { type: 'link', name, root };
  });
  writeFileSync(join(dataDir, 'package.json'), JSON.stringify({ private: true, oclif: { schema: 1, plugins } }));
}

const CALLS = Symbol.for('loom.fixture.calls');
type CallsGlobal = typeof globalThis & { [CALLS]?: string[] };

/** What the fixture plugins' setup and dispose did, from now until `stopRecording`. */
export function recordFixtureCalls(): string[] {
  const calls: string[] = [];
  (globalThis as CallsGlobal)[CALLS] = calls;
  return calls;
}

export function stopRecording(): void {
  delete (globalThis as CallsGlobal)[CALLS];
}

/** Output capture is the testkit's; re-exported under the name these tests use. */
export { captureOutput as capture, type CapturedOutput as Captured } from '@loomkit/testkit';
