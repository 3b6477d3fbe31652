import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Args, Config, Errors, Flags, type Interfaces } from '@oclif/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerHost, type BootRequest, type LoomHost } from '../src/command/host.js';
import { LoomCommand } from '../src/command/loom-command.js';
import { LoomError } from '../src/errors.js';
import { Kernel, type KernelOptions } from '../src/kernel.js';
import { createLogger } from '../src/logger.js';
import { definePlugin } from '../src/manifest.js';
import { resolvePaths } from '../src/paths.js';
import { KERNEL_API_VERSION } from '../src/version.js';
import {
  capture,
  CLI_ROOT,
  isolateCli,
  linkPlugins,
  recordFixtureCalls,
  removeCliDirs,
  stopRecording,
  type CliDirs,
} from './command-support.js';

const HOST_KEY = Symbol.for('loom.host');
const INTERNAL_HINT = 'this is a bug in Loom or a plugin; run again with --verbose and report it';
const USAGE_HINT = 'run `loom probe run --help` to see what it takes';

/** What the test wants the command to do, given the running command. */
let body: (command: Probe) => unknown;

/** A LoomCommand that runs `body`, with its protected API opened up for the tests. */
class Probe extends LoomCommand {
  static override id = 'probe:run';
  static override summary = 'Runs what the test says.';
  static override enableJsonFlag = true;
  static override args = { name: Args.string() };
  static override flags = { times: Flags.integer() };

  async run(): Promise<unknown> {
    return body(this);
  }

  bootKernel(options?: { strict?: boolean; setUp?: boolean }): Promise<Kernel> {
    return this.kernel(options);
  }

  get abortSignal(): AbortSignal {
    return this.signal;
  }

  get fromFiles(): boolean {
    return this.configFromFiles;
  }

  parseAll() {
    return this.parse(this.constructor as typeof Probe);
  }
}

/** A command of the linked third-party package `loom-fixture-third`. */
class ThirdPartyProbe extends Probe {
  static override plugin = { name: 'loom-fixture-third' } as Interfaces.Plugin;
}

/** A command of the linked package `loom-fixture-broken`, whose plugin does not load. */
class BrokenProbe extends Probe {
  static override plugin = { name: 'loom-fixture-broken' } as Interfaces.Plugin;
}

/** A command that takes any number of arguments. */
class LooseProbe extends Probe {
  static override strict = false;
}

/** A command without --json. */
class PlainProbe extends Probe {
  static override enableJsonFlag = false;
}

interface Outcome {
  result?: unknown;
  error?: unknown;
  stdout: string;
  stderr: string;
}

/** Runs a command in this process the way oclif does, from the fixture CLI's root. */
async function run(command: typeof Probe, argv: string[]): Promise<Outcome> {
  const output = capture();
  try {
    const result = await command.run(argv, CLI_ROOT);
    return { result, stdout: output.stdout(), stderr: output.stderr() };
  } catch (error) {
    return { error, stdout: output.stdout(), stderr: output.stderr() };
  } finally {
    output.restore();
  }
}

/** The exit code a failed run asked for: `this.exit(code)` throws oclif's ExitError. */
function exitCode(outcome: Outcome): number {
  expect(outcome.error).toBeInstanceOf(Errors.ExitError);
  return (outcome.error as Errors.ExitError).oclif.exit!;
}

let dirs: CliDirs;
let calls: string[];
/** Boots, events and disposals in the order they happened. */
let trace: unknown[];
let sigintBefore: NodeJS.SignalsListener[];
let exitCodeBefore: typeof process.exitCode;

beforeEach(() => {
  dirs = isolateCli();
  calls = recordFixtureCalls();
  trace = [];
  body = () => undefined;
  sigintBefore = process.listeners('SIGINT');
  exitCodeBefore = process.exitCode;
});

