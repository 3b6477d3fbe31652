import { Args, Config, Command } from '@oclif/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessRunner } from '../src/command/in-process.js';
import { currentHost, registerHost, type LoomHost } from '../src/command/host.js';
import { LoomCommand } from '../src/command/loom-command.js';
import { LoomError } from '../src/errors.js';
import { definePlugin } from '../src/manifest.js';
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

/** A --json command that fails with a hint. */
class Hinted extends LoomCommand {
  static override id = 'hinted:fail';
  static override enableJsonFlag = true;

  async run() {
    await this.parse(Hinted);
    throw new LoomError('HINTED_FAILED', 'hinted went wrong', { hint: 'try the other one' });
  }
}

/** No --json, takes an argument and returns data without printing it as JSON. */
class Echo extends Command {
  static override id = 'echo';
  static override args = { word: Args.string() };

  async run() {
    const { args } = await this.parse(Echo);
    return args.word === undefined ? undefined : { echoed: args.word };
  }
}

const COMMANDS: Record<string, unknown> = { greet: Greet, wait: Wait, findings: Findings, plain: Plain, raw: Raw, 'hinted:fail': Hinted, echo: Echo };

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

  it('finds a command of several words by spaces or colons, and names a missing one with spaces', async () => {
    const runner = createInProcessRunner(config, kernel);
    const signal = new AbortController().signal;
    const failed = { exitCode: 1, error: { code: 'HINTED_FAILED', message: 'hinted went wrong', hint: 'try the other one' } };
    expect(await runner.run('hinted fail', [], signal)).toEqual(failed);
    expect(await runner.run('hinted:fail', [], signal)).toEqual(failed);
    expect(await runner.run('no:such', [], signal)).toEqual({ exitCode: 2, error: { code: 'COMMAND_NOT_FOUND', message: '"no such" is not a Loom command' } });
    runner.close();
  });

  it('hands a command without --json its arguments, and takes what it returns as the output (null for nothing)', async () => {
    const runner = createInProcessRunner(config, kernel);
    const signal = new AbortController().signal;
    expect(await runner.run('echo', ['hi'], signal)).toEqual({ exitCode: 0, output: { echoed: 'hi' } });
    expect(await runner.run('echo', [], signal)).toEqual({ exitCode: 0, output: null });
    runner.close();
  });

  it('gives 0 for a call that left the process exit code as it found it, and leaves that code alone', async () => {
    const runner = createInProcessRunner(config, kernel);
    process.exitCode = 5;
    try {
      expect(await runner.run('greet', ['Ada'], new AbortController().signal)).toMatchObject({ exitCode: 0 });
      expect(process.exitCode).toBe(5);
    } finally {
      process.exitCode = undefined;
    }
    runner.close();
  });

  it('names a cancelled command with spaces', async () => {
    const runner = createInProcessRunner(config, kernel);
    const controller = new AbortController();
    const waiting = runner.run('wait', ['slow'], controller.signal);
    controller.abort();
    expect(await waiting).toMatchObject({ error: { code: 'CANCELLED', message: 'wait was cancelled' } });
    runner.close();
  });

  it('keeps the shared kernel set up when a command disposes the kernel it was given', async () => {
    let disposed = 0;
    const shared = await new Kernel({
      paths: kernel.paths,
      logger: createLogger('silent'),
      plugins: [{ origin: 'keeper', firstParty: true, load: () => definePlugin({ name: 'keeper', version: '1.0.0', kernel: '^1', dispose: () => void (disposed += 1) }) }],
    }).start();
    const runner = createInProcessRunner(config, shared);
    await runner.run('greet', ['Ada'], new AbortController().signal);
    expect(disposed).toBe(0);
    expect(shared.status()).toEqual([expect.objectContaining({ name: 'keeper', state: 'ready' })]);
    runner.close();
    await shared.dispose();
    expect(disposed).toBe(1);
  });

  it('outside a call, gives the previous host’s signal and version, and passes a new signal to it', async () => {
    const before = new AbortController().signal;
    const host: LoomHost = { kernelVersion: '9.9.9', boot: previous.boot, signal: before };
    registerHost(host);
    const runner = createInProcessRunner(config, kernel);
    const during = currentHost()!;
    expect(during.kernelVersion).toBe('9.9.9');
    expect(during.signal).toBe(before);
    const later = new AbortController().signal;
    during.signal = later;
    expect(host.signal).toBe(later);
    runner.close();
    expect(currentHost()).toBe(host);
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
