/** Fabricated scan output for chunk and analyse tests: files with real text, symbols, a repo map and a reader. */
import { createHash } from 'node:crypto';
import { estimateTextTokens } from '@loomkit/llm';
import type { ProtectedText, ReadProtected, RepoMap, ScannedFile, SymbolInfo } from '../src/types.js';

export interface FakeFile {
  path: string;
  text: string;
  symbols: SymbolInfo[];
  fenced?: boolean;
}

/** A TypeScript-like module: an import line, then `functions` exported functions of `body` lines each. */
export function tsModule(path: string, functions: number, body: number, salt = ''): FakeFile {
  const lines = [`import { helper } from './helper.js';`, ''];
  const symbols: SymbolInfo[] = [];
  for (let f = 0; f < functions; f++) {
    const signature = `export function ${path.replace(/\W/g, '_')}_${f}(input: number): number`;
    const startLine = lines.length + 1;
    lines.push(`${signature} {`);
    for (let b = 0; b < body; b++) lines.push(`  const step${b} = helper(input * ${b + 1}) + ${f}; // ${salt}`);
    lines.push('  return input;', '}');
    symbols.push({ name: `f${f}`, kind: 'function', signature, startLine, endLine: lines.length, exported: true });
    lines.push('');
  }
  return { path, text: `${lines.join('\n')}\n`, symbols };
}

/** A file with no symbols (docs, config). */
export const plainFile = (path: string, lines: number): FakeFile => ({
  path,
  text: `${Array.from({ length: lines }, (_, i) => `Line ${i + 1} of ${path}: some prose about the project.`).join('\n')}\n`,
  symbols: [],
});

const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

export function scanned(file: FakeFile): ScannedFile {
  return {
    path: file.path,
    size: Buffer.byteLength(file.text),
    hash: createHash('sha256').update(file.text).digest('hex').slice(0, 16),
    language: file.path.endsWith('.ts') ? 'typescript' : 'text',
    encoding: 'utf-8',
    lines: lineCount(file.text),
    tokens: estimateTextTokens(file.text),
    todos: 0,
    secrets: [],
    injection: { score: 0, verdict: 'benign' },
    facts: { symbols: file.symbols, imports: [] },
  };
}

export interface FakeRepo {
  files: ScannedFile[];
  byPath: Map<string, ScannedFile>;
  texts: Map<string, string>;
  map: RepoMap;
  read: ReadProtected;
}

/** A repo whose ranking is the order given (best first) unless `ranked` says otherwise. */
export function fakeRepo(sources: FakeFile[], options: { edges?: Array<[string, string]>; ranked?: string[] } = {}): FakeRepo {
  const files = sources.map(scanned);
  const texts = new Map(sources.map((source) => [source.path, source.text]));
  const fenced = new Set(sources.filter((source) => source.fenced).map((source) => source.path));
  const order = options.ranked ?? sources.map((source) => source.path);
  const map: RepoMap = {
    graph: { edges: options.edges ?? [], hubs: [], cycles: [] },
    ranked: order.map((path, i) => ({ path, score: 1 - i / order.length, pagerank: 0, churn: 0, relevance: 0, role: 'implementation' as const })),
  };
  const read: ReadProtected = async (path): Promise<ProtectedText> => {
    const text = texts.get(path);
    if (text === undefined) throw new Error(`no such file ${path}`);
    return { text, redactions: 0, fenced: fenced.has(path) };
  };
  return { files, byPath: new Map(files.map((file) => [file.path, file])), texts, map, read };
}

/** Best first: the big module and core code on top; docs and scripts at the bottom. */
export const SAMPLE_RANKING = [
  'src/util/big.ts',
  'src/core/engine.ts',
  'src/api/routes.ts',
  'src/util/strings.ts',
  'src/api/handlers.ts',
  'src/core/graph.ts',
  'src/core/helper.ts',
  'src/util/dates.ts',
  'docs/guide.md',
  'README.md',
  'scripts/build.ts',
  'scripts/release.ts',
];

/** A varied small repository: modules in three folders, a big one, and docs without symbols. */
export function sampleSources(): FakeFile[] {
  return [
    tsModule('src/core/engine.ts', 12, 14),
    tsModule('src/core/graph.ts', 6, 10),
    tsModule('src/core/helper.ts', 3, 4),
    tsModule('src/api/routes.ts', 8, 9),
    tsModule('src/api/handlers.ts', 10, 8),
    tsModule('src/util/strings.ts', 5, 6),
    tsModule('src/util/dates.ts', 4, 7),
    tsModule('src/util/big.ts', 40, 12),
    plainFile('docs/guide.md', 30),
    plainFile('README.md', 12),
    tsModule('scripts/build.ts', 3, 5),
    tsModule('scripts/release.ts', 2, 6),
  ];
}