afterEach(() => {
  for (const listener of addedSigint()) process.removeListener('SIGINT', listener);
  delete (globalThis as { [HOST_KEY]?: LoomHost })[HOST_KEY];
  process.exitCode = exitCodeBefore;
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  stopRecording();
  removeCliDirs(dirs);
});

/** SIGINT listeners added since the test started. */
const addedSigint = () => process.listeners('SIGINT').filter((listener) => !sigintBefore.includes(listener));

const thirdPlugin = definePlugin({ name: 'third', version: '2.0.0', kernel: '^1' });

/** A started kernel built by hand, its command events and disposal traced. */
async function hostKernel(options: Partial<KernelOptions> = {}): Promise<Kernel> {
  const paths = resolvePaths({ cwd: dirs.project, userConfigDir: dirs.configDir, dataDir: dirs.dataDir, cacheDir: dirs.cacheDir });
  const kernel = new Kernel({ paths, logger: createLogger('silent'), ...options });
  await kernel.start();
  kernel.events.on('command:start', (payload) => void trace.push(['command:start', payload]));
  kernel.events.on('command:end', (payload) => void trace.push(['command:end', payload]));
  kernel.events.on('command:error', (payload) => void trace.push(['command:error', payload]));
  const dispose = kernel.dispose.bind(kernel);
  vi.spyOn(kernel, 'dispose').mockImplementation(async () => {
    trace.push('dispose');
    await dispose();
  });
  return kernel;
}

/** Registers a host, as the `loom` binary does, whose boot hands out `kernel`. */
function useHost(kernel: Kernel | Error, signal?: AbortSignal) {
  const requests: BootRequest[] = [];
  const boot = vi.fn(async (request: BootRequest) => {
    requests.push(request);
    trace.push('boot');
    if (kernel instanceof Error) throw kernel;
    return kernel;
  });
  const host: LoomHost = { kernelVersion: KERNEL_API_VERSION, boot, signal };
  registerHost(host);
  return { host, boot, requests };
}

describe('LoomCommand flags', () => {
  it('declares --verbose and a repeatable --set key=value as global flags', () => {
    expect(LoomCommand.baseFlags.verbose).toMatchObject({
      type: 'boolean',
      description: 'Print debug logs, and stack traces on errors.',
      helpGroup: 'GLOBAL',
    });
    expect(LoomCommand.baseFlags.set).toMatchObject({
      type: 'option',
      multiple: true,
      helpValue: 'key=value',
      helpGroup: 'GLOBAL',
      description: 'Override a config key for this run, e.g. --set logLevel=debug (repeatable).',
    });
  });

  it('parses the global flags next to the command’s own flags and arguments', async () => {
    const { requests } = useHost(await hostKernel());
    body = async (command) => {
      await command.bootKernel();
      const { args, flags } = await command.parseAll();
      return { args, flags };
    };
    const outcome = await run(Probe, ['alice', '--times', '3', '--verbose', '--set', 'a=1', '--set', 'b.c=2']);
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toEqual({ args: { name: 'alice' }, flags: { times: 3, verbose: true, set: ['a=1', 'b.c=2'] } });
    expect(requests[0]!.assignments).toEqual(['a=1', 'b.c=2']);
    expect(requests[0]!.verbose).toBe(true);
  });

  it('says the config comes from the files alone only without --set and without a LOOM_* setting', async () => {
    body = (command) => command.fromFiles;
    expect((await run(Probe, ['alice'])).result).toBe(true);
    expect((await run(Probe, ['alice', '--set', 'a=1'])).result).toBe(false);
    vi.stubEnv('LOOM_CACHE_DIR', '/tmp/elsewhere');
    expect((await run(Probe, ['alice', '--verbose'])).result).toBe(true);
    vi.stubEnv('LOOM_LOG_LEVEL', 'debug');
    expect((await run(Probe, ['alice'])).result).toBe(false);
  });

  it('honours a command’s own strictness', async () => {
    body = async (command) => (await command.parseAll()).argv;
    const loose = await run(LooseProbe, ['a', 'b', 'c']);
    expect(loose.error).toBeUndefined();
    expect(loose.result).toEqual(['a', 'b', 'c']);
    const strict = await run(Probe, ['a', 'b']);
    expect(exitCode(strict)).toBe(2);
    expect(strict.stderr).toBe(`error[USAGE]: Unexpected argument: b\nhint: ${USAGE_HINT}\n`);
  });

  it('prints the result as JSON with --json', async () => {
    body = () => ({ ok: true });
    const outcome = await run(Probe, ['--json']);
    expect(outcome.error).toBeUndefined();
    expect(JSON.parse(stripVTControlCharacters(outcome.stdout))).toEqual({ ok: true });
  });
});

