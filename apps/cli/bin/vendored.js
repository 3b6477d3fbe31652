// The CommonJS packages bundled into dist/vendor/vendor.cjs (scripts/bundle-vendor.js), and
// how the running CLI serves them from there. `via` is the package whose dependency is meant
// (the CLI's own when absent): pnpm may install another version for another package.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const VENDORED = [
  { name: '@oclif/core' },
  { name: 'semver', via: '@loomkit/kernel' },
  { name: 'tsyringe', via: '@loomkit/kernel' },
  { name: 'reflect-metadata' },
  // The security policy's globs, read by every command that boots the kernel.
  { name: 'picomatch', via: '@loomkit/plugin-security' },
];

/** A require that resolves as `via` (or the CLI at `cliRoot`) does. */
export function requireFor(cliRoot, via) {
  const cliRequire = createRequire(new URL('package.json', cliRoot));
  return via === undefined ? cliRequire : createRequire(cliRequire.resolve(`${via}/package.json`));
}

/** The installed version of `name` whose entry is `main` (some packages do not export their package.json). */
export function versionAt(main, name) {
  for (let dir = dirname(main); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pjson.name === name) return pjson.version;
    } catch {
      // no package.json at this level: go up
    }
  }
  return undefined;
}

/**
 * Registers the bundle in require's cache under the path each package resolves to here, when
 * the installed version is the one bundled; otherwise (or without a build) that package loads
 * from node_modules as usual. ESM imports of a CommonJS package read the same cache.
 */
export function useVendored(cliRoot) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('dist/vendor/vendor.json', cliRoot), 'utf8'));
  } catch {
    return;
  }
  let bundle;
  for (const { name, via } of VENDORED) {
    let main;
    try {
      const require = requireFor(cliRoot, via);
      main = require.resolve(name);
      if (versionAt(main, name) !== manifest.versions[name]) continue;
    } catch {
      continue;
    }
    if (Module._cache[main]) continue;
    bundle ??= createRequire(new URL('package.json', cliRoot))('./dist/vendor/vendor.cjs');
    const module = new Module(main);
    module.filename = main;
    module.paths = Module._nodeModulePaths(dirname(main));
    module.loaded = true;
    let exports;
    Object.defineProperty(module, 'exports', { get: () => (exports ??= bundle[name]), set: (value) => (exports = value) });
    Module._cache[main] = module;
  }
}
