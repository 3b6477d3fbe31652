import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureOutput } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer as earlyAnswer, validateFast } from '../src/fast/validate-file.js';
import { REPO_ROOT, requireBuild } from './support.js';

const CLI_ROOT = join(REPO_ROOT, 'apps/cli');

describe('validateFast: `loom chain validate FILE` before oclif, only when it can decide alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-fast-validate-'));
  beforeAll(requireBuild);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const answer = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    const output = captureOutput();
    try {
      return { answered: validateFast(name, CLI_ROOT, dir), stdout: output.stdout() };
    } finally {
      output.restore();
    }
  };

  it('says valid for bundled commands of several plugins', () => {
    expect(answer('ok.yaml', 'steps:\n  - {id: a, run: query map}\n  - {id: b, needs: a, run: security scan .}\n  - {id: c, needs: b, run: session checkpoints}\n')).toEqual({ answered: true, stdout: '✓ ok.yaml is valid\n' });
  });

  it('leaves to the full command: shell steps (the policy), unknown commands (maybe a user plugin), problems, names', () => {
    expect(answer('shell.yaml', 'steps:\n  - {id: a, shell: ls}\n')).toEqual({ answered: false, stdout: '' });
    expect(answer('user.yaml', 'steps:\n  - {id: a, run: hello Ada}\n')).toEqual({ answered: false, stdout: '' });
    expect(answer('broken.yaml', 'steps:\n  - id: a\n    run: query: map: x\n')).toEqual({ answered: false, stdout: '' });
    expect(answer('cycle.yaml', 'steps:\n  - {id: a, needs: b, run: query map}\n  - {id: b, needs: a, run: query map}\n')).toEqual({ answered: false, stdout: '' });
    expect(validateFast('review', CLI_ROOT, dir)).toBe(false);
    expect(validateFast('ok.yaml', join(dir, 'no-cli-here'), dir)).toBe(false);
  });

  it('is the CLI\'s early answer, except in an active session (which records the command as a turn)', () => {
    writeFileSync(join(dir, 'ok.yaml'), 'steps:\n  - {id: a, run: query map}\n');
    mkdirSync(join(dir, '.git'), { recursive: true });
    const ctx = { cliRoot: pathToFileURL(`${CLI_ROOT}/`), cwd: dir, env: {}, dirs: { config: join(dir, 'c'), data: join(dir, 'd'), cache: join(dir, 'k') }, version: '0.1.0' };
    const output = captureOutput();
    let answered: boolean | Promise<boolean>;
    try {
      answered = earlyAnswer(['chain', 'validate', 'ok.yaml'], ctx);
    } finally {
      output.restore();
    }
    expect({ answered, stdout: output.stdout() }).toEqual({ answered: true, stdout: '✓ ok.yaml is valid\n' });
    mkdirSync(join(dir, '.loom', 'sessions'), { recursive: true });
    writeFileSync(join(dir, '.loom', 'sessions', 'active'), 'abcdefgh\n');
    expect(earlyAnswer(['chain', 'validate', 'ok.yaml'], ctx)).toBe(false);
    rmSync(join(dir, '.loom'), { recursive: true });
  });
});