describe('LoomCommand.kernel()', () => {
  it('asks the registered host for the kernel, with everything about the run', async () => {
    const kernel = await hostKernel();
    const { boot, requests } = useHost(kernel);
    body = async (command) => {
      expect(await command.bootKernel()).toBe(kernel);
      return command.abortSignal;
    };
    const outcome = await run(Probe, []);
    expect(boot).toHaveBeenCalledTimes(1);
    expect(requests).toEqual([
      { config: expect.any(Config), cwd: process.cwd(), assignments: [], signal: outcome.result, verbose: false, strict: true, setUp: true, ignoreConfig: false },
    ]);
    expect((requests[0]!.config as Config).root).toBe(CLI_ROOT);
    expect((requests[0]!.signal as AbortSignal).aborted).toBe(false);
  });

  it('passes strict and setUp through', async () => {
    const { requests } = useHost(await hostKernel());
    body = (command) => command.bootKernel({ strict: false, setUp: false });
    await run(Probe, []);
    expect(requests[0]).toMatchObject({ strict: false, setUp: false });
  });

  it('boots once per run, however often the command asks', async () => {
    const kernel = await hostKernel();
    const { boot } = useHost(kernel);
    body = async (command) => {
      const first = await command.bootKernel();
      const second = await command.bootKernel({ strict: false });
      expect(second).toBe(first);
    };
    await run(Probe, ['bob']);
    expect(boot).toHaveBeenCalledTimes(1);
    expect(trace).toEqual(['boot', ['command:start', { command: 'probe:run', argv: ['bob'] }], ['command:end', expect.anything()], 'dispose']);
  });

  it.each([
    ['loom', true],
    ['express,loom', true],
    ['loom:*', true],
    ['bloom', false],
    ['loomy', false],
    ['', false],
  ])('treats DEBUG=%j as verbose: %s', async (debug, verbose) => {
    vi.stubEnv('DEBUG', debug);
    const { requests } = useHost(await hostKernel());
    body = (command) => command.bootKernel();
    await run(Probe, []);
    expect(requests[0]!.verbose).toBe(verbose);
  });

  it('boots the kernel itself when no host is registered, with --set overriding config for that run only', async () => {
    writeFileSync(join(dirs.project, 'loom.config.json'), JSON.stringify({ logLevel: 'error', fixture: { greeting: 'file' } }));
    vi.spyOn(process, 'cwd').mockReturnValue(dirs.project);
    body = async (command) => {
      const kernel = await command.bootKernel();
      expect(kernel).toBeInstanceOf(Kernel);
      return { config: kernel.validatedConfig(), root: kernel.paths.projectRoot, status: kernel.status().map((s) => `${s.origin} ${s.state}`) };
    };
    const overridden = await run(Probe, ['--set', 'fixture.greeting=flag', '--set', 'logLevel=info']);
    expect(overridden.error).toBeUndefined();
    expect(overridden.result).toMatchObject({ config: { logLevel: 'info', fixture: { greeting: 'flag' } }, root: dirs.project, status: ['loom-fixture-cli ready'] });
    const plain = await run(Probe, []);
    expect(plain.result).toMatchObject({ config: { logLevel: 'error', fixture: { greeting: 'file' } } });
    expect(calls).toEqual(['setup fixture {"greeting":"flag"}', 'dispose fixture', 'setup fixture {"greeting":"file"}', 'dispose fixture']);
  });
});

