import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { createGeneratedRepo } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../src/repomap/facts.js';
import { buildImportGraph } from '../src/repomap/import-graph.js';
import type { ScannedFile } from '../src/types.js';
import { importing, languageOf, scannedFile } from './repomap-helpers.js';

/** What `from` imports, as resolved among `files`. */
function targetsOf(files: ScannedFile[], from: string): string[] {
  return buildImportGraph(files)
    .edges.filter(([importer]) => importer === from)
    .map(([, imported]) => imported)
    .sort();
}

describe('buildImportGraph: TypeScript and JavaScript', () => {
  const files = [
    importing('src/app.ts', './util.js', './components', '../outside.js', 'react', 'node:fs', './widgets/button.jsx', './legacy.mjs', './data.json'),
    scannedFile('src/util.ts', {}),
    scannedFile('src/components/index.tsx', {}),
    scannedFile('src/widgets/button.tsx', {}),
    scannedFile('src/legacy.mjs', {}),
    scannedFile('src/data.json', undefined, 'json'),
    importing('lib/a.js', '../src/util', './b'),
    scannedFile('lib/b.js', {}),
    scannedFile('outside.ts', {}),
  ];

  it('maps compiled extensions back to sources and folders to their index', () => {
    expect(targetsOf(files, 'src/app.ts')).toEqual(['outside.ts', 'src/components/index.tsx', 'src/data.json', 'src/legacy.mjs', 'src/util.ts', 'src/widgets/button.tsx']);
  });

  it('adds the missing extension of a plain require-style path', () => {
    expect(targetsOf(files, 'lib/a.js')).toEqual(['lib/b.js', 'src/util.ts']);
  });

  it('resolves the same relative specifier from each folder to that folder\'s file', () => {
    // Resolutions are remembered by folder and specifier: one folder's answer is never another's.
    const same = [importing('a/x.ts', './util', '../b/util'), importing('b/y.ts', './util'), importing('b/z.ts', './util'), scannedFile('a/util.ts', {}), scannedFile('b/util.js', {})];
    expect(targetsOf(same, 'a/x.ts')).toEqual(['a/util.ts', 'b/util.js']);
    expect(targetsOf(same, 'b/y.ts')).toEqual(['b/util.js']);
    expect(targetsOf(same, 'b/z.ts')).toEqual(['b/util.js']);
    // Another set of files is another answer for the same folder and specifier.
    expect(targetsOf([importing('a/x.ts', './util'), scannedFile('a/util.tsx', {})], 'a/x.ts')).toEqual(['a/util.tsx']);
  });

  it('ignores bare specifiers and paths that climb out of the root', () => {
    const graph = buildImportGraph([importing('a.ts', 'lodash', '@scope/pkg/sub', '../../etc/passwd'), scannedFile('lodash.ts', {})]);
    expect(graph.edges).toEqual([]);
  });
});

describe('buildImportGraph: Python', () => {
  it('resolves relative modules against the package and absolute ones from source roots', () => {
    const files = [
      importing('src/shop/orders/service.py', '.models', '..db', '.', 'shop.payments.gateway', 'requests', '.missing_name'),
      scannedFile('src/shop/orders/models.py', {}),
      scannedFile('src/shop/orders/__init__.py', {}),
      scannedFile('src/shop/db/__init__.py', {}),
      scannedFile('src/shop/payments/gateway.py', {}),
    ];
    expect(targetsOf(files, 'src/shop/orders/service.py')).toEqual([
      'src/shop/db/__init__.py',
      'src/shop/orders/__init__.py',
      'src/shop/orders/models.py',
      'src/shop/payments/gateway.py',
    ]);
  });

  it('finds a top-level package from the root', () => {
    const files = [importing('scripts/run.py', 'app.config'), scannedFile('app/config.py', {}), scannedFile('scripts/app/config.py', {})];
    expect(targetsOf(files, 'scripts/run.py')).toEqual(['app/config.py']);
  });
});

describe('buildImportGraph: Go', () => {
  it('links an import path to every non-test file of the package folder it ends with', () => {
    const files = [
      importing('cmd/server/main.go', 'github.com/acme/shop/internal/store', 'fmt', 'github.com/other/lib'),
      scannedFile('internal/store/store.go', {}),
      scannedFile('internal/store/cache.go', {}),
      scannedFile('internal/store/store_test.go', {}),
      scannedFile('internal/store/README.md', undefined, 'markdown'),
      scannedFile('fmt/fmt.go', {}),
    ];
    expect(targetsOf(files, 'cmd/server/main.go')).toEqual(['internal/store/cache.go', 'internal/store/store.go']);
  });
});

