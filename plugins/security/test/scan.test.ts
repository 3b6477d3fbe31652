import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject, planted } from '@loomkit/testkit';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../src/report/sarif.js';
import { collectTargets } from '../src/scan/collect.js';
import { scanTargets } from '../src/scan/scan-targets.js';
import { createSecretScanner } from '../src/secrets/index.js';

const files = { 'src/a.ts': 'export {};\n', 'src/b.ts': 'export {};\n', '.gitignore': 'out/\n', 'out/built.js': 'x\n', 'node_modules/dep/index.js': 'y\n' };
const names = (targets: Array<{ file: string }>) => targets.map((target) => target.file).sort();

describe('collectTargets', () => {
  it('in git: tracked plus untracked-not-ignored files, under the given paths', async () => {
    const repo = await createTempProject({ git: true, files });
    writeFileSync(join(repo.root, 'src/new.ts'), 'export {};\n');
    const git = simpleGit(repo.root);
    expect(names(await collectTargets({ root: repo.root, cwd: repo.root, paths: [], staged: false, git }))).toEqual(['.gitignore', 'node_modules/dep/index.js', 'src/a.ts', 'src/b.ts', 'src/new.ts']);
    expect(names(await collectTargets({ root: repo.root, cwd: join(repo.root, 'src'), paths: ['b.ts'], staged: false, git }))).toEqual(['src/b.ts']);
  });

  it('--staged: the index content of added or modified files', async () => {
    const repo = await createTempProject({ git: true, files });
    const git = simpleGit(repo.root);
    writeFileSync(join(repo.root, 'src/a.ts'), 'staged content\n');
    await git.add('src/a.ts');
    writeFileSync(join(repo.root, 'src/a.ts'), 'work tree content\n');
    const [target, ...rest] = await collectTargets({ root: repo.root, cwd: repo.root, paths: [], staged: true, git });
    expect(rest).toEqual([]);
    expect(target?.file).toBe('src/a.ts');
    expect(await target?.staged?.()).toBe('staged content\n');
  });

  it('a folder outside the repository (from any cwd) is walked, named from the cwd or in full', async () => {
    const repo = await createTempProject({ git: true, files });
    const other = await createTempProject({ git: true, files: { 'app/.env.local': 'x\n', 'app/b.ts': 'y\n' } });
    const git = simpleGit(repo.root);
    const fromRepo = await collectTargets({ root: repo.root, cwd: repo.root, paths: [join(other.root, 'app')], staged: false, git });
    expect(names(fromRepo)).toEqual([join(other.root, 'app/.env.local'), join(other.root, 'app/b.ts')]);
    const fromOther = await collectTargets({ root: repo.root, cwd: other.root, paths: ['app', join(repo.root, 'src')], staged: false, git });
    expect(names(fromOther)).toEqual(['app/.env.local', 'app/b.ts', 'src/a.ts', 'src/b.ts']);
  });

  it('outside git: every file under the paths, without node_modules or .git', async () => {
    const dir = await createTempProject({ files });
    expect(names(await collectTargets({ root: dir.root, cwd: dir.root, paths: [], staged: false, git: undefined }))).toEqual(['.gitignore', 'out/built.js', 'src/a.ts', 'src/b.ts']);
    expect(names(await collectTargets({ root: dir.root, cwd: dir.root, paths: ['src/a.ts'], staged: false, git: undefined }))).toEqual(['src/a.ts']);
  });

  it('refuses a missing path, and --staged outside a repository', async () => {
    const dir = await createTempProject({ files });
    await expect(collectTargets({ root: dir.root, cwd: dir.root, paths: ['nope'], staged: false, git: undefined })).rejects.toMatchObject({ code: 'SCAN_PATH_NOT_FOUND', message: 'cannot read nope: no such file or folder' });
    await expect(collectTargets({ root: dir.root, cwd: dir.root, paths: [], staged: true, git: simpleGit(dir.root) })).rejects.toMatchObject({ code: 'SCAN_NOT_A_REPO' });
  });
});

describe('scanTargets and SARIF', () => {
  it('scans files and staged text, reports progress and unreadable files', async () => {
    const dir = await createTempProject({ files: { 'a.ts': `const t = "${planted.github}";\n`, 'b.ts': 'export {};\n' } });
    const progress: number[] = [];
    const summary = await scanTargets(
      createSecretScanner(),
      [{ file: 'a.ts', path: join(dir.root, 'a.ts') }, { file: 'b.ts', path: join(dir.root, 'b.ts') }, { file: 'c.ts', staged: async () => `k = "${planted.stripe}"` }],
      (done) => progress.push(done),
    );
    expect(progress).toEqual([1, 2, 3]);
    // An unreadable file is not counted as scanned.
    expect(summary.files).toBe(process.getuid?.() !== 0 ? 2 : 3);
    expect(summary.findings.map((f) => f.file).sort()).toEqual(['a.ts', 'c.ts']);
    expect(summary.unreadable).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read, and goes on (needs a non-root user: root reads every file)', async () => {
    const dir = await createTempProject({ files: { 'a.ts': `const t = "${planted.github}";\n`, 'b.ts': 'export {};\n' } });
    chmodSync(join(dir.root, 'b.ts'), 0o000);
    const summary = await scanTargets(createSecretScanner(), [{ file: 'a.ts', path: join(dir.root, 'a.ts') }, { file: 'b.ts', path: join(dir.root, 'b.ts') }], () => {});
    expect(summary.findings.map((f) => f.file)).toEqual(['a.ts']);
    expect(summary.unreadable.map((u) => u.file)).toEqual(['b.ts']);
  });

  it('names binary files, by name or content, on disk or staged, and does not count them as scanned', async () => {
    const noise = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe]);
    const dir = await createTempProject({ files: { 'a.ts': 'export {};\n', 'logo.png': 'not even binary inside' } });
    writeFileSync(join(dir.root, 'blob'), noise);
    const summary = await scanTargets(createSecretScanner(), [
      { file: 'a.ts', path: join(dir.root, 'a.ts') },
      { file: 'logo.png', path: join(dir.root, 'logo.png') },
      { file: 'blob', path: join(dir.root, 'blob') },
      { file: 'staged.bin', staged: async () => noise.toString('latin1') },
    ]);
    expect(summary.binary).toEqual(['logo.png', 'blob', 'staged.bin']);
    expect(summary.files).toBe(1);
    expect(summary.findings).toEqual([]);
  });

  it('maps findings to SARIF results pointing at their rules', () => {
    const scanner = createSecretScanner();
    const findings = scanner.scanText(`one = "${planted.github}"\ntwo = "${planted.aws}"\n`, { file: 'src\\win.ts' });
    const sarif = toSarif(findings, scanner.rules, '9.9.9');
    const run = sarif.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'loom-security', version: '9.9.9' });
    expect(run.results).toHaveLength(findings.length);
    for (const [index, result] of run.results.entries()) {
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe('src/win.ts');
      expect(result.locations[0]!.physicalLocation.region.startLine).toBe(findings[index]!.line);
      expect(result.partialFingerprints['loomSecret/v1']).toBe(findings[index]!.fingerprint);
      expect(JSON.stringify(result)).not.toContain(planted.github);
    }
    expect(run.tool.driver.rules.length).toBe(new Set(findings.map((f) => f.ruleId)).size);
  });
});
