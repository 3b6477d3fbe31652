import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language, Parser, Query } from '@vscode/tree-sitter-wasm';

/** A loaded grammar: one parser and the compiled import query, reused for every file of the language. */
export interface Grammar {
  parser: Parser;
  imports: Query;
}

type TreeSitter = typeof import('@vscode/tree-sitter-wasm');

// The package is CommonJS with WASM beside it; load it on first use so a bare scan never pays for it.
const require = createRequire(import.meta.url);
let runtime: Promise<TreeSitter> | undefined;
const grammars = new Map<string, Promise<Grammar>>();

function loadRuntime(): Promise<TreeSitter> {
  runtime ??= (async () => {
    const treeSitter = require('@vscode/tree-sitter-wasm') as TreeSitter;
    await treeSitter.Parser.init();
    return treeSitter;
  })();
  return runtime;
}

function wasmPath(grammar: string): string {
  return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm', `tree-sitter-${grammar}.wasm`);
}

/**
 * The parser of a grammar (`typescript`, `tsx`, `python`…) with its import query compiled.
 * Concurrent first callers share one load.
 */
export function loadGrammar(grammar: string, importQuery: string): Promise<Grammar> {
  let loading = grammars.get(grammar);
  if (!loading) {
    loading = (async () => {
      const { Parser, Language, Query } = await loadRuntime();
      const language: Language = await Language.load(wasmPath(grammar));
      const parser = new Parser();
      parser.setLanguage(language);
      return { parser, imports: new Query(language, importQuery) };
    })().catch(async (error: unknown) => {
      grammars.delete(grammar);
      // Loaded here, not at import: a scan worker (scan/worker.ts) runs this module without the kernel.
      const { LoomError } = await import('@loomkit/kernel');
      throw new LoomError('MEGA_GRAMMAR_LOAD', `Could not load the tree-sitter grammar for ${grammar}.`, {
        hint: 'Reinstall dependencies (pnpm install): @vscode/tree-sitter-wasm ships the grammars.',
        cause: error,
      });
    });
    grammars.set(grammar, loading);
  }
  return loading;
}
