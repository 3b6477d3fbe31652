// Build step: `loom chain validate FILE` answers before oclif loads (src/fast/validate-file.ts),
// for editors and hooks that run it on every save. Most of its start-up was reading and
// compiling yaml's and zod's ~150 small modules; one bundled file (the same code) halves
// that (`pnpm bench chain`). The CLI's bin imports it through the `./fast-validate` export.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../dist/fast/validate-file.js', import.meta.url).pathname],
  outfile: new URL('../dist/fast/validate-file.bundle.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ESM builds of yaml and zod tree-shake; a CommonJS dependency still gets a require.
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __loomRequire } from 'node:module'; const require = __loomRequire(import.meta.url);" },
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
