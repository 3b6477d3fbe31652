import { existsSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { climbsOut, PROJECT_STATE_DIR, writeConfigFile, type Paths } from '@loomkit/kernel';
import { makeDirectorySync } from '@loomkit/kernel/early';

export interface InitResult {
  root: string;
  /** What this run created or changed, relative to the root; empty when already set up. */
  changed: string[];
  unchanged: string[];
}

const SHIPPED_SCHEMA = fileURLToPath(new URL('../../schema/loom.config.schema.json', import.meta.url));

/** Where `loom init` copies the schema when Loom is not installed inside the project. */
export const LOCAL_SCHEMA = `${PROJECT_STATE_DIR}/loom.config.schema.json`;

/**
 * Points `$schema` at a file editors resolve offline: the schema this CLI ships, by a
 * relative path, when Loom is installed inside the project; else the copy `loom init`
 * writes into `.loom/` (a URL would need the network, and a package that may not be
 * published).
 */
export function schemaReference(projectRoot: string, shipped = SHIPPED_SCHEMA): string {
  const path = relative(projectRoot, shipped);
  if (!climbsOut(path)) return `./${path.split(sep).join('/')}`;
  return `./${LOCAL_SCHEMA}`;
}

const IGNORE_LINE = `${PROJECT_STATE_DIR}/`;
const ignoresState = (text: string) =>
  text.split(/\r?\n/).some((line) => ['.loom', '.loom/', '/.loom', '/.loom/'].includes(line.trim()));

/** Idempotent: a second run finds everything in place and changes nothing. */
export async function initProject(paths: Paths, shipped = SHIPPED_SCHEMA): Promise<InitResult> {
  const changed: string[] = [];
  const unchanged: string[] = [];
  const note = (did: boolean, what: string) => (did ? changed : unchanged).push(what);

  const hasConfig = existsSync(paths.projectConfigFile);
  const reference = schemaReference(paths.projectRoot, shipped);
  if (!hasConfig) await writeConfigFile(paths.projectConfigFile, { $schema: reference });
  note(!hasConfig, 'loom.config.json');

  const hasState = existsSync(paths.stateDir);
  makeDirectorySync(paths.stateDir);
  note(!hasState, `${PROJECT_STATE_DIR}/`);
  // Refreshed on every init, so an upgraded Loom's new keys reach the editor.
  if (reference === `./${LOCAL_SCHEMA}`) await copyFile(shipped, join(paths.projectRoot, LOCAL_SCHEMA));

  const gitignore = join(paths.projectRoot, '.gitignore');
  const current = existsSync(gitignore) ? await readFile(gitignore, 'utf8') : '';
  const ignored = ignoresState(current);
  if (!ignored) {
    const separator = current.length === 0 || current.endsWith('\n') ? '' : '\n';
    await writeFile(gitignore, `${current}${separator}${IGNORE_LINE}\n`);
  }
  note(!ignored, '.gitignore');

  return { root: paths.projectRoot, changed, unchanged };
}
