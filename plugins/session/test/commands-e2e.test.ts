import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRunner, createTempProject, type TempProject } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const pluginRoot = resolve(here, '..');
const bin = resolve(here, '../../../apps/cli/bin/run.js');
const cli = createCliRunner(bin);
const FIXTURE = join(here, '__fixtures__', 'claude-code', '5f2c0e4e-7a51-4c3b-9d0a-2b1f6c8e9a17.jsonl');

let home: TempProject;
let env: NodeJS.ProcessEnv;
let project: string;
let other: string;

beforeAll(async () => {
  if (!existsSync(resolve(pluginRoot, 'dist/commands/session/start.js')) || !existsSync(bin)) throw new Error('build first: pnpm build');
  home = await createTempProject();
  // User dirs isolated: the linked plugin and the user-level session index land in the temp folder.
  env = {
    HOME: join(home.root, 'home'),
    LOOM_DATA_DIR: join(home.root, 'data'),
    LOOM_CONFIG_DIR: join(home.root, 'config'),
    LOOM_CACHE_DIR: join(home.root, 'cache'),
    OCLIF_DISABLE_LINKED_ESM_WARNING: '1',
    ANTHROPIC_API_KEY: '',
  };
  project = join(home.root, 'app');
  other = join(home.root, 'elsewhere');
  for (const dir of [project, other]) {
    mkdirSync(dir, { recursive: true });
    (await import('node:fs')).writeFileSync(join(dir, 'loom.config.json'), '{}\n');
  }
  const link = await cli(['plugins', 'link', pluginRoot, '--no-install'], { cwd: home.root, env });
  expect(link.code, link.stderr).toBe(0);
}, 120_000);

afterAll(() => home?.remove());

const run = (args: string[], cwd = project) => cli(args, { cwd, env });

describe('loom session, through the built CLI', () => {
  it('start → status → list --json → a recorded command → end', async () => {
    const start = await run(['session', 'start', 'fix-login']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/started session fix-login \([0-9a-z]{8}\)/);
    const id = /\(([0-9a-z]{8})\)/.exec(start.stdout)![1]!;

    const status = await run(['session', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`session fix-login (${id})`);
    expect(status.stdout).toMatch(/turns +0/);

    // Any other command now lands in the session as a turn.
    const doctor = await run(['doctor']);
    expect(doctor.code, doctor.stderr).toBe(0);

    const list = await run(['session', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json()).toEqual([expect.objectContaining({ id, name: 'fix-login', active: true, turns: 1, ended: false, projectRoot: project })]);

    const show = await run(['session', 'show', id.slice(0, 4), '--json']);
    expect(show.json<{ turns: Array<{ input: string; command: string }> }>().turns).toEqual([expect.objectContaining({ input: 'loom doctor', command: 'doctor' })]);

    const end = await run(['session', 'end']);
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toContain(`ended session fix-login (${id})`);
    const after = await run(['session', 'status', '--json']);
    expect(after.json()).toEqual({ active: null });
    expect(readFileSync(join(project, '.loom', 'sessions', `${id}.jsonl`), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('refuses bad names and references in one line, exit code 1', async () => {
    const bad = await run(['session', 'start', 'feature/login']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'error[SESSION_NAME_INVALID]: session name "feature/login" contains a path separator (/ or \\)',
      'hint: use dashes instead, e.g. "auth-login-fix"',
    ]);
    const missing = await run(['session', 'show', '../../etc']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error\[SESSION_ID_INVALID\]: .*\nhint: .*\n?$/);
  });

  it('refuses to import what never ends, in one line, before it fills memory', async () => {
    const endless = await run(['session', 'import', '/dev/zero']);
    expect({ code: endless.code, stdout: endless.stdout }).toEqual({ code: 1, stdout: '' });
    expect(endless.stderr).toMatch(/^error\[SESSION_IMPORT_TOO_LARGE\]: \/dev\/zero is larger than 256 MiB\nhint: /);
  });

  it('imports a Claude Code transcript, and resuming from another project says where the session lives', async () => {
    const imported = await run(['session', 'import', FIXTURE, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const result = imported.json<{ turns: number; costUsd: number; session: { id: string; name: string } }>();
    expect(result).toMatchObject({ turns: 3, session: { name: 'Fix flaky login timeout test' } });
    expect(result.costUsd).toBeGreaterThan(0.04);

    const everywhere = await run(['session', 'list', '--all-projects', '--json'], other);
    expect(everywhere.json<Array<{ id: string }>>().map((s) => s.id)).toContain(result.session.id);

    const resume = await run(['session', 'resume', result.session.id.slice(0, 5)], other);
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stdout).toContain(`lives in ${project}`);
    expect(readFileSync(join(project, '.loom', 'sessions', 'active'), 'utf8').trim()).toBe(result.session.id);

    const search = await run(['session', 'search', 'fake timers', '--all-projects', '--json'], other);
    expect(search.json<{ total: number }>().total).toBeGreaterThan(0);
  });

  it('teaches in --help', async () => {
    const help = await run(['session', 'cleanup', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('never deletes a session on its own');
    expect(help.stdout).toContain('loom session cleanup --dry-run');
    expect(help.stdout).toMatch(/--purge/);
  });
});
