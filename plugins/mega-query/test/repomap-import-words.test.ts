import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FACTS_CHARS, structureOf } from '../src/repomap/facts.js';
import { loadGrammar } from '../src/repomap/grammars.js';
import { ecmascriptReader } from '../src/repomap/lang-ecmascript.js';
import { specCaptures } from '../src/repomap/language.js';

const require = createRequire(import.meta.url);

const LANGUAGE_OF: Record<string, 'typescript' | 'javascript'> = { '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript' };

/** Installed code nobody here wrote: every JavaScript and TypeScript file of four packages
 * (TypeScript's own lib.*.d.ts files declare without importing: the query is spared there). */
function corpus(): { path: string; text: string; language: 'typescript' | 'javascript' }[] {
  return ['vitest', 'zod', '@oclif/core', 'typescript'].flatMap((name) => {
    const root = dirname(require.resolve(`${name}/package.json`));
    return readdirSync(root, { recursive: true, withFileTypes: true }).flatMap((entry) => {
      const language = entry.isFile() ? LANGUAGE_OF[/\.[cm]?[jt]s$/.exec(entry.name)?.[0] ?? ''] : undefined;
      if (!language) return [];
      const path = join(entry.parentPath, entry.name);
      const text = readFileSync(path, 'utf8');
      return text.length > MAX_FACTS_CHARS ? [] : [{ path, text, language }];
    });
  });
}

/** The import query run on the whole tree, with no word check: what structureOf gave before it had one. */
async function queriedImports(text: string, language: 'typescript' | 'javascript'): Promise<string[]> {
  const reader = ecmascriptReader(language);
  const { parser, imports } = await loadGrammar(reader.grammar, reader.importQuery);
  const tree = parser.parse(text)!;
  try {
    return [...new Set(reader.importsOf(specCaptures(imports.captures(tree.rootNode))))];
  } finally {
    tree.delete();
  }
}

describe('structureOf: the import words', () => {
  it('skips the query only where it would find nothing, on installed JavaScript and TypeScript', async () => {
    const files = corpus();
    let skipped = 0;
    let withImports = 0;
    for (const { path, text, language } of files) {
      const queried = await queriedImports(text, language);
      const facts = await structureOf(text, language, path);
      expect(facts.imports, path).toEqual(queried);
      if (!/import|export|require/.test(text)) skipped++;
      if (queried.length > 0) withImports++;
    }
    // Both sides of the check were met: files the query is spared, and files with imports found.
    expect(skipped).toBeGreaterThan(20);
    expect(withImports).toBeGreaterThan(200);
  }, 120_000);

  it('finds, without the query, what the query finds in a tree without errors, however the import is written', async () => {
    const cases: Array<{ language: 'typescript' | 'javascript'; text: string }> = [
      { language: 'javascript', text: "import a from 'a';\nimport 'side';\nimport {\n  b,\n} from\n  \"b\";\nexport * from './c';\nexport { d as e } from './d';" },
      { language: 'javascript', text: "const f = require('f'), g = require?.('g'); require(require('inner')); require(/* c */ 'after-comment');" },
      { language: 'javascript', text: "load(() => import('./lazy')); import(/* webpackChunkName: \"x\" */ './chunk'); import ( 'spaced' );" },
      { language: 'javascript', text: "require('a\\nb'); require(''); require(`tpl`); require`tagged`; require(x, 'second');" },
      { language: 'javascript', text: "$require('no'); obj.require('no'); requireX('no'); new require('new'); xrequire('no'); require$('no');" },
      { language: 'javascript', text: "// import x from 'comment'\nconst s = \"require('string')\"; /* export * from 'block' */ const t = `${require('in-template')}`;" },
      { language: 'javascript', text: "const u = import.meta.url; export default require('default-export'); export const v = 1; const w = { import: 1, require: 2, export: 3 };" },
      { language: 'javascript', text: "const s = 'é😀 – astral before';\nconst x = require('after-astral'); const el = <div>import from 'jsx text'</div>;" },
      { language: 'typescript', text: "import type { T } from 't';\nimport fs = require('fs');\nexport import Q = N.Q;\ntype M = typeof import('./type-only');" },
      { language: 'typescript', text: "declare module 'm' {\n  import x from 'inside-module';\n  export * from 'reexported';\n}\nnamespace N { const r = require('in-namespace'); }" },
    ];
    for (const { language, text } of cases) {
      const reader = ecmascriptReader(language);
      const { parser } = await loadGrammar(reader.grammar, reader.importQuery);
      const tree = parser.parse(text)!;
      const hasError = tree.rootNode.hasError;
      tree.delete();
      expect(hasError, text).toBe(false);
      expect((await structureOf(text, language, 'case')).imports, text).toEqual(await queriedImports(text, language));
    }
    // Spot checks that the cases mean what they say.
    expect((await structureOf(cases[1]!.text, 'javascript', 'case')).imports).toEqual(['f', 'g', 'inner', 'after-comment']);
    // A comment before the specifier, as webpack's chunk names are written.
    expect((await structureOf(cases[2]!.text, 'javascript', 'case')).imports).toEqual(['./lazy', './chunk', 'spaced']);
    expect((await structureOf(cases[4]!.text, 'javascript', 'case')).imports).toEqual([]);
    expect((await structureOf(cases[7]!.text, 'javascript', 'case')).imports).toEqual(['after-astral']);
  });

  it('finds an import after a comment in a file with syntax errors too (the query path)', async () => {
    const text = "const broken = (;\nconst admin = () => import(/* webpackChunkName: 'admin' */ './admin');\nrequire(/* c */ 'x');\n";
    const reader = ecmascriptReader('javascript');
    const { parser } = await loadGrammar(reader.grammar, reader.importQuery);
    const tree = parser.parse(text)!;
    expect(tree.rootNode.hasError).toBe(true);
    tree.delete();
    expect((await structureOf(text, 'javascript', 'broken.js')).imports).toEqual(['./admin', 'x']);
  });

  it('still finds an import written past any other code', async () => {
    const text = `${'const a = 1;\n'.repeat(50)}function f() { return require('late'); }\n`;
    expect((await structureOf(text, 'javascript', 'late.js')).imports).toEqual(['late']);
    expect((await structureOf(text.replace("require('late')", "import('late')"), 'javascript', 'late.js')).imports).toEqual(['late']);
  });
});