describe('LoomCommand events and disposal', () => {
  it('emits command:start, then command:end with the run’s duration, then disposes the kernel', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const kernel = await hostKernel();
    useHost(kernel);
    body = async (command) => {
      await command.bootKernel();
      trace.push('run');
      vi.setSystemTime(1_000_250);
      return 'done';
    };
    const outcome = await run(Probe, ['alice', '--times', '2']);
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toBe('done');
    expect(trace).toEqual([
      'boot',
      ['command:start', { command: 'probe:run', argv: ['alice', '--times', '2'] }],
      'run',
      ['command:end', { command: 'probe:run', durationMs: 250 }],
      'dispose',
    ]);
  });

  it('boots nothing and emits nothing for a command that never asks for the kernel', async () => {
    const { boot } = useHost(await hostKernel());
    body = () => 'no kernel needed';
    const outcome = await run(Probe, []);
    expect(outcome.result).toBe('no kernel needed');
    expect(boot).not.toHaveBeenCalled();
    expect(trace).toEqual([]);
  });

  it('emits command:error instead of command:end when the command fails, and still disposes', async () => {
    useHost(await hostKernel());
    body = async (command) => {
      await command.bootKernel();
      throw new LoomError('PROBE_FAILED', 'it broke', { hint: 'fix it', plugin: 'probe', exitCode: 3 });
    };
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(3);
    expect(trace).toEqual([
      'boot',
      ['command:start', { command: 'probe:run', argv: [] }],
      ['command:error', { command: 'probe:run', error: { code: 'PROBE_FAILED', message: 'it broke', hint: 'fix it', plugin: 'probe' } }],
      'dispose',
    ]);
  });

  it('lets `this.exit()` through untouched: no message, no command:error, no command:end', async () => {
    useHost(await hostKernel());
    body = async (command) => {
      await command.bootKernel();
      command.exit(4);
    };
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(4);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toBe('');
    expect(trace).toEqual(['boot', ['command:start', { command: 'probe:run', argv: [] }], 'dispose']);
  });

  it('disposes the kernel even when a first-party hook on command:end throws', async () => {
    const noisy = definePlugin({
      name: 'noisy',
      version: '1.0.0',
      kernel: '^1',
      hooks: {
        'command:end': () => {
          throw new Error('hook broke');
        },
      },
    });
    useHost(await hostKernel({ plugins: [{ origin: 'loom-noisy', firstParty: true, load: () => noisy }] }));
    body = (command) => command.bootKernel();
    const outcome = await run(Probe, []);
    expect(outcome.error).toMatchObject({ code: 'HOOK_FAILED', message: 'plugin noisy failed in command:end: hook broke' });
    expect(trace).toEqual(['boot', ['command:start', { command: 'probe:run', argv: [] }], 'dispose']);
  });

  it('names a command without an id “unknown” in its events', async () => {
    useHost(await hostKernel());
    const config = await Config.load(CLI_ROOT);
    const runAnonymous = async () => {
      const command = new Probe(['x'], config);
      command.id = undefined;
      const output = capture();
      try {
        await (command as unknown as { _run(): Promise<unknown> })._run();
      } catch (error) {
        return error;
      } finally {
        output.restore();
      }
      return undefined;
    };
    body = (command) => command.bootKernel();
    expect(await runAnonymous()).toBeUndefined();
    body = async (command) => {
      await command.bootKernel();
      throw new LoomError('X', 'm');
    };
    expect(await runAnonymous()).toBeInstanceOf(Errors.ExitError);
    expect(trace).toEqual([
      'boot',
      ['command:start', { command: 'unknown', argv: ['x'] }],
      ['command:end', { command: 'unknown', durationMs: expect.any(Number) }],
      'dispose',
      'boot',
      ['command:start', { command: 'unknown', argv: ['x'] }],
      ['command:error', { command: 'unknown', error: { code: 'X', message: 'm', hint: undefined, plugin: undefined } }],
      'dispose',
    ]);
  });
});

