// Build step: the early entry of `loom mcp serve` (src/early) and what it imports — the
// SDK's server, stdio transport and protocol schemas, zod — as ESM files. bin/run.js
// loads it before oclif, and in a pnpm tree most of a cold start's cost is resolving and
// reading the few hundred small files those packages are made of (zod's CommonJS build
// alone took longer than the whole bundle). Split: dist/early.js is the part that answers
// from the cached table; the SDK's part (early/serve.js) is a chunk it loads on demand.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
const chunks = 'early-chunks';
// Chunks are named by their content: those of earlier builds would pile up.
rmSync(`${dist}${chunks}`, { recursive: true, force: true });

await build({
  entryPoints: { early: `${dist}early/index.js` },
  outdir: dist,
  entryNames: '[name]',
  chunkNames: `${chunks}/[name]-[hash]`,
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Less to parse on every start.
  minify: true,
  // ajv validates only elicitation answers, which Loom's server never asks for: it passes
  // its own validator (server/register.ts), so the SDK's ajv provider is left out.
  plugins: [
    {
      name: 'no-ajv',
      setup(on) {
        on.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: 'ajv-provider', namespace: 'no-ajv' }));
        on.onLoad({ filter: /.*/, namespace: 'no-ajv' }, () => ({
          contents: "export class AjvJsonSchemaValidator { constructor() { throw new Error('ajv is not in the early bundle: pass jsonSchemaValidator'); } }",
        }));
      },
    },
  ],
  logLevel: 'warning',
  legalComments: 'none',
});
