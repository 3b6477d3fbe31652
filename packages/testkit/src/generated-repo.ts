import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { prng } from './fake-claude/ids.js';

/**
 * A deterministic synthetic repository for tests and benchmarks of whole-repo tools: N source
 * files (mostly TypeScript, some Python, Go, Rust and Java) in nested folders, whose relative
 * imports resolve, so an import graph with hubs and a cycle exists; a few files large enough
 * to need splitting, TODO/FIXME markers, and optionally a git history of two commits.
 */
export interface GeneratedRepoOptions {
  /** How many source files to write (README.md and go.mod come on top). */
  files: number;
  /** Same seed, same repository, byte for byte (default 1). */
  seed?: number;
  /** `git init` and two commits touching different subsets, so churn varies. */
  git?: boolean;
  /** Write here (created if missing) instead of a new temp folder. */
  dir?: string;
}

export interface GeneratedRepo {
  /** Absolute, realpath'd root. */
  root: string;
  /** POSIX paths of the source files, relative to the root, sorted. */
  files: string[];
  cleanup(): Promise<void>;
}

/** Large files are at least this big: over 60k tokens at ~4 characters a token. */
export const GENERATED_LARGE_FILE_BYTES = 300 * 1024;

const AREAS = ['core', 'api', 'auth', 'billing', 'cache', 'config', 'db', 'events', 'http', 'jobs', 'search', 'ui'];
const SUBAREAS = ['handlers', 'services', 'adapters', 'helpers', 'schemas'];
const VERSIONS = ['v1', 'v2'];
const NOUNS = ['user', 'order', 'session', 'token', 'invoice', 'queue', 'record', 'report', 'account', 'message', 'payment', 'profile', 'cursor', 'event', 'ledger', 'index'];
const VERBS = ['parse', 'load', 'build', 'render', 'resolve', 'store', 'fetch', 'merge', 'split', 'check', 'encode', 'apply', 'format', 'track'];
const MARKERS = ['TODO: handle the empty case', 'FIXME: this allocates on every call', 'TODO: cache the result', 'FIXME: race when two writers overlap'];
/** A module that many files import: the import graph's hubs. */
const HUB_COUNT = 5;

type Rng = () => number;


const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

interface GenFile {
  index: number;
  path: string;
  syntax: Syntax;
  /** The function every importer of this file calls. */
  symbol: string;
}

/** How one language spells the few things a generated file contains. */
interface Syntax {
  root: string;
  comment: string;
  fileName(verb: string, noun: string, index: number): string;
  symbol(verb: string, noun: string, index: number): string;
  header(file: GenFile): string[];
  importOf(from: GenFile, to: GenFile): string;
  fn(name: string, calls: string[], body: string[]): string[];
  statement(n: number): string;
}

const relativeModule = (from: string, to: string) => {
  const path = posix.relative(posix.dirname(from), to);
  return path.startsWith('.') ? path : `./${path}`;
};

const typescript: Syntax = {
  root: 'src',
  comment: '//',
  fileName: (verb, noun, index) => `${noun}-${verb}-${index}.ts`,
  symbol: (verb, noun, index) => `${verb}${capital(noun)}${index}`,
  header: () => [],
  importOf: (from, to) => `import { ${to.symbol} } from '${relativeModule(from.path, to.path).replace(/\.ts$/, '.js')}';`,
  fn: (name, calls, body) => [`export function ${name}(input: number): number {`, ...calls.map((call) => `  input += ${call}(input);`), ...body.map((line) => `  ${line}`), '  return input;', '}'],
  statement: (n) => `const v${n} = input * ${n} + ${(n * 7) % 13};`,
};

/** Python's relative import: one dot for the importer's package, one more per level up. */
function pythonRelative(from: string, to: string): string {
  const up = posix.relative(posix.dirname(from), posix.dirname(to)).split('/').filter((part) => part === '..').length;
  const down = posix.relative(posix.dirname(from), to).split('/').filter((part) => part !== '..');
  return `${'.'.repeat(up + 1)}${down.join('.').replace(/\.py$/, '')}`;
}

const python: Syntax = {
  root: 'py/app',
  comment: '#',
  fileName: (verb, noun, index) => `${noun}_${verb}_${index}.py`,
  symbol: (verb, noun, index) => `${verb}_${noun}_${index}`,
  header: () => [],
  importOf: (from, to) => `from ${pythonRelative(from.path, to.path)} import ${to.symbol}`,
  fn: (name, calls, body) => [`def ${name}(value):`, ...calls.map((call) => `    value += ${call}(value)`), ...body.map((line) => `    ${line}`), '    return value', ''],
  statement: (n) => `v${n} = value * ${n} + ${(n * 7) % 13}`,
};

const GO_MODULE = 'example.invalid/gen/go';
const goPackage = (path: string) => posix.basename(posix.dirname(path));

