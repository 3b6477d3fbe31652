import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileWriter } from '../src/execute/write-file.js';

const project = () => join(realpathSync(mkdtempSync(join(tmpdir(), 'loom-chain-write-'))), 'project');

describe('a write step', () => {
  it('writes inside the project, names starting with two dots included, ending the file with a line break', async () => {
    const root = project();
    const write = createFileWriter(root);
    expect(await write('notes/a.md', 'hello')).toEqual({ exitCode: 0, output: { path: join('notes', 'a.md'), bytes: 5 } });
    expect(readFileSync(join(root, 'notes', 'a.md'), 'utf8')).toBe('hello\n');
    expect(await write('..draft.md', 'x\n')).toEqual({ exitCode: 0, output: { path: '..draft.md', bytes: 2 } });
    expect(readFileSync(join(root, '..draft.md'), 'utf8')).toBe('x\n');
  });

  it('refuses the folder above, however it is written, and what the policy denies', async () => {
    const root = project();
    const write = createFileWriter(root, (path) => (path.endsWith('.env') ? { allowed: false, reason: 'a secrets file' } : { allowed: true, reason: 'ok' }));
    for (const path of ['../x.md', 'a/../../x.md', join(root, '..', 'x.md')]) {
      expect(await write(path, 'x'), path).toEqual({ exitCode: 1, error: { code: 'CHAIN_WRITE_DENIED', message: `${path} is outside the project ${root}` } });
    }
    expect(existsSync(join(root, '..', 'x.md'))).toBe(false);
    expect(await write('.env', 'KEY=1')).toEqual({ exitCode: 1, error: { code: 'CHAIN_WRITE_DENIED', message: 'a secrets file' } });
    expect(existsSync(join(root, '.env'))).toBe(false);
  });
});
