import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGeneratedRepo, GENERATED_LARGE_FILE_BYTES, type GeneratedRepo } from '../src/generated-repo.js';

const read = (repo: GeneratedRepo, path: string) => readFileSync(join(repo.root, path), 'utf8');

/** Every file's path and content hash, for comparing two repositories. */
const fingerprint = (repo: GeneratedRepo) => repo.files.map((path) => `${path} ${createHash('sha256').update(read(repo, path)).digest('hex')}`);

/** importer → imported, for every relative TypeScript import, resolved the way NodeNext does (`.js` → `.ts`). */
function tsEdges(repo: GeneratedRepo): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const path of repo.files.filter((file) => file.endsWith('.ts'))) {
    for (const match of read(repo, path).matchAll(/from '(\.[^']+)'/g)) edges.push([path, posix.join(posix.dirname(path), (match[1] as string).replace(/\.js$/, '.ts'))]);
  }
  return edges;
}

describe('createGeneratedRepo', () => {
  let repo: GeneratedRepo;
  beforeAll(async () => {
    repo = await createGeneratedRepo({ files: 240, seed: 7 });
  });
  afterAll(() => repo.cleanup());

  it('writes exactly the asked number of source files, plus a README', () => {
    expect(repo.files).toHaveLength(240);
    expect(new Set(repo.files).size).toBe(240);
    for (const path of repo.files) expect(existsSync(join(repo.root, path))).toBe(true);
    expect(read(repo, 'README.md')).toContain('240 source files');
  });

  it('is mostly TypeScript, with Python, Go, Rust and Java too, in nested folders', () => {
    const count = (extension: string) => repo.files.filter((path) => path.endsWith(extension)).length;
    expect(count('.ts')).toBeGreaterThan(240 / 2);
    for (const extension of ['.py', '.go', '.rs', '.java']) expect(count(extension)).toBeGreaterThan(0);
    expect(repo.files.some((path) => path.split('/').length >= 4)).toBe(true);
  });

  it('resolves every relative TypeScript import to a file it wrote', () => {
    const edges = tsEdges(repo);
    expect(edges.length).toBeGreaterThan(100);
    const written = new Set(repo.files);
    expect(edges.filter(([, to]) => !written.has(to))).toEqual([]);
  });

  it('resolves every Python relative import to a module it wrote', () => {
    const written = new Set(repo.files);
    let seen = 0;
    for (const path of repo.files.filter((file) => file.endsWith('.py'))) {
      for (const match of read(repo, path).matchAll(/^from (\.+)([\w.]+) import/gm)) {
        const [, dots, module] = match as unknown as [string, string, string];
        const base = posix.join(posix.dirname(path), ...Array<string>(dots.length - 1).fill('..'));
        expect(written.has(`${posix.join(base, ...module.split('.'))}.py`)).toBe(true);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('imports the symbol the imported file exports', () => {
    for (const [from, to] of tsEdges(repo).slice(0, 50)) {
      const name = new RegExp(`import \\{ (\\w+) \\} from '[^']*${posix.basename(to, '.ts')}\\.js'`).exec(read(repo, from))?.[1];
      expect(read(repo, to)).toContain(`export function ${name}(`);
    }
  });

  it('has an import cycle and hubs imported by many files', () => {
    const edges = tsEdges(repo);
    const keys = new Set(edges.map(([from, to]) => `${from} ${to}`));
    expect(edges.some(([from, to]) => keys.has(`${to} ${from}`))).toBe(true);
    const importers = new Map<string, number>();
    for (const [, to] of edges) importers.set(to, (importers.get(to) ?? 0) + 1);
    expect(Math.max(...importers.values())).toBeGreaterThan(20);
  });

  it('makes most files small and a few too large for one 60k-token chunk', () => {
    const sizes = repo.files.map((path) => statSync(join(repo.root, path)).size).sort((a, b) => a - b);
    expect(sizes.filter((size) => size >= GENERATED_LARGE_FILE_BYTES).length).toBeGreaterThan(0);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThan(20_000);
  });

  it('plants TODO and FIXME markers', () => {
    const text = repo.files.map((path) => read(repo, path)).join('\n');
    expect(text).toMatch(/TODO/);
    expect(text).toMatch(/FIXME/);
  });
});

describe('createGeneratedRepo determinism', () => {
  it('writes the same repository for the same seed, and another for another seed', async () => {
    const [first, second, other] = await Promise.all([createGeneratedRepo({ files: 120, seed: 3 }), createGeneratedRepo({ files: 120, seed: 3 }), createGeneratedRepo({ files: 120, seed: 4 })]);
    try {
      expect(first.root).not.toBe(second.root);
      expect(fingerprint(second)).toEqual(fingerprint(first));
      expect(fingerprint(other)).not.toEqual(fingerprint(first));
    } finally {
      await Promise.all([first.cleanup(), second.cleanup(), other.cleanup()]);
    }
  });
});

describe('createGeneratedRepo with git', () => {
  it('commits twice, touching different subsets, and leaves a clean tree', async () => {
    const repo = await createGeneratedRepo({ files: 150, seed: 11, git: true });
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.root, encoding: 'utf8' });
      expect(git('rev-list', '--count', 'HEAD').trim()).toBe('2');
      expect(git('status', '--porcelain')).toBe('');
      const [second, first] = git('log', '--format=%x00', '--name-only').split('\0').slice(1).map((block) => new Set(block.split('\n').filter(Boolean)));
      expect(first?.size).toBeGreaterThan(0);
      expect(second?.size).toBeGreaterThan(0);
      // Some files only in the first commit, some only in the second, some in both (churn 2).
      expect([...first!].some((path) => !second!.has(path))).toBe(true);
      expect([...second!].some((path) => !first!.has(path))).toBe(true);
      expect([...second!].some((path) => first!.has(path))).toBe(true);
      expect(git('ls-files').split('\n').filter(Boolean)).toEqual(expect.arrayContaining(repo.files));
    } finally {
      await repo.cleanup();
    }
  });

  it('writes into the given folder, and cleanup removes it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'loom-generated-test-'));
    try {
      const repo = await createGeneratedRepo({ files: 5, dir: join(parent, 'repo') });
      expect(existsSync(join(parent, 'repo', repo.files[0] as string))).toBe(true);
      expect(existsSync(join(repo.root, '.git'))).toBe(false);
      await repo.cleanup();
      expect(existsSync(join(parent, 'repo'))).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
