import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '@oclif/core';
import type { LoomErrorJson } from '../errors.js';
import type { Kernel } from '../kernel.js';
import { currentHost, registerHost, type LoomHost } from './host.js';

/** What one command run in process gave back: its exit code, its `--json` data, its error. */
export interface CommandOutcome {
  exitCode: number;
  output?: unknown;
  error?: LoomErrorJson | undefined;
}

export interface InProcessRunner {
  /** Runs the command `id` (words separated by spaces or colons) with `argv`, aborted by `signal`. */
  run(id: string, argv: readonly string[], signal: AbortSignal): Promise<CommandOutcome>;
  /** Gives the host back to whoever had it before. */
  close(): void;
}

interface CallContext {
  signal: AbortSignal;
}

interface RunnableCommand {
  id: string | undefined;
  _run(): Promise<unknown>;
  log(...args: unknown[]): void;
  logJson(json: unknown): void;
  logToStderr(...args: unknown[]): void;
  warn(input: unknown): unknown;
}

type CommandClass = (new (argv: string[], config: Config) => RunnableCommand) & { enableJsonFlag?: boolean };

/**
 * Runs commands in this process, as the shell does, through oclif's command class — first-
 * and third-party alike — with `--json`, capturing their data instead of printing it. While
 * the runner lives, the host hands every command it runs `kernel` (one llm limiter and one
 * cost ledger for all of them; disposing it is the owner's business) and the call's own
 * signal, told apart per call by AsyncLocalStorage since calls run side by side. Chains run
 * their steps through it; the MCP server its tool calls.
 */
export function createInProcessRunner(config: Config, kernel: Kernel): InProcessRunner {
  const previous = currentHost();
  const calls = new AsyncLocalStorage<CallContext>();
  // Commands call dispose() when they end: the shared kernel outlives every call.
  const shared = new Proxy(kernel, {
    get(target, property) {
      if (property === 'dispose') return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const host: LoomHost = {
    kernelVersion: previous?.kernelVersion ?? '1.0.0',
    boot: async (request) => (calls.getStore() ? shared : (previous as LoomHost).boot(request)),
    get signal() {
      return calls.getStore()?.signal ?? previous?.signal;
    },
    set signal(value) {
      if (previous) previous.signal = value;
    },
  };
  registerHost(host);

  return {
    async run(id, argv, signal) {
      const found = config.findCommand(id.replaceAll(' ', ':'));
      if (!found) return { exitCode: 2, error: { code: 'COMMAND_NOT_FOUND', message: `"${id.replaceAll(':', ' ')}" is not a Loom command` } };
      const Command = (await found.load()) as unknown as CommandClass;
      const command = new Command(Command.enableJsonFlag ? [...argv, '--json'] : [...argv], config);
      command.id = found.id;
      let json: unknown;
      const stderr: string[] = [];
      command.log = () => undefined;
      command.logJson = (value) => void (json = value);
      command.logToStderr = (...args) => void stderr.push(args.map(String).join(' '));
      command.warn = (input) => input;
      // A command may report failure through process.exitCode (security scan with findings):
      // that code is the call's, not the process's.
      const exitCodeBefore = process.exitCode;
      const callExitCode = () => {
        const code = process.exitCode;
        process.exitCode = exitCodeBefore;
        return code !== exitCodeBefore && typeof code === 'number' ? code : 0;
      };
      try {
        const result = await calls.run({ signal }, () => command._run());
        return { exitCode: callExitCode(), output: json ?? result ?? null };
      } catch (error) {
        callExitCode();
        const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
        // A cancelled command ends quietly (LoomCommand prints nothing when its host's signal aborted).
        if (signal.aborted) return { exitCode: exit ?? 130, error: { code: 'CANCELLED', message: `${id.replaceAll(':', ' ')} was cancelled` } };
        const reported = (json as { error?: LoomErrorJson } | undefined)?.error;
        return { exitCode: exit ?? 1, error: reported ? pick(reported) : fromText(stderr.join('\n'), error) };
      }
    },
    close() {
      if (previous) registerHost(previous);
    },
  };
}

function pick(error: LoomErrorJson): LoomErrorJson {
  return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
}

/** A command without --json printed `error[CODE]: message` (LoomCommand's form). */
function fromText(text: string, error: unknown): LoomErrorJson {
  const match = /error\[([A-Z0-9_]+)\]: (.*)/.exec(text);
  if (match) return { code: match[1] as string, message: match[2] as string };
  return { code: 'COMMAND_FAILED', message: (error as Error).message ?? String(error) };
}
