/**
 * Ctrl-C during `/query mega` in the shell, on a real pseudo-terminal: the fake Claude
 * holds every request open, so the command is surely mid-flight when Ctrl-C arrives. It
 * must print `cancelled` (no INTERNAL error), give the prompt back at once, and let `/exit`
 * leave. Needs `pnpm build` first.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempProject, startFakeClaude, type FakeClaude, type TempProject } from '@loomkit/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasScript, spawnPty, type Pty } from './support/pty.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/run.js');

let project: TempProject | undefined;
let fake: FakeClaude | undefined;
let pty: Pty | undefined;

beforeAll(() => {
  if (!existsSync(resolve(here, '../dist/commands/shell.js'))) throw new Error('build the CLI first: pnpm build');
});

afterEach(async () => {
  pty?.kill();
  await fake?.close();
  project?.remove();
});

describe.skipIf(!hasScript)('Ctrl-C in the shell', () => {
  it('cancels /query mega: `cancelled`, the prompt at once, and /exit still leaves', async () => {
    project = await createTempProject({ git: true, files: { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' } });
    fake = await startFakeClaude({ faults: { hang: true } });
    const home = join(project.root, 'home');
    mkdirSync(home);
    const env = {
      HOME: home,
      LOOM_DATA_DIR: join(home, 'data'),
      LOOM_CONFIG_DIR: join(home, 'config'),
      LOOM_CACHE_DIR: join(home, 'cache'),
      ANTHROPIC_API_KEY: fake.apiKey,
      ANTHROPIC_BASE_URL: fake.url,
    };
    pty = spawnPty([process.execPath, bin], { cwd: project.root, env });
    await pty.waitFor('loom> ');

    const mark = pty.mark();
    pty.type('/query mega src\r');
    // The command has reached Claude (the fake holds the request) before Ctrl-C.
    for (let waited = 0; fake.requests.length === 0; waited += 50) {
      if (waited > 30_000) throw new Error(`no request reached the fake:\n${pty.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    pty.type('\x03');
    const cancelled = await pty.waitFor('cancelled', mark);
    await pty.waitFor('loom> ', cancelled);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const after = pty.output().slice(mark);
    expect(after).not.toMatch(/error\[INTERNAL\]/);
    expect(after).not.toContain('this is a bug');

    pty.type('/exit\r');
    expect(await pty.exited).toBe(0);
  }, 90_000);
});
