import { mkdirSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom } from './support/cli.js';

describe('a session lock held by another process', () => {
  it('costs the command a wait, never its turn: the turn lands with the next append', async () => {
    const project = await createTempProject({ git: true, files: { 'src/a.ts': 'export const a = 1;\n' } });
    const loom = createLoom();
    const run = (args: string[]) => loom(args, { cwd: project.root, timeoutMs: 60_000 });
    expect((await run(['session', 'start', 'busy'])).code).toBe(0);
    const sessions = join(project.root, '.loom', 'sessions');
    const id = readdirSync(sessions).find((name) => name.endsWith('.jsonl'))!.replace(/\.jsonl$/, '');

    // Another loom holding the log's lock and alive: proper-lockfile's lock folder, kept fresh.
    const lock = join(sessions, `${id}.lock`);
    mkdirSync(lock);
    const fresh = setInterval(() => utimesSync(lock, new Date(), new Date()), 500);
    let held;
    try {
      held = await run(['query', 'map', '--tokens', '200']);
    } finally {
      clearInterval(fresh);
      rmSync(lock, { recursive: true, force: true });
    }
    expect(held.code, held.stderr).toBe(0);
    expect(held.stderr).not.toMatch(/could not record/);

    expect((await run(['query', 'map', '--tokens', '300'])).code).toBe(0);
    const shown = await run(['session', 'show', 'busy', '--json']);
    const inputs = JSON.stringify(shown.json());
    expect(inputs).toContain('--tokens 200');
    expect(inputs).toContain('--tokens 300');
    expect(inputs.indexOf('--tokens 200')).toBeLessThan(inputs.indexOf('--tokens 300'));
  });
});
