import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

const STACK = /\n\s+at .*:\d+/;
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** A project whose loom.config.json is made by `plant` (given the file's path). */
async function projectWith(plant: (file: string) => void) {
  const project = await createTempProject({ git: true, files: { 'src/a.ts': 'export const a = 1;\n' } });
  const file = join(project.root, 'loom.config.json');
  plant(file);
  return { root: project.root, file };
}

describe('a config file that is not one', () => {
  const cases: Array<[string, (file: string) => void, string, (file: string) => string]> = [
    ['a FIFO', (file) => execFileSync('mkfifo', [file]), 'CONFIG_UNREADABLE', (file) => `${file} is a FIFO (named pipe), not a regular file`],
    ['a symlink to /dev/zero', (file) => symlinkSync('/dev/zero', file), 'CONFIG_UNREADABLE', (file) => `${file} is a character device, not a regular file`],
    ['a folder', (file) => mkdirSync(file), 'CONFIG_UNREADABLE', (file) => `${file} is a folder, not a regular file`],
    ['2 MB of JSON', (file) => writeFileSync(file, `{"logLevel":"warn","pad":"${'x'.repeat(2_000_000)}"}`), 'CONFIG_UNREADABLE', (file) => `${file} is larger than 1,048,576 bytes`],
    ['nested 5,000 deep', (file) => writeFileSync(file, deepJson(5_000)), 'CONFIG_TOO_DEEP', (file) => `${file}: objects and arrays nest more than 64 levels deep`],
  ];
  for (const [what, plant, code, message] of cases) {
    it(`${what}: every command ends with one error line naming the file and why`, async () => {
      const { root, file } = await projectWith(plant);
      const loom = createLoom();
      const result = await loom(['session', 'list'], { cwd: root, timeoutMs: 30_000 });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(`error[${code}]: ${message(file)}`);
      expect(result.stderr).toMatch(/^hint: /m);
      expect(result.stderr).not.toMatch(STACK);
    });
  }

  it('doctor prints its table, a failed config row, then the error line', async () => {
    const { root, file } = await projectWith((path) => writeFileSync(path, '{"logLevel": 5}'));
    const loom = createLoom();
    const result = await loom(['doctor'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✓\s+node\s/m);
    expect(result.stdout).toMatch(/^✗\s+config\s+\[CONFIG_INVALID\] /m);
    expect(result.stdout).toMatch(/^✓\s+mega-query\s/m);
    expect(result.stderr).toMatch(new RegExp(`^error\\[CONFIG_INVALID\\]: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: logLevel: `, 'm'));

    const json = await loom(['doctor', '--json'], { cwd: root });
    expect(json.code).toBe(1);
    const diagnosis = json.json<{ ok: boolean; checks: Array<{ name: string; state: string; detail: string }> }>();
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.checks.find((check) => check.name === 'config')).toMatchObject({ state: 'fail', detail: expect.stringContaining('[CONFIG_INVALID]') });
  });

  // Known regression from the merge of the trust, resilience and speed work: with a FIFO config,
  // doctor's second boot (config ignored) fails to load first-party plugins ("Cannot find module
  // 'signal-exit'" under a plugin's node_modules/@loomkit/kernel path) and prints no table.
  // Marked as failing so the suite says so; it turns red once fixed, to be flipped back.
  it('doctor with a FIFO config still answers, with the error line', async () => {
    const { root, file } = await projectWith((path) => execFileSync('mkfifo', [path]));
    const result = await createLoom()(['doctor'], { cwd: root, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗\s+config\s+\[CONFIG_UNREADABLE\]/m);
    expect(result.stderr).toContain(`error[CONFIG_UNREADABLE]: ${file} is a FIFO (named pipe), not a regular file`);
  });

  it('a user config file nested 5,000 deep is named too', async () => {
    const env = isolatedUser();
    mkdirSync(env.LOOM_CONFIG_DIR!, { recursive: true });
    const file = join(env.LOOM_CONFIG_DIR!, 'config.json');
    writeFileSync(file, deepJson(5_000));
    const project = await createTempProject({ files: { 'a.ts': '' } });
    const result = await createLoom(env)(['session', 'list'], { cwd: project.root });
    expect(result.stderr.split('\n')[0]).toBe(`error[CONFIG_TOO_DEEP]: ${file}: objects and arrays nest more than 64 levels deep`);
  });
});

describe('query mega on files that are not files', () => {
  it('/proc/self is refused in one line', async () => {
    const result = await createLoom()(['query', 'mega', '/proc/self'], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error[MEGA_PSEUDO_FILE_SYSTEM]: /proc/self is on the /proc pseudo file system: its files are generated by the kernel, not source');
  });

  it('a FIFO and a link to /dev/zero in the tree are never read; the rest is', async () => {
    const project = await createTempProject({ files: { 'src/a.ts': 'export const a = 1;\n' } });
    execFileSync('mkfifo', [join(project.root, 'src/pipe.ts')]);
    symlinkSync('/dev/zero', join(project.root, 'src/zero.ts'));
    const result = await createLoom()(['query', 'mega', '--json'], { cwd: project.root, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    const { report } = result.json<{ report: { totals: { files: number }; skipped: { byReason: Array<{ reason: string; examples: Array<{ path: string }> }> } } }>();
    expect(report.totals.files).toBe(1);
    const skipped = report.skipped.byReason.flatMap((group) => group.examples.map((example) => [example.path, group.reason]));
    // The link leaves the project (the policy denies it); the FIFO is not even listed.
    expect(skipped).toEqual([['src/zero.ts', 'denied']]);
  });
});

describe('a linked plugin whose folder was deleted', () => {
  it('is one warning line with the command that removes the link; after it, nothing', async () => {
    const env = isolatedUser();
    const gone = join(env.HOME!, 'deleted-plugin');
    mkdirSync(env.LOOM_DATA_DIR!, { recursive: true });
    writeFileSync(
      join(env.LOOM_DATA_DIR!, 'package.json'),
      JSON.stringify({ name: 'loomkit', private: true, dependencies: {}, oclif: { schema: 1, plugins: [{ name: 'loom-plugin-deleted', root: gone, type: 'link' }] } }),
    );
    const project = await createTempProject({ files: { 'a.ts': '' } });
    const loom = createLoom(env);
    const before = await loom(['session', 'list'], { cwd: project.root });
    expect(before.code).toBe(0);
    expect(before.stderr.trim().split('\n')).toEqual([
      `warning: the folder of a linked plugin is gone: ${gone}`,
      `hint: remove the link with \`loom plugins unlink ${gone}\`, or restore the folder`,
    ]);
    expect((await loom(['plugins', 'unlink', gone], { cwd: project.root })).code).toBe(0);
    const after = await loom(['session', 'list'], { cwd: project.root });
    expect(after.stderr).toBe('');
  });
});
