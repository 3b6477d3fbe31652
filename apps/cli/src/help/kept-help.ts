// `loom --help` and `loom help` answered before oclif loads (oclif is most of their 0.3 s):
// the CLI's help class keeps the root help it rendered, with what that text depended on, and
// the CLI's early entry (bin/early.js) prints it while all of that is unchanged:
//   - the key: CLI and Node versions, platform, the terminal (a pipe, or a TTY and its width),
//     and every variable oclif or the colour detection may read;
//   - the size and mtime of each file the command list came from: the CLI's and each bundled
//     plugin's package.json and oclif manifest, the user's plugin list and theme file.
// Nothing is kept while user-installed or linked plugins are there: their manifests live
// outside the CLI and change under it. Light: node:fs and node:path, plus the kernel's early entry.
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectorySync, readRegularFileSync, writeAnswer, type EarlyAnswer } from '@loomkit/kernel/early';

const VERSION = 1;
/** What oclif's config, help and the colour detection (supports-color, ansis) read from the environment, as a superset. */
const READ_BY_HELP = /^(LOOM_|OCLIF_)|COLOR|TERM|COLUMNS|^CI$|^CI_|_CI$|^(GITHUB_ACTIONS|GITEA_ACTIONS|TF_BUILD|TEAMCITY_VERSION|BUILDKITE|CIRCLECI|TRAVIS|APPVEYOR|DRONE)$/;

/** A file's size and mtime, or -1 for both when it is not there: `[path, size, mtimeMs]`. */
export type FileStamp = [string, number, number];

interface Kept {
  v: number;
  key: string;
  files: FileStamp[];
  text: string;
}

/** True for the command lines that print the root help. */
export const isRootHelp = (argv: readonly string[]): boolean => argv.length === 1 && (argv[0] === '--help' || argv[0] === 'help');

export const keptHelpFile = (cacheDir: string): string => join(cacheDir, 'early-answers', 'help.json');

/** Everything outside the files that the root help's text depends on. */
export function helpKey(version: string, env: NodeJS.ProcessEnv): string {
  const vars = Object.keys(env)
    .filter((name) => READ_BY_HELP.test(name))
    .sort()
    .map((name) => [name, env[name]]);
  const stdout = process.stdout.isTTY ? `tty ${process.stdout.columns}` : 'pipe';
  return JSON.stringify([version, process.version, process.platform, process.arch, stdout, vars]);
}

export function stampOf(path: string): FileStamp {
  try {
    const stats = statSync(path);
    return [path, stats.size, stats.mtimeMs];
  } catch {
    return [path, -1, -1];
  }
}

const sameStamp = ([path, size, mtimeMs]: FileStamp): boolean => {
  const [, nowSize, nowMtime] = stampOf(path);
  return nowSize === size && nowMtime === mtimeMs;
};

/** Keeps `text`, the root help just rendered from `files` (best effort: a failure only costs the next run its speed). */
export function keepHelp(cacheDir: string, key: string, files: string[], text: string): void {
  const file = keptHelpFile(cacheDir);
  const kept: Kept = { v: VERSION, key, files: files.map(stampOf), text };
  try {
    makeDirectorySync(join(cacheDir, 'early-answers'));
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(kept));
    renameSync(temp, file);
  } catch {
    // a read-only cache folder: help still printed
  }
}

/** The kept root help when every input it was rendered from is as it was, else undefined. */
export function keptHelp(cacheDir: string, key: string): string | undefined {
  let kept: Partial<Kept>;
  try {
    kept = JSON.parse(readRegularFileSync(keptHelpFile(cacheDir)).toString('utf8')) as Partial<Kept>;
  } catch {
    return undefined;
  }
  if (kept.v !== VERSION || kept.key !== key || typeof kept.text !== 'string' || !Array.isArray(kept.files) || kept.files.length === 0) return undefined;
  return kept.files.every(sameStamp) ? kept.text : undefined;
}

/** The CLI's early answer for `loom --help` and `loom help`. */
export const answer: EarlyAnswer = (argv, ctx) => {
  if (!isRootHelp(argv)) return false;
  const text = keptHelp(ctx.dirs.cache, helpKey(ctx.version, ctx.env));
  if (text === undefined) return false;
  writeAnswer(text);
  return true;
};
