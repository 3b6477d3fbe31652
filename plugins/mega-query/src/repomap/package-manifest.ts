import type { FileFacts } from '../types.js';

/**
 * A package.json's facts: its package name as one `module` symbol, so the import graph can
 * resolve bare imports of workspace packages (`@loomkit/kernel`) to the repo's own source.
 */
export function packageManifestFacts(text: string): FileFacts {
  let name: unknown;
  try {
    name = (JSON.parse(text) as { name?: unknown } | null)?.name;
  } catch {
    return { symbols: [], imports: [] };
  }
  if (typeof name !== 'string' || name === '') return { symbols: [], imports: [] };
  const lines = text.split('\n').length;
  return { symbols: [{ name, kind: 'module', signature: `package ${name}`, startLine: 1, endLine: lines, exported: true }], imports: [] };
}

export const isPackageManifest = (path: string): boolean => path === 'package.json' || path.endsWith('/package.json');
