import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelData } from '../model/index.js';
import type { RouterData } from '../router.js';
import { writeFileAtomic } from '../store.js';

/** A file of routes a package may ship beside package.json: read instead of importing its code. */
export const ROUTES_FILE = 'loom.routes.json';

/** Bumped when the model's features or format change: an old cache is then refitted. */
export const MODEL_FORMAT = 4;

/** What the cached model was fitted from; any change (install, upgrade, removal) refits it. */
export interface Fingerprint {
  format: number;
  /** `stamp`: mtime of the file routes are read from, so a rebuilt or linked plugin refits too. */
  plugins: Array<{ name: string; version: string; root: string; stamp: number }>;
  /** sha1 of the user's plugin list (oclif's package.json in the data dir), or null. */
  userPlugins: string | null;
}

interface CacheFile {
  fingerprint: Fingerprint;
  routes: RouterData['routes'];
  specs: RouterData['specs'];
  /** Routes left out when fitting (a third party's malformed manifest), warned about on every run. */
  problems: StoredProblem[];
  model: { classes: string[]; features: string[]; idf: string; weights: string; bias: string };
}

export interface StoredProblem {
  code: string;
  message: string;
  hint?: string | undefined;
  plugin?: string | undefined;
}

export const modelPath = (cacheDir: string) => join(cacheDir, 'auto-router', 'model.json');

export function userPluginsHash(dataDir: string): string | null {
  try {
    return createHash('sha1').update(readFileSync(join(dataDir, 'package.json'))).digest('hex');
  } catch {
    return null;
  }
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether a stored fingerprint still describes what is installed, read from disk alone
 * (no oclif): every plugin's package.json still has its version, the user list is unchanged.
 */
export function stillInstalled(fingerprint: Fingerprint, dataDir: string): boolean {
  if (fingerprint.format !== MODEL_FORMAT || fingerprint.userPlugins !== userPluginsHash(dataDir)) return false;
  return fingerprint.plugins.every((plugin) => {
    try {
      const { version, loom } = JSON.parse(readFileSync(join(plugin.root, 'package.json'), 'utf8')) as { version?: string; loom?: unknown };
      return version === plugin.version && routesStamp(plugin.root, typeof loom === 'string' ? loom : undefined) === plugin.stamp;
    } catch {
      return false;
    }
  });
}

/** The mtime of a package's routes file, else of its plugin entry, else 0. */
export function routesStamp(root: string, entry: string | undefined): number {
  for (const file of [ROUTES_FILE, entry]) {
    if (!file) continue;
    try {
      return statSync(join(root, file)).mtimeMs;
    } catch {
      // Not there: try the next place routes come from.
    }
  }
  return 0;
}

export function readCache(file: string): { fingerprint: Fingerprint; data: RouterData; problems: StoredProblem[] } | undefined {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  const { model } = parsed;
  const data: ModelData = { classes: model.classes, features: model.features, idf: floats(model.idf), weights: floats(model.weights), bias: floats(model.bias) };
  return { fingerprint: parsed.fingerprint, data: { model: data, routes: parsed.routes, specs: parsed.specs }, problems: parsed.problems ?? [] };
}

export function writeCache(file: string, fingerprint: Fingerprint, data: RouterData, problems: StoredProblem[] = []): void {
  const { model } = data;
  const body: CacheFile = {
    fingerprint,
    routes: data.routes,
    specs: data.specs,
    problems,
    model: { classes: model.classes, features: model.features, idf: base64(model.idf), weights: base64(model.weights), bias: base64(model.bias) },
  };
  writeFileAtomic(file, JSON.stringify(body));
}

const base64 = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');

function floats(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied so the array is aligned whatever offset Buffer's pool gave the bytes.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