const go: Syntax = {
  root: 'go',
  comment: '//',
  fileName: (verb, noun, index) => `${noun}_${verb}_${index}.go`,
  symbol: (verb, noun, index) => `${capital(verb)}${capital(noun)}${index}`,
  header: (file) => [`package ${goPackage(file.path)}`, ''],
  importOf: (_from, to) => `import ${goPackage(to.path)}${to.index} "${GO_MODULE}/${posix.dirname(posix.relative('go', to.path))}"`,
  fn: (name, calls, body) => [`func ${name}(value int) int {`, ...calls.map((call) => `\tvalue += ${call}(value)`), ...body.map((line) => `\t${line}`), '\treturn value', '}'],
  statement: (n) => `v${n} := value*${n} + ${(n * 7) % 13}; _ = v${n}`,
};

const rust: Syntax = {
  root: 'rust/src',
  comment: '//',
  fileName: (verb, noun, index) => `${noun}_${verb}_${index}.rs`,
  symbol: (verb, noun, index) => `${verb}_${noun}_${index}`,
  header: () => [],
  importOf: (_from, to) => `use crate::${posix.relative('rust/src', to.path).replace(/\.rs$/, '').split('/').join('::')}::${to.symbol};`,
  fn: (name, calls, body) => [`pub fn ${name}(mut value: i64) -> i64 {`, ...calls.map((call) => `    value += ${call}(value);`), ...body.map((line) => `    ${line}`), '    value', '}'],
  statement: (n) => `let _v${n} = value * ${n} + ${(n * 7) % 13};`,
};

const JAVA_ROOT = 'java/src/main/java';
const javaPackage = (path: string) => posix.dirname(posix.relative(JAVA_ROOT, path)).split('/').join('.');
const javaClass = (path: string) => posix.basename(path, '.java');

const java: Syntax = {
  root: `${JAVA_ROOT}/gen`,
  comment: '//',
  fileName: (verb, noun, index) => `${capital(noun)}${capital(verb)}${index}.java`,
  symbol: (verb, noun, index) => `${verb}${capital(noun)}${index}`,
  header: (file) => [`package ${javaPackage(file.path)};`, ''],
  importOf: (_from, to) => `import static ${javaPackage(to.path)}.${javaClass(to.path)}.${to.symbol};`,
  // Java has no free functions: the file's class wraps them (see `wrapJava`).
  fn: (name, calls, body) => [`    public static int ${name}(int value) {`, ...calls.map((call) => `        value += ${call}(value);`), ...body.map((line) => `        ${line}`), '        return value;', '    }'],
  statement: (n) => `int v${n} = value * ${n} + ${(n * 7) % 13};`,
};

/** Mostly TypeScript, as a typical web repository; the rest split among four languages. */
function syntaxFor(rng: Rng): Syntax {
  const roll = rng();
  if (roll < 0.75) return typescript;
  if (roll < 0.83) return python;
  if (roll < 0.89) return go;
  if (roll < 0.95) return rust;
  return java;
}

/** 1–3 folders below the language root (`api/`, `api/handlers/`, `api/handlers/v1/`), a dozen files or so in each. */
function folderFor(rng: Rng): string {
  const depth = rng();
  const parts = [pick(rng, AREAS)];
  if (depth > 0.4) parts.push(pick(rng, SUBAREAS));
  if (depth > 0.85) parts.push(pick(rng, VERSIONS));
  return parts.join('/');
}

function layout(count: number, rng: Rng): GenFile[] {
  const files: GenFile[] = [];
  for (let index = 0; index < count; index += 1) {
    const syntax = index < 2 ? typescript : syntaxFor(rng); // the first two TS files form the planted cycle
    const verb = pick(rng, VERBS);
    const noun = pick(rng, NOUNS);
    const path = `${syntax.root}/${folderFor(rng)}/${syntax.fileName(verb, noun, index)}`;
    files.push({ index, path, syntax, symbol: syntax.symbol(verb, noun, index) });
  }
  return files;
}

/** What a file imports: hubs of its language, a few earlier files, and the 0 ↔ 1 cycle. */
function importsOf(file: GenFile, sameLanguage: GenFile[], rng: Rng): GenFile[] {
  const chosen = new Set<GenFile>();
  if (file.index === 0 && sameLanguage[1]) chosen.add(sameLanguage[1]);
  if (file.index === 1 && sameLanguage[0]) chosen.add(sameLanguage[0]);
  const hubs = sameLanguage.slice(0, HUB_COUNT);
  const position = sameLanguage.indexOf(file);
  if (position >= HUB_COUNT) {
    for (let n = between(rng, 1, 2); n > 0; n -= 1) chosen.add(pick(rng, hubs));
    for (let n = between(rng, 0, 2); n > 0; n -= 1) chosen.add(sameLanguage[Math.floor(rng() * position)] as GenFile);
  }
  chosen.delete(file);
  return [...chosen];
}

