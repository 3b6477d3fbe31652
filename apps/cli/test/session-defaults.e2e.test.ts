/**
 * Sessions as a new user meets them, through the built CLI: show, rename, fork and export
 * default to the active session; end then resume leaves `list --json` consistent; cleanup
 * finds and removes orphan checkpoint refs; `--output` (alias `--out`) names the output file
 * of both `session export` and `query mega`. Needs `pnpm build` first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject, type TempProject } from '@loomkit/testkit';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoom } from './support/cli.js';

interface Listed {
  id: string;
  name: string;
  ended: boolean;
  active: boolean;
}

let repo: TempProject;
const loom = createLoom();
const run = (args: string[]) => loom(args, { cwd: repo.root });
let id: string;

beforeAll(async () => {
  repo = await createTempProject({ git: true, files: { 'loom.config.json': '{}\n', 'src/a.ts': 'export const a = 1;\n' } });
  const start = await run(['session', 'start', 'first']);
  expect(start.code, start.stderr).toBe(0);
  id = /\(([0-9a-z]{8})\)/.exec(start.stdout)![1]!;
}, 60_000);

afterAll(() => repo?.remove());

describe('session commands default to the active session', () => {
  it('show, rename (one argument: the new name), fork and export need no id', async () => {
    const show = await run(['session', 'show']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`^first \\(${id}\\)`));

    const rename = await run(['session', 'rename', 'renamed']);
    expect(rename.code, rename.stderr).toBe(0);
    expect(rename.stdout).toContain(`renamed first to renamed (${id})`);

    const fork = await run(['session', 'fork', '--json']);
    expect(fork.code, fork.stderr).toBe(0);
    expect(fork.json<{ session: { name: string }; source: { id: string } }>()).toMatchObject({ session: { name: 'renamed-fork' }, source: { id } });

    const exported = await run(['session', 'export', '--format', 'json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`"${id}"`);
  }, 60_000);

  it('without an active session, says so in one line', async () => {
    const other = await createTempProject({ files: { 'loom.config.json': '{}\n' } });
    const show = await loom(['session', 'show'], { cwd: other.root });
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/^error\[SESSION_NONE_ACTIVE\]: no session is active in this project\nhint: /);
    other.remove();
  }, 60_000);
});

describe('end, then resume', () => {
  it('leaves list --json saying open and active, not ended and active', async () => {
    expect((await run(['session', 'end'])).code).toBe(0);
    const ended = (await run(['session', 'list', '--json'])).json<Listed[]>().find((session) => session.id === id);
    expect(ended).toMatchObject({ ended: true, active: false });

    const resume = await run(['session', 'resume', id]);
    expect(resume.code, resume.stderr).toBe(0);
    const resumed = (await run(['session', 'list', '--json'])).json<Listed[]>().find((session) => session.id === id);
    expect(resumed).toMatchObject({ ended: false, active: true });
    const show = await run(['session', 'show']);
    expect(show.stdout.split('\n')[0]).not.toContain('ended');
  }, 60_000);
});

describe('session cleanup and orphan checkpoint refs', () => {
  it('lists orphan refs on --dry-run, removes them otherwise, and keeps recorded ones', async () => {
    const checkpoint = await run(['session', 'checkpoint', '-m', 'kept', '--json']);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    const recorded = checkpoint.json<{ ref: string; commit: string }>();
    const git = simpleGit(repo.root);
    // What a kill leaves: a ref of a session that no longer exists, and one never recorded.
    await git.raw(['update-ref', 'refs/loom/checkpoints/ghost0001/1', recorded.commit]);
    await git.raw(['update-ref', `refs/loom/checkpoints/${id}/99`, recorded.commit]);
    const refs = async () => (await git.raw(['for-each-ref', '--format=%(refname)', 'refs/loom/checkpoints/'])).trim().split('\n').sort();

    const dry = await run(['session', 'cleanup', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json<{ orphanRefs: string[] }>().orphanRefs.sort()).toEqual([`refs/loom/checkpoints/${id}/99`, 'refs/loom/checkpoints/ghost0001/1'].sort());
    expect(await refs()).toHaveLength(3);

    const clean = await run(['session', 'cleanup']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('removing 2 orphan checkpoint refs no session records:');
    expect(await refs()).toEqual([recorded.ref]);
    expect((await run(['session', 'cleanup', '--json'])).json<{ orphanRefs: string[] }>().orphanRefs).toEqual([]);
  }, 90_000);
});

describe('one flag name for the output file', () => {
  it('--output and its alias --out write the same file for session export and query mega', async () => {
    for (const flag of ['--output', '--out']) {
      const file = join(repo.root, `session${flag}.md`);
      const exported = await run(['session', 'export', '--format', 'md', flag, file]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('renamed');

      const report = join(repo.root, `report${flag}.md`);
      const mega = await run(['query', 'mega', 'src', '--dry-run', flag, report]);
      expect(mega.code, mega.stderr).toBe(0);
      expect(readFileSync(report, 'utf8')).toContain('a.ts');
    }
  }, 120_000);
});
