import { Args, Config, Command } from '@oclif/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessRunner } from '../src/command/in-process.js';
import { currentHost, registerHost, type LoomHost } from '../src/command/host.js';
import { LoomCommand } from '../src/command/loom-command.js';
import { LoomError } from '../src/errors.js';
import { Kernel } from '../src/kernel.js';
import { createLogger } from '../src/logger.js';
import { resolvePaths } from '../src/paths.js';
import { KERNEL_API_VERSION } from '../src/version.js';
import { capture, CLI_ROOT, isolateCli, removeCliDirs, type CliDirs } from './command-support.js';

const HOST_KEY = Symbol.for('loom.host');

/** What the running command saw: its kernel and its signal. */
const seen: Array<{ name: string; kernel: Kernel; signal: AbortSignal }> = [];

class Greet extends LoomCommand {
  static override id = 'greet';
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ required: true }) };

  async run() {
    const { args } = await this.parse(Greet);
    const kernel = await this.kernel();
    seen.push({ name: args.name, kernel, signal: this.signal });
    this.log(`printed ${args.name}`);
    return { greeting: `hello ${args.name}` };
  }
}

/** Waits for its signal, then fails as an aborted command does. */
class Wait extends LoomCommand {
  static override id = 'wait';
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ required: true }) };

  async run() {
    const { args } = await this.parse(Wait);
    await this.kernel();
    const signal = this.signal;
    seen.push({ name: args.name, kernel: undefined as unknown as Kernel, signal });
    await new Promise((resolve, reject) => {
      if (signal.aborted) reject(new LoomError('CANCELLED', 'cancelled'));
      signal.addEventListener('abort', () => reject(new LoomError('CANCELLED', `${args.name} cancelled`, { hint: 'run it again' })), { once: true });
      if (args.name === 'quick') resolve(undefined);
    });
    return { waited: args.name };
  }
}

/** Reports findings through process.exitCode, as `security scan` does. */
class Findings extends LoomCommand {
  static override id = 'findings';
  static override enableJsonFlag = true;

  async run() {
    await this.parse(Findings);
    process.exitCode = 1;
    return { findings: 2 };
  }
}

/** Has no --json: its failure is read from the `error[CODE]` line it prints. */
class Plain extends LoomCommand {
  static override id = 'plain';

  async run() {
    await this.parse(Plain);
    throw new LoomError('PLAIN_FAILED', 'plain went wrong');
  }
}

/** Not a LoomCommand, throws something that is no LoomError. */
class Raw extends Command {
  static override id = 'raw';

  async run() {
    throw new Error('raw failure');
  }
}

const COMMANDS: Record<string, unknown> = { greet: Greet, wait: Wait, findings: Findings, plain: Plain, raw: Raw };

let dirs: CliDirs;
let config: Config;
let kernel: Kernel;
let previous: LoomHost;

beforeEach(async () => {
  dirs = isolateCli();
  seen.length = 0;
  const loaded = await Config.load(CLI_ROOT);
  // The fixture CLI has no command modules: the test's classes stand in for oclif's manifest.
  config = new Proxy(loaded, {
    get: (target, property) =>
      property === 'findCommand'
        ? (id: string) => (COMMANDS[id] ? { id, load: async () => COMMANDS[id] } : undefined)
        : (Reflect.get(target, property, target) as unknown),
  });
  kernel = await new Kernel({
    paths: resolvePaths({ cwd: dirs.project, userConfigDir: dirs.configDir, dataDir: dirs.dataDir, cacheDir: dirs.cacheDir }),
    logger: createLogger('silent'),
  }).start();
  previous = { kernelVersion: KERNEL_API_VERSION, boot: async () => Promise.reject(new Error('the previous host must not boot for a runner call')) };
  registerHost(previous);
});

afterEach(async () => {
  delete (globalThis as { [HOST_KEY]?: LoomHost })[HOST_KEY];
  await kernel.dispose();
  removeCliDirs(dirs);
});

describe('createInProcessRunner', () => {
  it('runs a command with --json on the shared kernel, capturing its data instead of printing it', async () => {
    const runner = createInProcessRunner(config, kernel);
    const output = capture();
    let outcome;
    try {
      outcome = await runner.run('greet', ['Ada'], new AbortController().signal);
    } finally {
      output.restore();
    }
    expect(outcome).toEqual({ exitCode: 0, output: { greeting: 'hello Ada' } });
    expect(output.stdout()).toBe('');
    // The command's kernel is the shared one; its dispose at the command's end left it running.
    expect(seen[0]!.kernel.paths).toBe(kernel.paths);
    expect(kernel.config.logLevel).toBeDefined();
    expect(kernel.status()).toEqual([]);
    runner.close();
  });

  it('gives each call its own signal: cancelling one aborts that call only', async () => {
    const runner = createInProcessRunner(config, kernel);
    const first = new AbortController();
    const second = new AbortController();
    const slow = runner.run('wait', ['slow'], first.signal);
    const quick = runner.run('wait', ['quick'], second.signal);
    expect(await quick).toEqual({ exitCode: 0, output: { waited: 'quick' } });
    first.abort();
    expect(await slow).toEqual({ exitCode: 1, error: { code: 'CANCELLED', message: 'wait was cancelled' } });
    expect(seen.map((call) => call.signal)).toEqual(expect.arrayContaining([first.signal, second.signal]));
    runner.close();
  });

  it('takes a command\'s process.exitCode as the call\'s, and puts the process\'s back', async () => {
    const runner = createInProcessRunner(config, kernel);
    process.exitCode = undefined;
    expect(await runner.run('findings', [], new AbortController().signal)).toEqual({ exitCode: 1, output: { findings: 2 } });
    expect(process.exitCode).toBeUndefined();
    runner.close();
  });

  it('returns failures as values: the command\'s JSON error, its printed error line, or the thrown message', async () => {
    const runner = createInProcessRunner(config, kernel);
    const signal = new AbortController().signal;
    expect(await runner.run('nope', [], signal)).toEqual({ exitCode: 2, error: { code: 'COMMAND_NOT_FOUND', message: '"nope" is not a Loom command' } });
    const output = capture();
    try {
      expect(await runner.run('greet', [], signal)).toMatchObject({ exitCode: 2, error: { code: 'USAGE' } });
      expect(await runner.run('plain', [], signal)).toEqual({ exitCode: 1, error: { code: 'PLAIN_FAILED', message: 'plain went wrong' } });
      expect(await runner.run('raw', [], signal)).toEqual({ exitCode: 1, error: { code: 'COMMAND_FAILED', message: 'raw failure' } });
    } finally {
      output.restore();
    }
    runner.close();
  });

  it('hands the host back on close; outside a call the previous host boots', async () => {
    const runner = createInProcessRunner(config, kernel);
    const during = currentHost()!;
    expect(during).not.toBe(previous);
    await expect(during.boot({} as never)).rejects.toThrow('the previous host must not boot');
    runner.close();
    expect(currentHost()).toBe(previous);
  });
});