describe('buildImportGraph: Rust', () => {
  const files = [
    importing('src/main.rs', 'mod server', 'mod config', 'std::collections::HashMap', 'serde::Deserialize'),
    importing('src/server.rs', 'mod routes', 'crate::config::Settings', 'super::util'),
    scannedFile('src/server/routes.rs', {}),
    importing('src/config/mod.rs', 'self::defaults::LIMIT', 'crate::Error'),
    scannedFile('src/config/defaults.rs', {}),
    scannedFile('src/util.rs', {}),
    importing('src/server/routes/admin.rs', 'super::super::super::util', 'super::super::Handler', 'crate::server::routes'),
  ];

  it('resolves mod declarations beside the file or in its folder', () => {
    expect(targetsOf(files, 'src/main.rs')).toEqual(['src/config/mod.rs', 'src/server.rs']);
  });

  it('resolves crate, self and super paths to the longest module that exists', () => {
    expect(targetsOf(files, 'src/server.rs')).toEqual(['src/config/mod.rs', 'src/server/routes.rs', 'src/util.rs']);
    expect(targetsOf(files, 'src/config/mod.rs')).toEqual(['src/config/defaults.rs', 'src/main.rs']);
    // super::super is `server`: an item in it resolves to server.rs.
    expect(targetsOf(files, 'src/server/routes/admin.rs')).toEqual(['src/server.rs', 'src/server/routes.rs', 'src/util.rs']);
  });
});

describe('buildImportGraph: Java', () => {
  it('resolves classes, static members and packages by path suffix', () => {
    const files = [
      importing('app/src/main/java/com/acme/App.java', 'com.acme.billing.Invoice', 'com.acme.util.Strings.isBlank', 'com.acme.events.*', 'java.util.List'),
      scannedFile('billing/src/main/java/com/acme/billing/Invoice.java', {}),
      scannedFile('app/src/main/java/com/acme/util/Strings.java', {}),
      scannedFile('app/src/main/java/com/acme/events/Created.java', {}),
      scannedFile('app/src/main/java/com/acme/events/Deleted.java', {}),
      scannedFile('app/src/main/java/com/acme/events/sub/Nested.java', {}),
    ];
    expect(targetsOf(files, 'app/src/main/java/com/acme/App.java')).toEqual([
      'app/src/main/java/com/acme/events/Created.java',
      'app/src/main/java/com/acme/events/Deleted.java',
      'app/src/main/java/com/acme/util/Strings.java',
      'billing/src/main/java/com/acme/billing/Invoice.java',
    ]);
  });
});

