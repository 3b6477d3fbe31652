import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempProject, startFakeClaude, type TempProject } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoom, isolatedUser, LOOM_BIN } from './support/cli.js';
import { spawnPty } from './support/pty.js';

const HELLO = fileURLToPath(new URL('../../../examples/plugin-hello', import.meta.url));

let project: TempProject;
let env: NodeJS.ProcessEnv;
let loom: ReturnType<typeof createLoom>;

beforeAll(async () => {
  project = await createTempProject({ git: true });
  env = isolatedUser();
  loom = createLoom(env);
});

afterAll(() => project.remove());

const inProject = (args: string[]) => loom(args, { cwd: project.root });
/** Puts the request in a chosen band, as `loom auto fit` would with the user's examples. */
const thresholds = (value: { run: number; confirm: number; choose: number } | undefined) => {
  const file = join(env.LOOM_DATA_DIR as string, 'auto-router', 'thresholds.json');
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, value ? JSON.stringify(value) : '{}');
};

describe('loom auto', () => {
  it('routes to a plugin as soon as it is installed, fills its argument and runs it with --yes', async () => {
    const before = await inProject(['auto', 'routes', '--json']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.json<{ routes: Array<{ command: string }> }>().routes.map((route) => route.command)).not.toContain('hello');

    const link = await inProject(['plugins', 'link', HELLO, '--no-install']);
    expect(link.code, link.stderr).toBe(0);
    const after = await inProject(['auto', 'routes', '--json']);
    expect(after.json<{ routes: Array<{ command: string; plugin: string }> }>().routes).toContainEqual(expect.objectContaining({ command: 'hello', plugin: 'hello' }));

    const run = await inProject(['auto', 'say hello to Ada', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('→ loom hello Ada');
    expect(run.stdout.trim()).toBe('Hello, Ada!');
  });

  it('prints the same decision from the fast path as from the full CLI', async () => {
    const first = await inProject(['auto', 'say', 'hello', 'to', 'Ada', '--dry-run', '--json']);
    const second = await inProject(['auto', 'say', 'hello', 'to', 'Ada', '--dry-run', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(second.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ command: 'hello', argv: ['Ada'], args: { name: 'Ada' }, band: 'run' });
  });

  it('without a terminal runs nothing without --yes, and says what to do', async () => {
    const result = await inProject(['auto', 'say hello to Ada']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error[AUTO_CONFIRM_REQUIRED]');
    expect(result.stderr).toContain('hint: add --yes');
  });

  it('answers none, never a random command, and names the closest ones', async () => {
    const result = await inProject(['auto', 'book me a table for four tonight', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No installed command fits');
    expect(result.stderr).toContain('error[AUTO_NO_MATCH]');
  });

  it('names a required argument it cannot fill, in one line', async () => {
    // `session import` cannot run without the file to import (export would default to the active session).
    const result = await inProject(['auto', 'import my claude code conversation', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error\[AUTO_ARGUMENT_MISSING\]: session import needs <file>/);
  });

  it('without a terminal, an unsure request names the top 3 instead of running one, --yes or not', async () => {
    thresholds({ run: 0.999, confirm: 0.998, choose: 0.001 });
    const result = await inProject(['auto', 'say hello to Ada', '--yes']);
    thresholds(undefined);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error\[AUTO_UNSURE\]: not sure which command this is: hello, /);
    expect(result.stdout).toBe('');
  });

  it('in the unsure band with a key, asks Claude once through the door, caches the answer, never prints the key and keeps to --max-cost', async () => {
    const fake = await startFakeClaude({ reply: { toolUse: { name: 'pick_command', input: { command: 'hello' } } } });
    const withKey = { ...env, ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url };
    const run = (args: string[]) => loom(args, { cwd: project.root, env: withKey });
    try {
      thresholds({ run: 0.999, confirm: 0.01, choose: 0.005 });
      const calls = () => fake.requests.filter((request) => request.path === '/v1/messages').length;
      const first = await run(['auto', 'give Ada a greeting', '--dry-run', '--json']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.json()).toMatchObject({ command: 'hello', band: 'confirm' });
      expect(calls()).toBe(1);
      const again = await run(['auto', 'give Ada a greeting', '--dry-run']);
      expect(again.stdout).toContain('(decided by Claude)');
      expect(calls()).toBe(1);
      const capped = await run(['auto', 'greet Grace warmly', '--dry-run', '--max-cost', '0.0000001']);
      expect(capped.code, capped.stderr).toBe(0);
      expect(capped.stderr).toContain('Claude could not decide');
      expect(calls()).toBe(1);
      for (const result of [first, again, capped]) expect(result.stdout + result.stderr).not.toContain(fake.apiKey);
    } finally {
      thresholds(undefined);
      await fake.close();
    }
  });

  describe('a bad flag value given to auto, or passed on by it, is one USAGE line and a hint', () => {
    /** The last two stderr lines are the error and its hint; no stack, no INTERNAL, nothing on stdout. */
    const expectUsage = (result: { code: number; stdout: string; stderr: string }) => {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(/INTERNAL|\n\s+at /);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(/^hint: \S/);
      return lines.at(-2);
    };

    it.each([[[]], [['--dry-run']], [['--yes']], [['--dry-run', '--json']]])('--max-cost abc with %j', async (more) => {
      const result = await inProject(['auto', 'say hello to Ada', ...more, '--max-cost', 'abc']);
      if (more.includes('--json')) {
        expect(result.code).toBe(2);
        expect(result.json()).toMatchObject({ error: { code: 'USAGE', message: '--max-cost takes a positive amount in USD, such as 0.50, not "abc"' } });
        return;
      }
      expect(expectUsage(result)).toBe('error[USAGE]: --max-cost takes a positive amount in USD, such as 0.50, not "abc"');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    });

    it('a flag without its value', async () => {
      expect(expectUsage(await inProject(['auto', 'say hello to Ada', '--dry-run', '--max-cost']))).toBe('error[USAGE]: Flag --max-cost expects a value');
    });

    it('a value the request gives that the chosen command refuses (`--tokens 0`)', async () => {
      const result = await inProject(['auto', 'map the repo in 0 tokens', '--yes']);
      expect(result.stderr).toContain('→ loom query map --tokens 0');
      expect(expectUsage(result)).toBe('error[USAGE]: --tokens: Expected an integer greater than or equal to 1 but received: 0');
    });
  });

  describe('on a terminal', () => {
    const onTerminal = async (request: string, keys: Array<[string, string]>, expected: string) => {
      const pty = spawnPty([process.execPath, LOOM_BIN, 'auto', request], { cwd: project.root, env });
      try {
        for (const [prompt, answer] of keys) {
          await pty.waitFor(prompt);
          pty.type(answer);
        }
        await pty.waitFor(expected);
        return { code: await pty.exited, output: pty.output() };
      } finally {
        pty.kill();
      }
    };

    it('run band: a command that only reads runs at once', async () => {
      thresholds(undefined);
      const { code, output } = await onTerminal('list my sessions', [], '(run)');
      expect(code).toBe(0);
      expect(output).not.toContain('Run `');
    });

    it('confirm band: asks y/N first, and runs on y', async () => {
      thresholds({ run: 0.999, confirm: 0.01, choose: 0.005 });
      const { code, output } = await onTerminal('say hello to Ada', [['Run `loom hello Ada`?', 'y\r']], 'Hello, Ada!');
      expect(code).toBe(0);
      expect(output).toContain('(confirm)');
    });

    it('confirm band: N runs nothing', async () => {
      thresholds({ run: 0.999, confirm: 0.01, choose: 0.005 });
      const { code, output } = await onTerminal('say hello to Ada', [['Run `loom hello Ada`?', 'n\r']], 'nothing run');
      expect(code).toBe(130);
      expect(output).not.toContain('Hello, Ada!');
    });

    it('choose band: offers the top 3 and runs the one picked', async () => {
      thresholds({ run: 0.999, confirm: 0.998, choose: 0.001 });
      const { code, output } = await onTerminal('say hello to Ada', [['Which command did you mean?', '\r']], 'Hello, Ada!');
      expect(code).toBe(0);
      expect(output).toContain('none of these');
    });

    it('in the shell, /auto decides and plain text goes through the router before ask', async () => {
      thresholds(undefined);
      const pty = spawnPty([process.execPath, LOOM_BIN], { cwd: project.root, env });
      try {
        await pty.waitFor('loom> ');
        let mark = pty.mark();
        pty.type('/auto say hello to Ada --dry-run\r');
        await pty.waitFor('→ loom hello Ada', mark);
        await pty.waitFor('loom> ', mark);
        mark = pty.mark();
        pty.type('say hello to Ada\r');
        await pty.waitFor('Run `loom hello Ada`?', mark);
        pty.type('y\r');
        await pty.waitFor('Hello, Ada!', mark);
        await pty.waitFor('loom> ', mark);
        // The "y" answered the confirmation; it is not also a line for the shell (sent to ask).
        expect(pty.output().slice(mark)).not.toContain('SESSION_NONE_ACTIVE');
        pty.type('/exit\r');
        expect(await pty.exited).toBe(0);
      } finally {
        pty.kill();
      }
    });

    it('none band: says so with the closest commands', async () => {
      thresholds(undefined);
      const { code } = await onTerminal('book me a table for four tonight', [], 'error[AUTO_NO_MATCH]');
      expect(code).toBe(1);
    });
  });
});
