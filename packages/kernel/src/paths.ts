import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const PROJECT_CONFIG_FILE = 'loom.config.json';
export const PROJECT_STATE_DIR = '.loom';
/** In the user data dir: the project config files `loom trust` recorded, by real path and digest. */
export const TRUST_FILE = 'trusted-projects.json';

/** True when the relative path `rel` leaves its folder: `..`, `../…`, or another drive. `..notes` is a name like any other. */
export const climbsOut = (rel: string): boolean => rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);

/** True when `path` is `folder` or below it, by their text (neither is resolved through links). */
export const isWithin = (folder: string, path: string): boolean => !climbsOut(relative(folder, path));

export interface Paths {
  /** The project's root: nearest folder with loom.config.json, else with .git, else cwd. */
  projectRoot: string;
  /** Project state, git-ignored: `<root>/.loom`. */
  stateDir: string;
  projectConfigFile: string;
  /** User-level config folder (XDG) and its config file. */
  userConfigDir: string;
  userConfigFile: string;
  /** User-level data (history, installed plugins, cross-project indexes). */
  dataDir: string;
  cacheDir: string;
}

function findUp(start: string, marker: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, marker))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function findProjectRoot(cwd: string): string {
  return findUp(cwd, PROJECT_CONFIG_FILE) ?? findUp(cwd, '.git') ?? resolve(cwd);
}

export interface PathsInput {
  cwd: string;
  userConfigDir: string;
  dataDir: string;
  cacheDir: string;
}

export function resolvePaths(input: PathsInput): Paths {
  const projectRoot = findProjectRoot(input.cwd);
  return {
    projectRoot,
    stateDir: join(projectRoot, PROJECT_STATE_DIR),
    projectConfigFile: join(projectRoot, PROJECT_CONFIG_FILE),
    userConfigDir: input.userConfigDir,
    userConfigFile: join(input.userConfigDir, 'config.json'),
    dataDir: input.dataDir,
    cacheDir: input.cacheDir,
  };
}
