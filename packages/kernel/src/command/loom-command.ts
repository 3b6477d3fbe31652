import { Command, Flags, type Interfaces } from '@oclif/core';
import { hasLoomSettings } from '../early-stamp.js';
import { isLoomError, LoomError } from '../errors.js';
import { runInvocation } from '../invocation.js';
import type { Kernel } from '../kernel.js';
import { KERNEL_API_VERSION } from '../version.js';
import { bootKernel } from './boot.js';
import { currentHost } from './host.js';
import { errorJson, normalizeError, renderError } from './render-error.js';

const EXIT_ERROR_CODE = 'EEXIT';

/**
 * Base of every Loom command, first- or third-party: global flags, the kernel on
 * demand, one-line errors with a hint, Ctrl-C as an AbortSignal, command events.
 * Commands stay thin: parse flags, call a service, return data (printed by --json).
 */
export abstract class LoomCommand extends Command {
  static override baseFlags = {
    verbose: Flags.boolean({ description: 'Print debug logs, and stack traces on errors.', helpGroup: 'GLOBAL' }),
    set: Flags.string({
      description: 'Override a config key for this run, e.g. --set logLevel=debug (repeatable).',
      helpGroup: 'GLOBAL',
      helpValue: 'key=value',
      multiple: true,
      // Repeat the flag for several keys; it never swallows the command's own arguments.
      multipleNonGreedy: true,
    }),
  };

  private booted: Kernel | undefined;
  private readonly controller = new AbortController();
  private readonly startedAt = Date.now();
  private globals: { verbose: boolean; set: string[] } = { verbose: false, set: [] };
  private readonly onSigint = () => this.controller.abort(new Error('cancelled'));
  /** The shell's signal for this run, if the shell runs it: captured, as the shell moves on after Ctrl-C. */
  private shellSignal: AbortSignal | undefined;

  /** Aborted when the user presses Ctrl-C; pass it to anything long-running. */
  protected get signal(): AbortSignal {
    return currentHost()?.signal ?? this.controller.signal;
  }

  /**
   * True when this run's config comes from the config files alone: no `--set`, no `LOOM_*`
   * setting. Only then may what the run computed from its config be kept for a later run
   * that reads the same files (an early answer's record).
   */
  protected get configFromFiles(): boolean {
    return this.globals.set.length === 0 && !hasLoomSettings(process.env);
  }

  /** Each run is its own invocation, so per-run state in event handlers never mixes runs sharing a kernel. */
  protected override _run<T>(): Promise<T> {
    return runInvocation(() => super._run<T>());
  }

  // oclif's documented pattern for base flags: parse once in init, so every command gets them.
  protected override async init(): Promise<void> {
    this.shellSignal = currentHost()?.signal;
    await super.init();
    const { flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof LoomCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.globals = { verbose: Boolean(flags.verbose), set: (flags.set as string[] | undefined) ?? [] };
  }

  /** The host's kernel, booted once per command run with every installed plugin set up. */
  protected async kernel(options: { strict?: boolean; setUp?: boolean; ignoreConfig?: boolean } = {}): Promise<Kernel> {
    if (this.booted) return this.booted;
    if (!currentHost()?.signal) process.once('SIGINT', this.onSigint);
    const request = {
      config: this.config,
      cwd: process.cwd(),
      assignments: this.globals.set,
      signal: this.signal,
      verbose: this.globals.verbose || /\bloom\b/.test(process.env.DEBUG ?? ''),
      strict: options.strict ?? true,
      setUp: options.setUp ?? true,
      ignoreConfig: options.ignoreConfig ?? false,
    };
    const host = currentHost();
    this.booted = host ? await host.boot(request) : await bootKernel(request);
    this.refuseIfOwnerFailed(this.booted);
    await this.booted.events.emit('command:start', { command: this.id ?? 'unknown', argv: this.argv });
    return this.booted;
  }

  /** A command of a plugin that did not load must not run half-wired: say why instead. */
  private refuseIfOwnerFailed(kernel: Kernel): void {
    const owner = this.ctor.plugin?.name;
    const status = kernel.status().find((plugin) => plugin.origin === owner);
    if (status?.error && status.state !== 'ready') throw status.error;
  }

  protected override async catch(error: Interfaces.CommandError): Promise<never> {
    if ((error as { code?: string }).code === EXIT_ERROR_CODE) throw error;
    const cancelled = (this.shellSignal ?? this.controller.signal).aborted;
    // Whatever a cancelled command throws on its way out is the cancellation, not a bug.
    const loomError = cancelled && !isLoomError(error) ? new LoomError('CANCELLED', 'cancelled', { exitCode: 130, cause: error }) : normalizeError(error, this.id);
    // The shell said `cancelled` and showed the prompt already: nothing more to print.
    if (this.shellSignal?.aborted) {
      await this.booted?.events.emit('command:error', { command: this.id ?? 'unknown', error: loomError.toJSON() });
      return this.exit(loomError.exitCode);
    }
    if (this.jsonEnabled()) this.logJson(errorJson(loomError));
    else this.logToStderr(renderError(loomError, this.globals.verbose || /\bloom\b/.test(process.env.DEBUG ?? '')));
    await this.booted?.events.emit('command:error', { command: this.id ?? 'unknown', error: loomError.toJSON() });
    return this.exit(loomError.exitCode);
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    process.removeListener('SIGINT', this.onSigint);
    if (this.booted) {
      try {
        if (!error) await this.booted.events.emit('command:end', { command: this.id ?? 'unknown', durationMs: Date.now() - this.startedAt });
      } finally {
        // A first-party hook that throws on command:end must not keep the plugins alive.
        await this.booted.dispose();
      }
    }
    await super.finally(error);
  }
}

export { KERNEL_API_VERSION };