describe('buildImportGraph: hubs and cycles', () => {
  it('finds the cycle a → b → c → a, not the file outside it', () => {
    const files = [importing('a.ts', './b.js'), importing('b.ts', './c.js'), importing('c.ts', './a.js', './standalone.js'), scannedFile('standalone.ts', {})];
    expect(buildImportGraph(files).cycles).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('reports no cycle in a tree, and each cycle once in a graph with two', () => {
    expect(buildImportGraph([importing('a.ts', './b.js', './c.js'), importing('b.ts', './c.js'), scannedFile('c.ts', {})]).cycles).toEqual([]);
    const two = [importing('x.ts', './y.js'), importing('y.ts', './x.js', './p.js'), importing('p.ts', './q.js'), importing('q.ts', './r.js'), importing('r.ts', './p.js')];
    expect(buildImportGraph(two).cycles).toEqual([
      ['p.ts', 'q.ts', 'r.ts'],
      ['x.ts', 'y.ts'],
    ]);
  });

  it('survives a 30,000-file import chain closing into one cycle', () => {
    const count = 30_000;
    const files = Array.from({ length: count }, (_, i) => importing(`m${i}.ts`, `./m${(i + 1) % count}.js`));
    const { cycles, edges } = buildImportGraph(files);
    expect(edges).toHaveLength(count);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(count);
  });

  it('ranks hubs by importers, at most ten, ties by path', () => {
    const files = [
      ...Array.from({ length: 12 }, (_, i) => importing(`leaf${i}.ts`, './core.js', ...(i < 5 ? ['./util.js'] : []), `./lib${i}.js`)),
      scannedFile('core.ts', {}),
      scannedFile('util.ts', {}),
      ...Array.from({ length: 12 }, (_, i) => scannedFile(`lib${i}.ts`, {})),
    ];
    const { hubs } = buildImportGraph(files);
    expect(hubs).toHaveLength(10);
    expect(hubs[0]).toEqual({ path: 'core.ts', importers: 12 });
    expect(hubs[1]).toEqual({ path: 'util.ts', importers: 5 });
    expect(hubs.slice(2).map((hub) => hub.path)).toEqual(['lib0.ts', 'lib1.ts', 'lib10.ts', 'lib11.ts', 'lib2.ts', 'lib3.ts', 'lib4.ts', 'lib5.ts']);
  });

  it('counts an importer once however many specifiers name the same file', () => {
    const graph = buildImportGraph([importing('a.ts', './b.js', './b', './b.ts'), scannedFile('b.ts', {})]);
    expect(graph.edges).toEqual([['a.ts', 'b.ts']]);
    expect(graph.hubs).toEqual([{ path: 'b.ts', importers: 1 }]);
  });
});

describe('buildImportGraph on a generated repository', () => {
  it('resolves every import the generator wrote, in all five languages', async () => {
    const repo = await createGeneratedRepo({ files: 160, seed: 7 });
    try {
      const files = await Promise.all(
        repo.files.map(async (path) => {
          const text = await readFile(join(repo.root, path), 'utf8');
          return scannedFile(path, await extractFacts(text, languageOf(path)));
        }),
      );
      const graph = buildImportGraph(files);
      expect(new Set(files.map((file) => file.language))).toEqual(new Set(['typescript', 'python', 'go', 'rust', 'java']));
      expect(graph.edges.length).toBeGreaterThan(files.length);
      for (const file of files) {
        const written = file.facts!.imports.length;
        const resolved = graph.edges.filter(([from]) => from === file.path);
        if (file.language === 'go') {
          // A Go import names a package folder: each resolved file is in a folder it names.
          for (const [, to] of resolved) {
            const folder = posix.dirname(to).replace(/^go\//, '');
            expect(file.facts!.imports.some((specifier) => specifier.endsWith(`/${folder}`))).toBe(true);
          }
          expect(resolved.length).toBeGreaterThanOrEqual(written);
        } else {
          expect(resolved.length, file.path).toBe(written);
        }
      }
      // The generator plants a cycle between its first two files.
      expect(graph.cycles.some((cycle) => cycle.includes(repo.files.find((path) => path.includes('-0.ts'))!))).toBe(true);
      expect(graph.hubs[0]!.importers).toBeGreaterThan(3);
    } finally {
      await repo.cleanup();
    }
  });
});

describe('buildImportGraph: workspace packages', () => {
  it('resolves bare imports of packages whose package.json was scanned to their source, and leaves dependencies out', async () => {
    const manifest = async (path: string, name: unknown) => ({ ...scannedFile(path, undefined, 'json'), facts: await extractFacts(JSON.stringify({ name, main: 'dist/index.js' }), 'json', path) });
    const files = [
      await manifest('packages/kernel/package.json', '@acme/kernel'),
      scannedFile('packages/kernel/src/index.ts', {}),
      scannedFile('packages/kernel/src/command/index.ts', {}),
      await manifest('tools/package.json', 'acme-tools'),
      scannedFile('tools/index.ts', {}),
      await manifest('broken/package.json', 42),
      importing('apps/cli/src/main.ts', '@acme/kernel', '@acme/kernel/command', 'acme-tools', '@acme/missing', 'react'),
    ];
    expect(targetsOf(files, 'apps/cli/src/main.ts')).toEqual(['packages/kernel/src/command/index.ts', 'packages/kernel/src/index.ts', 'tools/index.ts']);
  });

  it('takes nothing from a package.json that does not parse', async () => {
    expect(await extractFacts('{ "name": ', 'json', 'package.json')).toMatchObject({ symbols: [], imports: [] });
    expect((await extractFacts('{"name":"x"}', 'json', 'lib/package.json')).symbols.map((symbol) => symbol.name)).toEqual(['x']);
    expect((await extractFacts('{"name":"x"}', 'json', 'lib/not-package.json')).symbols).toEqual([]);
  });
});
