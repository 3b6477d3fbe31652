// Build step: the CommonJS packages every command loads (oclif and its ~120 modules, semver,
// tsyringe, reflect-metadata, picomatch), bundled into one file. Node 20 has no compile cache, and in a pnpm tree most of
// their start-up cost is resolving and reading hundreds of small files; bin/run.js registers
// this bundle in require's cache under each package's own resolved path (bin/vendored.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { requireFor, VENDORED, versionAt } from '../bin/vendored.js';

const root = new URL('..', import.meta.url);
const out = new URL('dist/vendor/', root);
mkdirSync(out, { recursive: true });

const versions = {};
const lines = [];
for (const { name, via } of VENDORED) {
  const require = requireFor(root, via);
  const main = require.resolve(name);
  versions[name] = versionAt(main, name);
  // A getter, so a package runs only when first imported (tsyringe needs reflect-metadata first).
  lines.push(`  get ${JSON.stringify(name)}() { return require(${JSON.stringify(main)}); },`);
}
const entry = new URL('entry.cjs', out);
writeFileSync(entry, `module.exports = {\n${lines.join('\n')}\n};\n`);
await build({
  entryPoints: [entry.pathname],
  outfile: new URL('vendor.cjs', out).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Loaded by oclif only to run TypeScript plugins in development, never on a user's machine.
  external: ['typescript', 'ts-node', 'tsx'],
  logLevel: 'warning',
  legalComments: 'none',
});
writeFileSync(new URL('vendor.json', out), `${JSON.stringify({ versions }, null, 2)}\n`);
