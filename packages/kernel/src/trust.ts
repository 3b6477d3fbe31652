import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeConfigFile } from './config-file.js';
import { getPath, unsetPath, type ConfigLayer } from './config.js';
import type { Manifest } from './manifest.js';
import { TRUST_FILE } from './paths.js';

/**
 * Project trust, the way editors handle untrusted workspaces: a cloned repository's
 * loom.config.json may not weaken security (disable rules, widen paths, move the API
 * base URL…) until the user runs `loom trust` there. Trust is recorded in the user's
 * data dir by the config's real path and the SHA-256 of its bytes, so any change to the
 * file revokes it.
 */
export { TRUST_FILE } from './paths.js';

/** The kernel's own security-weakening keys: disabling a plugin can switch off redaction. */
export const CORE_WEAKENING_KEYS = ['kernel.disabledPlugins'] as const;

export interface TrustRecord {
  /** Real path of the trusted config file. */
  file: string;
  sha256: string;
  trustedAt: string;
}

type TrustStore = Record<string, { sha256: string; trustedAt: string }>;

const storeFile = (dataDir: string) => join(dataDir, TRUST_FILE);

const realOr = (file: string) => {
  try {
    return realpathSync.native(file);
  } catch {
    return resolve(file);
  }
};

/** SHA-256 of the file's bytes, or undefined when it cannot be read. */
export function configDigest(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function readStore(dataDir: string): TrustStore {
  try {
    const parsed: unknown = JSON.parse(readFileSync(storeFile(dataDir), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as TrustStore) : {};
  } catch {
    // No store (or a damaged one): nothing is trusted, which is the safe reading.
    return {};
  }
}

/** Trusted only when the recorded digest matches the file as it is now. */
export function isTrusted(dataDir: string, configFile: string): boolean {
  const entry = readStore(dataDir)[realOr(configFile)];
  if (entry === undefined || typeof entry.sha256 !== 'string') return false;
  return entry.sha256 === configDigest(configFile);
}

export function listTrusted(dataDir: string): Array<TrustRecord & { current: boolean }> {
  return Object.entries(readStore(dataDir)).map(([file, entry]) => ({
    file,
    sha256: entry.sha256,
    trustedAt: entry.trustedAt,
    current: entry.sha256 === configDigest(file),
  }));
}

/** Records the config as it is now; returns undefined when there is no file to trust. */
export async function trustConfig(dataDir: string, configFile: string, now = new Date()): Promise<TrustRecord | undefined> {
  const sha256 = configDigest(configFile);
  if (sha256 === undefined) return undefined;
  const file = realOr(configFile);
  const store = readStore(dataDir);
  store[file] = { sha256, trustedAt: now.toISOString() };
  await writeConfigFile(storeFile(dataDir), store);
  return { file, sha256, trustedAt: store[file].trustedAt };
}

/** Forgets the config's trust; false when it was not trusted. */
export async function revokeTrust(dataDir: string, configFile: string): Promise<boolean> {
  const store = readStore(dataDir);
  const file = realOr(configFile);
  if (!Object.hasOwn(store, file)) return false;
  delete store[file];
  await writeConfigFile(storeFile(dataDir), store);
  return true;
}

/**
 * The layer without the keys it may not set, and the keys it tried to set. A key names
 * its whole subtree, so `security.policy.allowPaths` drops every item of that list.
 */
export function withoutWeakeningKeys(layer: ConfigLayer, keys: readonly string[]): { layer: ConfigLayer; dropped: string[] } {
  const values = structuredClone(layer.values);
  const dropped = keys.filter((key) => getPath(values, key.split('.')) !== undefined && unsetPath(values, key.split('.')));
  return { layer: { ...layer, values }, dropped };
}

/** Every security-weakening key, dotted from the section: the kernel's and each plugin's. */
export function weakeningKeys(manifests: ReadonlyArray<Pick<Manifest, 'name' | 'weakensSecurity'>>): string[] {
  return [...CORE_WEAKENING_KEYS, ...manifests.flatMap((manifest) => manifest.weakensSecurity.map((key) => `${manifest.name}.${key}`))];
}

/**
 * Drops the weakening keys from each untrusted layer, with one warning line per layer
 * naming every key it ignored.
 */
export function applyTrust(layers: readonly ConfigLayer[], keys: readonly string[], warn: (line: string) => void): { layers: ConfigLayer[]; ignored: string[] } {
  const ignored: string[] = [];
  const kept = layers.map((layer) => {
    if (layer.trusted !== false) return layer;
    const result = withoutWeakeningKeys(layer, keys);
    if (result.dropped.length > 0) {
      ignored.push(...result.dropped);
      warn(`${layer.source} is not trusted, so its security-weakening settings are ignored: ${result.dropped.join(', ')} (review the file, then run \`loom trust\` to honour them)`);
    }
    return result.layer;
  });
  return { layers: kept, ignored };
}
