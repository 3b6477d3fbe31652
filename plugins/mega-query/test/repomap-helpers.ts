import type { FileFacts, ScannedFile, SymbolInfo } from '../src/types.js';

/** A scanned file with plausible scan fields; only path, language and facts matter to the repo map. */
export function scannedFile(path: string, facts?: Partial<FileFacts>, language = languageOf(path)): ScannedFile {
  const file: ScannedFile = {
    path,
    size: 1200,
    hash: path.length.toString(16).padStart(16, '0'),
    language,
    encoding: 'utf-8',
    lines: 40,
    tokens: 340,
    todos: 0,
    secrets: [],
    injection: { score: 0, verdict: 'benign' },
  };
  if (facts) file.facts = { symbols: facts.symbols ?? [], imports: facts.imports ?? [] };
  return file;
}

const LANGUAGES: Record<string, string> = { ts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', py: 'python', go: 'go', rs: 'rust', java: 'java' };

export function languageOf(path: string): string {
  return LANGUAGES[path.slice(path.lastIndexOf('.') + 1)] ?? 'text';
}

/** A file that imports `imports`, resolved as its language would. */
export const importing = (path: string, ...imports: string[]): ScannedFile => scannedFile(path, { imports });

/** The 1-based line of the first occurrence of `needle` in `source` (fails loudly when absent). */
export function lineOf(source: string, needle: string): number {
  const at = source.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the source`);
  return source.slice(0, at).split('\n').length;
}

/** The 1-based line where the first occurrence of `needle` ends. */
export function lastLineOf(source: string, needle: string): number {
  return lineOf(source, needle) + needle.split('\n').length - 1;
}

export function symbol(name: string, signature: string, extra: Partial<SymbolInfo> = {}): SymbolInfo {
  return { name, kind: 'function', signature, startLine: 1, endLine: 1, exported: true, ...extra };
}
