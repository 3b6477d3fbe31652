// Build step of every first-party runtime package (run from its folder after `tsc -b`):
// rewrites the JavaScript of its entry modules in dist/ as esbuild bundles, so a command loads
// a handful of files instead of one per source module. On Node 20 (no module compile cache)
// each ES module costs about a millisecond to resolve, read, parse and link; `session list`
// loaded ~290 of them. tsc still emits the declarations (and the other .js files, now unused).
//
// Entries, each kept at the path it had (so `exports`, oclif's manifest and the `loom` field
// resolve exactly as before, and the package still works on its own):
//   - `exports` targets under dist/ that come from a src/*.ts module, and the `loom` entry;
//   - oclif's command modules (src/commands/**), hooks and help class;
//   - modules started by path, e.g. a worker: `new URL('…/x.js', import.meta.url)` naming a file
//     whose source is in src/.
// Code shared by entries goes to dist/chunks/, except for early answers (the modules the CLI's
// `earlyAnswers` and `earlyHooks` name, and the kernel's `./early` they all import): each is one file of its
// own, as it is most often all a process loads and one file imports faster than its chunks
// (metrics' with the kernel's: 23 ms instead of 29; the kernel's part stays its own package,
// versioned apart). Declined, its code loads a second time with the command's. Bare imports stay imports (each dependency loads
// from node_modules, lazily where the source is lazy), except `zod`: every first-party package
// imports the one bundled copy the kernel serves as `@loomkit/kernel/zod` (one instance; zod 4
// is ~95 modules). `import.meta.url` is rewritten to the module's original dist/ URL, so paths
// relative to it (`../package.json`, data files, workers) mean what they meant.
// A CommonJS dependency is loaded with `require` (see requireShim below), not imported.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

// esbuild and cjs-module-lexer are devDependencies of the CLI (which bundles its vendor file too); one copy for all.
const cliRequire = createRequire(new URL('../apps/cli/package.json', import.meta.url));
const { build } = cliRequire('esbuild');
const { parse: parseCjs } = cliRequire('cjs-module-lexer');

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cli = JSON.parse(readFileSync(new URL('../apps/cli/package.json', import.meta.url), 'utf8'));
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
  for (const helpClass of exportTargets(pkg.oclif?.helpClass ?? {})) add(helpClass);
  // Modules started by path (workers): found in every module reachable or not, to the fixpoint.
  for (const file of walk(src).filter((f) => f.endsWith('.ts'))) {
    for (const [, path] of readFileSync(file, 'utf8').matchAll(/new URL\(\s*['"]([^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g)) {
      add(relative(root, resolve(dirname(distPathOf(file)), path)));
    }
  }
  return [...found];
}

const distPathOf = (ts) => join(dist, relative(src, ts)).replace(/\.ts$/, '.js');

/** The sources of this package's early answers (see above). */
function earlyEntries() {
  const early = [...Object.values(cli.earlyAnswers ?? {}), ...Object.values(cli.earlyHooks ?? {}).flat()];
  const subpaths = early.filter((specifier) => specifier.startsWith(`${pkg.name}/`)).map((specifier) => `.${specifier.slice(pkg.name.length)}`);
  if (pkg.name === '@loomkit/kernel') subpaths.push('./early');
  return [...new Set(subpaths.flatMap((subpath) => exportTargets(pkg.exports?.[subpath]).map(sourceOf).filter(Boolean)))];
}

// The module's dist/ URL, found from the package itself so it holds in whichever chunk the code lands.
const selfUrl = (ts) => `new URL(${JSON.stringify(`./${posix.join(...relative(root, distPathOf(ts)).split(sep))}`)}, import.meta.resolve(${JSON.stringify(`${pkg.name}/package.json`)})).href`;

/**
 * The file a bare specifier names when it is CommonJS that `import` and `require` both resolve
 * to (no `import`/`require` conditions in its package's exports), else undefined.
 */
function commonJsTarget(specifier, importer) {
  let file;
  try {
    file = createRequire(importer).resolve(specifier);
  } catch {
    return undefined;
  }
  if (!/\.c?js$/.test(file)) return undefined;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (file.endsWith('.js') && json.type === 'module') return undefined;
    if (json.name !== name) continue;
    return /"(import|require)"\s*:/.test(JSON.stringify(json.exports ?? {})) ? undefined : file;
  }
  return undefined;
}

/** The named exports Node's ESM loader gives a CommonJS file: cjs-module-lexer's, reexports followed, as Node 20 does. */
function commonJsNames(file, seen = new Set()) {
  if (seen.has(file)) return [];
  seen.add(file);
  let parsed;
  try {
    parsed = parseCjs(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const names = new Set(parsed.exports);
  for (const reexport of parsed.reexports) {
    let target;
    try {
      target = createRequire(file).resolve(reexport);
    } catch {
      continue;
    }
    if (/\.c?js$/.test(target)) for (const name of commonJsNames(target, seen)) names.add(name);
  }
  names.delete('default');
  return [...names];
}

/**
 * Node 20 imports a CommonJS package into an ES module by reading its source (and every file it
 * re-exports from) through cjs-module-lexer to find the export names: for oclif, tsyringe,
 * semver and reflect-metadata that was ~100 ms of CPU at every start, the modules themselves
 * coming from require's cache. So a CommonJS import becomes a module that `require`s it and
 * exports what Node's loader would have: `default` as module.exports, the names the lexer finds.
 */
function requireShim(specifier, names) {
  const binding = names.map((name, n) => `${JSON.stringify(name)}: e${n}`).join(', ');
  return [
    "import { createRequire } from 'node:module';",
    `const m = createRequire(import.meta.url)(${JSON.stringify(specifier)});`,
    'export default m;',
    ...(names.length ? [`const { ${binding} } = m;`, `export { ${names.map((name, n) => `e${n} as ${JSON.stringify(name)}`).join(', ')} };`] : []),
  ].join('\n');
}

const loomPlugin = {
  name: 'loom',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: ZOD, external: true }));
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@loomkit/') || args.namespace === 'require-shim' || !args.importer) return undefined;
      const file = commonJsTarget(args.path, args.importer);
      return file ? { path: args.path, namespace: 'require-shim', pluginData: { names: commonJsNames(file) } } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'require-shim' }, (args) => ({ contents: requireShim(args.path, args.pluginData.names), loader: 'js' }));
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      return { contents: text.includes('import.meta.url') ? text.replaceAll('import.meta.url', selfUrl(args.path)) : text, loader: 'ts' };
    });
  },
};

if (!pkg.exports?.['./package.json']) throw new Error(`${pkg.name}: bundling needs "./package.json" in exports (import.meta.url is resolved through it)`);
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
const early = earlyEntries();
const shared = {
  outbase: src,
  outdir: dist,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [loomPlugin],
  logLevel: 'warning',
  legalComments: 'none',
};
if (early.length > 0) await build({ ...shared, entryPoints: early, splitting: false });
await build({ ...shared, entryPoints: entries().filter((entry) => !early.includes(entry)), splitting: true, chunkNames: 'chunks/[name]-[hash]' });

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
