import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { climbsOut, isWithin } from '@loomkit/kernel/early';
import type { Policy } from '@loomkit/plugin-security';
import { openNameRules } from './names-cache.js';
import { cacheDirFor } from './scan/cache-dir.js';
import type { WalkResult } from './types.js';
import { walk, type WalkOptions } from './walk/index.js';

/** What a walk of a folder derives from besides the files and the policy: the excludes and the size cap, as a run used them. */
export interface WalkSettings {
  defaultExcludes: boolean;
  exclude: string[];
  include: string[];
  maxFileBytes: number;
}

/** The walk settings of `root` from mega-query's config; Loom's own cache folder is excluded when it lies inside the root. */
export function walkSettingsFor(config: WalkSettings, root: string, userCacheDir: string): WalkSettings {
  return { defaultExcludes: config.defaultExcludes, exclude: [...config.exclude, ...ownCacheWithin(root, userCacheDir)], include: config.include, maxFileBytes: config.maxFileBytes };
}

/**
 * The walk's check of each file against the security policy. A folder outside the project was
 * named by the user, so reads are confined to it instead; credentials stores are refused in both.
 */
export function policyDeny(policy: Pick<Policy, 'pathDecider'>, projectRoot: string, root: string): NonNullable<WalkOptions['deny']> {
  const decide = policy.pathDecider(isWithin(projectRoot, root) ? {} : { root });
  return (abs, plain, realFolder) => {
    const decision = decide(abs, plain, realFolder);
    return decision.allowed ? undefined : decision.reason;
  };
}

/** Walks `root` with `settings`, the exclude verdicts on names kept in the root's cache folder between walks. */
export async function walkFolder(root: string, settings: WalkSettings, options: { userCacheDir: string } & Pick<WalkOptions, 'deny' | 'signal' | 'onProgress'>): Promise<WalkResult> {
  const { userCacheDir, ...rest } = options;
  // The walk's root is this folder's real path; one that cannot be resolved fails the walk, not this.
  const names = await openNameRules(cacheDirFor(await realpath(root).catch(() => root), userCacheDir), settings);
  const walked = await walk(root, { ...settings, ...rest, names: names.rules });
  await names.save();
  return walked;
}

/** Loom's user cache folder as an exclude, when it lies inside the scanned folder: its caches are never content. */
function ownCacheWithin(root: string, cacheDir: string): string[] {
  const inside = relative(root, cacheDir);
  return inside === '' || climbsOut(inside) ? [] : [`/${inside.split(sep).join('/')}/`];
}
