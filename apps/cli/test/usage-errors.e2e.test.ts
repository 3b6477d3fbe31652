/**
 * What a new user types wrong ends in one line and a hint, exit 2, through the built CLI:
 * bad --max-cost values, stray arguments, misspelt commands. Needs `pnpm build` first.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLoom } from './support/cli.js';

const loom = createLoom();
const project = mkdtempSync(join(tmpdir(), 'loom-usage-'));
const run = (args: string[]) => loom(args, { cwd: project });

/** Exactly `error[CODE]: …` and `hint: …`, nothing else on stderr, nothing on stdout. */
function expectOneError(result: { code: number; stdout: string; stderr: string }, code: string): [string, string] {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: `));
  expect(lines[1]).toMatch(/^hint: /);
  return lines as [string, string];
}

describe('--max-cost with a value that is not a positive amount', () => {
  it.each(['abc', '0', '-1', 'NaN', '1e309', ''])('%j is a USAGE error naming the value, with a hint', async (value) => {
    const [error, hint] = expectOneError(await run(['query', 'mega', '.', '--dry-run', '--max-cost', value]), 'USAGE');
    expect(error).toBe(`error[USAGE]: --max-cost takes a positive amount in USD, such as 0.50, not ${JSON.stringify(value)}`);
    expect(hint).toContain('--max-cost 0.50');
  });
});

describe('stray arguments', () => {
  it('`loom doctor foo` names the argument and gives the usage', async () => {
    const [error, hint] = expectOneError(await run(['doctor', 'foo']), 'USAGE');
    expect(error).toBe('error[USAGE]: unexpected argument "foo" to `loom doctor`');
    expect(hint).toMatch(/^hint: usage: loom doctor \[flags\]/);
  });

  it('`loom session checkpoint "after edit"` is not a command named "after edit"', async () => {
    const [error, hint] = expectOneError(await run(['session', 'checkpoint', 'after edit']), 'USAGE');
    expect(error).toBe('error[USAGE]: unexpected argument "after edit" to `loom session checkpoint`');
    expect(hint).toContain('loom session checkpoint --help');
  });
});

describe('did you mean', () => {
  it.each([
    [['sesion', 'list'], 'loom session list'],
    [['confg', 'get'], 'loom config get'],
    [['doctr'], 'loom doctor'],
  ])('%j suggests %s', async (args, suggestion) => {
    const [error, hint] = expectOneError(await run(args), 'COMMAND_NOT_FOUND');
    expect(error).toBe(`error[COMMAND_NOT_FOUND]: command ${args.join(' ')} not found`);
    expect(hint).toContain(`did you mean \`${suggestion}\`?`);
  });

  it('suggests nothing for a word far from every command', async () => {
    const [, hint] = expectOneError(await run(['frobnicate']), 'COMMAND_NOT_FOUND');
    expect(hint).toBe('hint: run `loom --help` to list the commands');
  });
});