describe('LoomCommand and failed plugins', () => {
  const brokenCandidate = {
    origin: 'loom-fixture-third',
    firstParty: false,
    load: () => {
      throw new Error('cannot import');
    },
  };

  it('refuses to run a command of a plugin that failed, with that plugin’s error', async () => {
    useHost(await hostKernel({ plugins: [brokenCandidate] }));
    body = async (command) => {
      await command.bootKernel();
      trace.push('run');
    };
    const outcome = await run(ThirdPartyProbe, []);
    expect(exitCode(outcome)).toBe(1);
    expect(outcome.stderr).toBe('error[PLUGIN_LOAD_FAILED]: cannot import\nhint: reinstall it: `loom plugins install loom-fixture-third`\n');
    expect(trace).toEqual([
      'boot',
      [
        'command:error',
        {
          command: 'probe:run',
          error: { code: 'PLUGIN_LOAD_FAILED', message: 'cannot import', hint: 'reinstall it: `loom plugins install loom-fixture-third`', plugin: 'loom-fixture-third' },
        },
      ],
      'dispose',
    ]);
  });

  it('refuses to run a command of a disabled plugin', async () => {
    const kernel = await hostKernel({
      plugins: [{ origin: 'loom-fixture-third', firstParty: false, load: () => thirdPlugin }],
      configLayers: [{ source: 'test', values: { kernel: { disabledPlugins: ['third'] } } }],
    });
    useHost(kernel);
    body = (command) => command.bootKernel();
    const outcome = await run(ThirdPartyProbe, []);
    expect(exitCode(outcome)).toBe(1);
    expect(outcome.stderr).toBe('error[PLUGIN_DISABLED]: plugin third is disabled by kernel.disabledPlugins\nhint: remove it from kernel.disabledPlugins to load it\n');
  });

  it('runs the commands of a ready plugin, and of other plugins when one failed', async () => {
    useHost(await hostKernel({ plugins: [{ origin: 'loom-fixture-third', firstParty: false, load: () => thirdPlugin }] }));
    body = async (command) => {
      await command.bootKernel();
      return 'ran';
    };
    expect((await run(ThirdPartyProbe, [])).result).toBe('ran');

    registerHost({ kernelVersion: KERNEL_API_VERSION, boot: async () => hostKernel({ plugins: [brokenCandidate] }) });
    expect((await run(Probe, [])).result).toBe('ran');
  });

  it('refuses only a plugin that has an error and is not ready', async () => {
    const kernel = await hostKernel({ plugins: [{ origin: 'loom-fixture-third', firstParty: false, load: () => thirdPlugin }] });
    useHost(kernel);
    const [ready] = kernel.status();
    body = async (command) => {
      await command.bootKernel();
      return 'ran';
    };
    const status = vi.spyOn(kernel, 'status');
    status.mockReturnValue([{ ...ready!, state: 'ready', error: new LoomError('OLD', 'an error once') }]);
    expect((await run(ThirdPartyProbe, [])).result).toBe('ran');
    status.mockReturnValue([{ ...ready!, state: 'failed', error: undefined }]);
    expect((await run(ThirdPartyProbe, [])).result).toBe('ran');
  });

  it('refuses a linked plugin’s command when the kernel it boots itself could not load that plugin', async () => {
    linkPlugins(dirs.dataDir, ['broken']);
    vi.spyOn(process, 'cwd').mockReturnValue(dirs.project);
    body = async (command) => {
      await command.bootKernel();
      calls.push('run');
    };
    const outcome = await run(BrokenProbe, []);
    expect(exitCode(outcome)).toBe(1);
    expect(outcome.stderr).toBe(
      [
        'warn: third-party plugin loom-fixture-broken disabled: loom-fixture-broken does not export a Loom plugin',
        'error[PLUGIN_NOT_A_PLUGIN]: loom-fixture-broken does not export a Loom plugin',
        'hint: export default definePlugin({...}) from the file named by the "loom" field of package.json',
        '',
      ].join('\n'),
    );
    expect(calls).toEqual(['setup fixture {}', 'dispose fixture']);
  });
});

