// Build step of every first-party runtime package (run from its folder after `tsc -b`):
// rewrites the JavaScript of its entry modules in dist/ as esbuild bundles, so a command loads
// a handful of files instead of one per source module. On Node 20 (no module compile cache)
// each ES module costs about a millisecond to resolve, read, parse and link; `session list`
// loaded ~290 of them. tsc still emits the declarations (and the other .js files, now unused).
//
// Entries, each kept at the path it had (so `exports`, oclif's manifest and the `loom` field
// resolve exactly as before, and the package still works on its own):
//   - `exports` targets under dist/ that come from a src/*.ts module, and the `loom` entry;
//   - oclif's command modules (src/commands/**) and hooks;
//   - modules started by path, e.g. a worker: `new URL('…/x.js', import.meta.url)` naming a file
//     whose source is in src/.
// Code shared by entries goes to dist/chunks/. Bare imports stay imports (each dependency loads
// from node_modules, lazily where the source is lazy), except `zod`: every first-party package
// imports the one bundled copy the kernel serves as `@loomkit/kernel/zod` (one instance; zod 4
// is ~95 modules). `import.meta.url` is rewritten to the module's original dist/ URL, so paths
// relative to it (`../package.json`, data files, workers) mean what they meant.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

// esbuild is a devDependency of the CLI (which bundles its vendor file too); one copy for all.
const { build } = createRequire(new URL('../apps/cli/package.json', import.meta.url))('esbuild');

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const src = join(root, 'src');
const dist = join(root, 'dist');
const ZOD = '@loomkit/kernel/zod';

/** dist/a/b.js → src/a/b.ts, when that source exists. */
function sourceOf(distPath) {
  const rel = relative(dist, resolve(root, distPath));
  if (rel.startsWith('..') || !rel.endsWith('.js')) return undefined;
  const ts = join(src, rel.replace(/\.js$/, '.ts'));
  return existsSync(ts) ? ts : undefined;
}

const walk = (dir) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])) : []);
const exportTargets = (value) => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(exportTargets) : []);

function entries() {
  const found = new Set();
  const add = (distPath) => {
    const ts = distPath && sourceOf(distPath);
    if (ts) found.add(ts);
  };
  for (const target of exportTargets(pkg.exports)) add(target);
  add(typeof pkg.loom === 'object' ? pkg.loom?.entry : pkg.loom);
  if (pkg.oclif?.commands) for (const file of walk(join(src, relative('dist', pkg.oclif.commands)))) if (/\.ts$/.test(file) && !file.endsWith('.d.ts')) found.add(file);
  for (const hook of exportTargets(pkg.oclif?.hooks ?? {})) add(hook);
  // Modules started by path (workers): found in every module reachable or not, to the fixpoint.
  for (const file of walk(src).filter((f) => f.endsWith('.ts'))) {
    for (const [, path] of readFileSync(file, 'utf8').matchAll(/new URL\(\s*['"]([^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g)) {
      add(relative(root, resolve(dirname(distPathOf(file)), path)));
    }
  }
  return [...found];
}

const distPathOf = (ts) => join(dist, relative(src, ts)).replace(/\.ts$/, '.js');

// The module's dist/ URL, found from the package itself so it holds in whichever chunk the code lands.
const selfUrl = (ts) => `new URL(${JSON.stringify(`./${posix.join(...relative(root, distPathOf(ts)).split(sep))}`)}, import.meta.resolve(${JSON.stringify(`${pkg.name}/package.json`)})).href`;

const loomPlugin = {
  name: 'loom',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: ZOD, external: true }));
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      return { contents: text.includes('import.meta.url') ? text.replaceAll('import.meta.url', selfUrl(args.path)) : text, loader: 'ts' };
    });
  },
};

if (!pkg.exports?.['./package.json']) throw new Error(`${pkg.name}: bundling needs "./package.json" in exports (import.meta.url is resolved through it)`);
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: entries(),
  outbase: src,
  outdir: dist,
  bundle: true,
  splitting: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  plugins: [loomPlugin],
  logLevel: 'warning',
  legalComments: 'none',
});

// The kernel serves the one zod every first-party package imports (see above). Its messages
// are English only: the other ~60 locales (`z.locales.*`, which first-party code never uses)
// were 40% of its source and of its compile time at every start. A third-party plugin brings
// its own full zod.
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';\n", loader: 'js' }));
  },
};

if (pkg.name === '@loomkit/kernel') {
  const require = createRequire(join(root, 'package.json'));
  const entry = join(dist, 'zod.entry.js');
  writeFileSync(entry, "export * from 'zod';\nexport { default } from 'zod';\n");
  await build({
    entryPoints: [entry],
    outfile: join(dist, 'zod.js'),
    bundle: true,
    minify: true,
    plugins: [englishOnly],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  rmSync(entry);
  writeFileSync(join(dist, 'zod.d.ts'), "export * from 'zod';\nexport { default } from 'zod';\n");
  const { version } = JSON.parse(readFileSync(require.resolve('zod/package.json'), 'utf8'));
  process.stdout.write(`bundled zod ${version} as ${ZOD}\n`);
}