function bodyOf(syntax: Syntax, lines: number, rng: Rng): string[] {
  const body: string[] = [];
  for (let n = 1; n <= lines; n += 1) body.push(rng() < 0.02 ? `${syntax.comment} ${pick(rng, MARKERS)}` : syntax.statement(n));
  return body;
}

function contentOf(file: GenFile, imports: GenFile[], large: boolean, rng: Rng): string {
  const { syntax } = file;
  const lines = [`${syntax.comment} Generated file ${file.index}: ${file.path}`, ...syntax.header(file), ...imports.map((to) => syntax.importOf(file, to)), ''];
  if (rng() < 0.15) lines.push(`${syntax.comment} ${pick(rng, MARKERS)}`);
  const calls = imports.map((to) => (syntax === go ? `${goPackage(to.path)}${to.index}.${to.symbol}` : to.symbol));
  const functions: string[] = [...syntax.fn(file.symbol, calls, bodyOf(syntax, between(rng, 2, 30), rng)), ''];
  let size = functions.join('\n').length;
  const target = large ? GENERATED_LARGE_FILE_BYTES + between(rng, 8, 64) * 1024 : 0;
  const extra = large ? Number.POSITIVE_INFINITY : between(rng, 0, 6);
  for (let n = 1; n <= extra && (!large || size < target); n += 1) {
    const fn = [...syntax.fn(`${file.symbol}_part${n}`, [], bodyOf(syntax, large ? between(rng, 20, 80) : between(rng, 1, 25), rng)), ''];
    size += fn.join('\n').length;
    functions.push(...fn);
  }
  const body = syntax === java ? [`public final class ${javaClass(file.path)} {`, ...functions, '}'] : functions;
  return `${[...lines, ...body].join('\n')}\n`;
}

const README = (count: number, seed: number) =>
  `# Generated repository\n\n${count} source files generated from seed ${seed} by @loomkit/testkit for tests and benchmarks.\nNothing here runs; imports resolve so tools can build an import graph.\n`;

// A throw-away repo needs no fsync: skipping it is most of the speed on slow disks.
const GIT_CONFIG = ['-c', 'user.name=loom', '-c', 'user.email=loom@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.fsync=none', '-c', 'gc.auto=0'];

/** Fixed dates make commit ids, and so the whole history, repeatable. */
async function git(root: string, args: string[], date = '2024-01-01T00:00:00Z'): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  await promisify(execFile)('git', [...GIT_CONFIG, ...args], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
}

/**
 * Writes the repository. The first commit holds about two thirds of the files; the second adds
 * the rest and edits a tenth of the first ones, so those have a churn of 2.
 */
export async function createGeneratedRepo(options: GeneratedRepoOptions): Promise<GeneratedRepo> {
  const count = Math.max(0, Math.floor(options.files));
  const seed = options.seed ?? 1;
  const rng = prng(seed);
  const root = options.dir ? (mkdirSync(options.dir, { recursive: true }), realpathSync(options.dir)) : realpathSync(mkdtempSync(join(tmpdir(), 'loom-generated-')));
  const files = layout(count, rng);
  const byLanguage = new Map<Syntax, GenFile[]>();
  for (const file of files) byLanguage.set(file.syntax, [...(byLanguage.get(file.syntax) ?? []), file]);
  const largeEvery = 500;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const file of files) {
    // One large file per 500 (the first at index 10), so 20+ files have at least one.
    const large = file.index % largeEvery === 10;
    write(file.path, contentOf(file, importsOf(file, byLanguage.get(file.syntax) ?? [], rng), large, rng));
  }
  write('README.md', README(count, seed));
  if (byLanguage.has(go)) write('go/go.mod', `module ${GO_MODULE}\n\ngo 1.22\n`);
  if (options.git) await commitTwice(root, files, rng);
  return { root, files: files.map((file) => file.path).sort(), cleanup: () => rm(root, { recursive: true, force: true }) };
}

async function commitTwice(root: string, files: GenFile[], rng: Rng): Promise<void> {
  const first = files.filter(() => rng() < 0.67).map((file) => file.path);
  await git(root, ['init', '-q']);
  if (first.length > 0) {
    // Paths go through a file: thousands of them would overflow a command line.
    const list = join(root, '.git', 'loom-first-commit');
    writeFileSync(list, first.join('\0'));
    await git(root, ['add', `--pathspec-from-file=${list}`, '--pathspec-file-nul']);
    rmSync(list);
  }
  await git(root, ['commit', '-q', '--allow-empty', '-m', 'first: part of the tree']);
  for (const path of first) {
    if (rng() < 0.1) writeFileSync(join(root, path), `${readFileSync(join(root, path), 'utf8')}${path.endsWith('.py') ? '#' : '//'} edited in the second commit\n`);
  }
  await git(root, ['add', '-A']);
  await git(root, ['commit', '-q', '--allow-empty', '-m', 'second: the rest, and edits'], '2024-01-02T00:00:00Z');
}
