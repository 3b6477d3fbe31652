import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import SessionCheckpoint from '../src/commands/session/checkpoint.js';
import SessionCheckpoints from '../src/commands/session/checkpoints.js';
import SessionDiff from '../src/commands/session/diff.js';
import SessionRestore from '../src/commands/session/restore.js';
import type { CheckpointRecord } from '../src/schema.js';
import { commandHarness } from './support/command-host.js';

// The ids oclif gives them when loaded by the CLI.
SessionCheckpoint.id = 'session:checkpoint';
SessionCheckpoints.id = 'session:checkpoints';
SessionDiff.id = 'session:diff';
SessionRestore.id = 'session:restore';

let harness: Awaited<ReturnType<typeof commandHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('checkpoint commands', () => {
  it('checkpoint, list, diff, restore --preview, refuse a dirty restore, restore --force, undo', async () => {
    const h = (harness = await commandHarness({ files: { 'app.js': 'v1\n' } }));
    const read = (path: string) => readFileSync(join(h.project.root, path), 'utf8');

    const none = await h.run(SessionCheckpoint, ['-m', 'x']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('error[SESSION_NONE_ACTIVE]: no session is active in this project');

    await h.startSession('work');
    const taken = await h.run(SessionCheckpoint, ['-m', 'first', '--json']);
    expect(taken.exitCode).toBeUndefined();
    expect(JSON.parse(taken.stdout)).toMatchObject({ id: '1', message: 'first', auto: false });

    h.project.write({ 'app.js': 'v2\n', 'new.js': 'n\n' });
    const listed = await h.run(SessionCheckpoints, []);
    expect(listed.stdout).toMatch(/1\s+just now\s+[0-9a-f]{12}\s+first/);

    const diff = await h.run(SessionDiff, ['1']);
    expect(diff.stdout).toContain('-v1');
    expect(diff.stdout).toContain('+v2');

    const preview = await h.run(SessionRestore, ['1', '--preview']);
    expect(preview.stdout).toContain('+v1');
    expect(preview.stdout).toContain('would change 2 file(s); nothing was changed');
    expect(read('app.js')).toBe('v2\n');

    const refused = await h.run(SessionRestore, ['1']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/error\[CHECKPOINT_DIRTY_TREE\]: the work tree has uncommitted changes that no checkpoint holds \((app\.js, new\.js|new\.js, app\.js)\)/);
    expect(refused.stderr).toContain('hint: pass --force');

    const forced = await h.run(SessionRestore, ['1', '--force']);
    expect(forced.stdout).toContain('restored checkpoint 1 (first): 2 file(s) written or deleted');
    expect(forced.stdout).toContain('undo with: loom session restore 2');
    expect(read('app.js')).toBe('v1\n');

    const undo = await h.run(SessionRestore, ['2', '--json']);
    const undone = JSON.parse(undo.stdout) as { restored: CheckpointRecord; safety: CheckpointRecord; files: string[] };
    expect(undone.restored.id).toBe('2');
    expect(undone.files.sort()).toEqual(['app.js', 'new.js']);
    expect(read('app.js')).toBe('v2\n');
    expect(read('new.js')).toBe('n\n');
  });
});
