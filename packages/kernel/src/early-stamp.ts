// What a clean boot of a project with config files leaves for the early answers: the config
// files, the trust store and the CLI version it booted with (CRC-32 and size of each), and the
// keys the files set. An early answer in that project may then answer as long as all of them
// are unchanged and the keys it depends on are not set (`earlyDeclineReason`). Light: no zod,
// no crypto (CRC-32 from node:zlib, enough to notice an edit, not to resist one: the user's own
// files in the user's own folders).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_CONFIG_FILE, TRUST_FILE } from './paths.js';
import { readRegularFileSync } from './read-file.js';
import { makeDirectorySync } from './make-directory.js';

// node:zlib takes ~3 ms to load, and most early answers run where no config file is there to check.
let zlib: typeof import('node:zlib') | undefined;
const crc32 = (data: string | Uint8Array): number => (zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')).crc32(data);

/** The LOOM_* variables that name folders (oclif's), not a config section (the kernel's env layer). */
const FOLDER_VARIABLES = new Set(['LOOM_CONFIG_DIR', 'LOOM_DATA_DIR', 'LOOM_CACHE_DIR']);

/** True when `env` has a LOOM_* variable that may set config (anything but oclif's folders). */
export const hasLoomSettings = (env: NodeJS.ProcessEnv): boolean => Object.keys(env).some((name) => name.startsWith('LOOM_') && !FOLDER_VARIABLES.has(name));

export interface StampPlace {
  projectRoot: string;
  /** The CLI's config, data and cache folders. */
  dirs: { config: string; data: string; cache: string };
  /** The CLI's version: another version may read the same files otherwise. */
  version: string;
}

export interface EarlyStamp {
  v: 1;
  projectRoot: string;
  fingerprint: string;
  /** Every key path the config files set (`security.injection.threshold`), objects flattened. */
  keys: string[];
}

const configFiles = (place: StampPlace) => [join(place.dirs.config, 'config.json'), join(place.projectRoot, PROJECT_CONFIG_FILE), join(place.dirs.data, TRUST_FILE)];

/**
 * The version and each config file's CRC-32 and size, as one string: '-' for a missing file,
 * '!' for one that is not a regular file of a sane size (a FIFO, /dev/zero: read the way the
 * kernel reads config, never hanging), which no clean boot stamps.
 */
export function configFingerprint(place: StampPlace): string {
  const parts = configFiles(place).map((file) => {
    try {
      const bytes = readRegularFileSync(file);
      return `${crc32(bytes).toString(36)}:${bytes.length}`;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '-' : '!';
    }
  });
  return JSON.stringify([place.version, ...parts]);
}

export const stampFile = (place: Pick<StampPlace, 'projectRoot' | 'dirs'>): string =>
  join(place.dirs.cache, 'early-answers', `${crc32(place.projectRoot).toString(36)}.json`);

/** Key paths of a config file's values: nested objects are walked, anything else is a leaf. */
export function keyPaths(values: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? [path, ...keyPaths(value as Record<string, unknown>, `${path}.`)] : [path];
  });
}

/**
 * Records a clean boot (atomically: a reader never sees half a stamp). `fingerprint` is taken
 * before the boot read the files, so an edit made meanwhile is never stamped as clean. A cache:
 * failing to write it only keeps early answers declining.
 */
export function writeEarlyStamp(place: StampPlace, fingerprint: string, keys: string[]): void {
  const file = stampFile(place);
  const stamp: EarlyStamp = { v: 1, projectRoot: place.projectRoot, fingerprint, keys: [...new Set(keys)].sort() };
  const text = `${JSON.stringify(stamp)}\n`;
  // Every command boots: the same stamp is not written again.
  if (readStamp(file) === text) return;
  const temp = `${file}.${process.pid}.tmp`;
  let written = false;
  try {
    makeDirectorySync(join(place.dirs.cache, 'early-answers'));
    writeFileSync(temp, text);
    written = true;
    renameSync(temp, file);
  } catch {
    // Only a temporary file that exists is removed: where the cache folder cannot be made, even
    // looking for one fails (ENOTDIR under a file), and a cache must never fail the command.
    if (written) rmSync(temp, { force: true });
  }
}

/** The keys set by the config files of a clean boot with everything as it is now, or undefined (no stamp, or something changed). */
export function stampedKeys(place: StampPlace): string[] | undefined {
  try {
    const stamp = JSON.parse(readStamp(stampFile(place)) ?? '') as Partial<EarlyStamp>;
    if (stamp.v !== 1 || stamp.projectRoot !== place.projectRoot || !Array.isArray(stamp.keys) || stamp.fingerprint !== configFingerprint(place)) return undefined;
    return stamp.keys.filter((key): key is string => typeof key === 'string');
  } catch {
    return undefined;
  }
}

/** The stamp file's text, or undefined when there is none (or it is not a regular file). */
function readStamp(file: string): string | undefined {
  try {
    return readRegularFileSync(file).toString('utf8');
  } catch {
    return undefined;
  }
}