describe('LoomCommand errors', () => {
  it('prints `error[CODE]: message` and the hint on stderr, and exits with the error’s code', async () => {
    useHost(await hostKernel());
    body = () => {
      throw new LoomError('PROBE_FAILED', 'it broke', { hint: 'fix it', exitCode: 3 });
    };
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(3);
    expect(outcome.stderr).toBe('error[PROBE_FAILED]: it broke\nhint: fix it\n');
    expect(outcome.stdout).toBe('');
    expect(trace).toEqual([]);
  });

  it('prints `{ error: {…} }` on stdout instead with --json', async () => {
    useHost(await hostKernel());
    body = async (command) => {
      await command.bootKernel();
      throw new LoomError('PROBE_FAILED', 'it broke', { hint: 'fix it', plugin: 'probe', exitCode: 3 });
    };
    const outcome = await run(Probe, ['--json']);
    expect(exitCode(outcome)).toBe(3);
    expect(outcome.stderr).toBe('');
    expect(JSON.parse(stripVTControlCharacters(outcome.stdout))).toEqual({ error: { code: 'PROBE_FAILED', message: 'it broke', hint: 'fix it', plugin: 'probe' } });
    expect(trace).toContainEqual(['command:error', { command: 'probe:run', error: { code: 'PROBE_FAILED', message: 'it broke', hint: 'fix it', plugin: 'probe' } }]);
  });

  it('reports a usage error as JSON too with --json', async () => {
    const outcome = await run(Probe, ['--json', '--nope']);
    expect(exitCode(outcome)).toBe(2);
    expect(outcome.stderr).toBe('');
    expect(JSON.parse(stripVTControlCharacters(outcome.stdout))).toEqual({ error: { code: 'USAGE', message: 'Nonexistent flag: --nope', hint: USAGE_HINT } });
  });

  it('adds the stacks of the error and its causes with --verbose', async () => {
    const cause = new Error('disk full');
    const error = new LoomError('WRITE_FAILED', 'could not save', { hint: 'free some space', cause });
    body = () => {
      throw error;
    };
    const outcome = await run(Probe, ['--verbose']);
    expect(exitCode(outcome)).toBe(1);
    expect(outcome.stderr).toBe(['error[WRITE_FAILED]: could not save', 'hint: free some space', error.stack, cause.stack, ''].join('\n'));
  });

  it('adds the stacks when DEBUG names loom', async () => {
    vi.stubEnv('DEBUG', 'loom');
    const error = new LoomError('X', 'm');
    body = () => {
      throw error;
    };
    const outcome = await run(Probe, []);
    expect(outcome.stderr).toBe(['error[X]: m', error.stack, ''].join('\n'));
  });

  it('prints no stacks otherwise', async () => {
    vi.stubEnv('DEBUG', 'express');
    body = () => {
      throw new LoomError('X', 'm', { cause: new Error('root') });
    };
    expect((await run(Probe, [])).stderr).toBe('error[X]: m\n');
  });

  it('reports a flag it does not know as USAGE, exit 2, pointing to the command’s help', async () => {
    const outcome = await run(Probe, ['--nope']);
    expect(exitCode(outcome)).toBe(2);
    expect(outcome.stderr).toBe(`error[USAGE]: Nonexistent flag: --nope\nhint: ${USAGE_HINT}\n`);
  });

  it('does not take --json on a command without it', async () => {
    const outcome = await run(PlainProbe, ['--json']);
    expect(exitCode(outcome)).toBe(2);
    expect(outcome.stderr).toBe(`error[USAGE]: Nonexistent flag: --json\nhint: ${USAGE_HINT}\n`);
    expect(outcome.stdout).toBe('');
  });

  it('reports any other error as INTERNAL, exit 1, asking for a report', async () => {
    body = () => {
      throw new TypeError('x is not a function');
    };
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(1);
    expect(outcome.stderr).toBe(`error[INTERNAL]: x is not a function\nhint: ${INTERNAL_HINT}\n`);
  });

  it('reports a failed boot, with no kernel to emit to or dispose', async () => {
    const { boot } = useHost(new LoomError('CONFIG_INVALID', 'loom.config.json: logLevel: bad', { hint: 'edit loom.config.json' }));
    body = (command) => command.bootKernel();
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(1);
    expect(outcome.stderr).toBe('error[CONFIG_INVALID]: loom.config.json: logLevel: bad\nhint: edit loom.config.json\n');
    expect(boot).toHaveBeenCalledTimes(1);
    expect(trace).toEqual(['boot']);
    expect(addedSigint()).toEqual([]);
  });
});

describe('LoomCommand and Ctrl-C', () => {
  it('aborts the command’s signal, the one the kernel got, on SIGINT', async () => {
    const { requests } = useHost(await hostKernel());
    body = async (command) => {
      expect(addedSigint()).toEqual([]);
      await command.bootKernel();
      const listeners = addedSigint();
      expect(listeners).toHaveLength(1);
      expect(command.abortSignal.aborted).toBe(false);
      listeners[0]!('SIGINT');
      expect(command.abortSignal.aborted).toBe(true);
      expect((command.abortSignal.reason as Error).message).toBe('cancelled');
      expect(requests[0]!.signal).toBe(command.abortSignal);
    };
    const outcome = await run(Probe, []);
    expect(outcome.error).toBeUndefined();
    expect(addedSigint()).toEqual([]);
  });

  it('stops listening for SIGINT when the command fails', async () => {
    useHost(await hostKernel());
    body = async (command) => {
      await command.bootKernel();
      expect(addedSigint()).toHaveLength(1);
      throw new LoomError('X', 'm');
    };
    expect(exitCode(await run(Probe, []))).toBe(1);
    expect(addedSigint()).toEqual([]);
  });

  it('uses the host’s signal when the host has one (the shell), without listening itself', async () => {
    const shell = new AbortController();
    const { requests } = useHost(await hostKernel(), shell.signal);
    body = async (command) => {
      expect(command.abortSignal).toBe(shell.signal);
      await command.bootKernel();
      expect(addedSigint()).toEqual([]);
    };
    expect((await run(Probe, [])).error).toBeUndefined();
    expect(requests[0]!.signal).toBe(shell.signal);
  });

  it('reports what a Ctrl-C\'d command throws on its way out as CANCELLED, exit 130, not as a bug', async () => {
    useHost(await hostKernel());
    body = async (command) => {
      await command.bootKernel();
      addedSigint()[0]!('SIGINT');
      throw command.abortSignal.reason;
    };
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(130);
    expect(outcome.stderr).toBe('error[CANCELLED]: cancelled\n');
  });

  it('prints nothing for a command the shell cancelled: the shell said so and showed its prompt', async () => {
    const shell = new AbortController();
    const { host } = useHost(await hostKernel(), shell.signal);
    const errors: unknown[] = [];
    body = async (command) => {
      (await command.bootKernel()).events.on('command:error', (payload) => void errors.push(payload.error));
      shell.abort(new Error('cancelled'));
      // The shell moves on and restores its previous signal while this command unwinds.
      host.signal = undefined;
      throw new TypeError('fetch aborted');
    };
    const outcome = await run(Probe, []);
    expect(exitCode(outcome)).toBe(130);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toBe('');
    expect(errors).toEqual([expect.objectContaining({ code: 'CANCELLED' })]);
  });
});
