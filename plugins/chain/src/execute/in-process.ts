import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '@oclif/core';
import type { Kernel, LoomErrorJson } from '@loomkit/kernel';
import { currentHost, registerHost, type LoomHost } from '@loomkit/kernel/host';
import { matchCommand } from '../validate/commands.js';
import type { CommandRunner, StepResult } from '../types.js';

interface StepContext {
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

/** oclif ids use colons; a step names its command with spaces. */
const toSpaces = (id: string) => id.replaceAll(':', ' ');

/** Every command id of the CLI and its plugins, aliases included, with spaces. */
export function commandIds(config: Config): string[] {
  return [...new Set(config.commands.flatMap((command) => [command.id, ...(command.aliases ?? [])]).map(toSpaces))];
}

/**
 * Runs each step's command in this process, as the shell does, through oclif's command
 * class — first- and third-party alike — with `--json`, capturing its data instead of
 * printing it. While a run lasts, the host hands every command the run's kernel (one llm
 * limiter and one cost ledger for all steps; its dispose is the run's business) and the
 * step's own signal, told apart per step by AsyncLocalStorage since steps run side by side.
 */
export function createInProcessRunner(config: Config, kernel: Kernel): CommandRunner & { close(): void } {
  const previous = currentHost();
  const steps = new AsyncLocalStorage<StepContext>();
  // Commands call dispose() when they end: the run's kernel outlives every step.
  const shared = new Proxy(kernel, {
    get(target, property) {
      if (property === 'dispose') return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const host: LoomHost = {
    kernelVersion: previous?.kernelVersion ?? '1.0.0',
    boot: async (request) => (steps.getStore() ? shared : (previous as LoomHost).boot(request)),
    get signal() {
      return steps.getStore()?.signal ?? previous?.signal;
    },
    set signal(value) {
      if (previous) previous.signal = value;
    },
  };
  registerHost(host);
  const ids = commandIds(config);

  return {
    async run(words, signal) {
      const match = matchCommand(words, ids);
      if (!match) return { exitCode: 2, error: { code: 'COMMAND_NOT_FOUND', message: `"${words.join(' ')}" is not a Loom command` } };
      const found = config.findCommand(match.id.replaceAll(' ', ':'));
      if (!found) return { exitCode: 2, error: { code: 'COMMAND_NOT_FOUND', message: `"${match.id}" is not a Loom command` } };
      const Command = (await found.load()) as unknown as CommandClass;
      const argv = Command.enableJsonFlag ? [...match.rest, '--json'] : match.rest;
      const command = new Command(argv, config);
      command.id = found.id;
      let json: unknown;
      const stderr: string[] = [];
      command.log = () => undefined;
      command.logJson = (value) => void (json = value);
      command.logToStderr = (...args) => void stderr.push(args.map(String).join(' '));
      command.warn = (input) => input;
      // A command may report failure through process.exitCode (security scan with findings):
      // that code is the step's, not the chain's.
      const exitCodeBefore = process.exitCode;
      const stepExitCode = () => {
        const code = process.exitCode;
        process.exitCode = exitCodeBefore;
        return code !== exitCodeBefore && typeof code === 'number' ? code : 0;
      };
      try {
        const result = await steps.run({ signal }, () => command._run());
        const exitCode = stepExitCode();
        const output = json ?? result ?? null;
        return exitCode === 0 ? { exitCode, output } : { exitCode, output, error: { code: 'CHAIN_STEP_FAILED', message: `${match.id} exited with ${exitCode}` } };
      } catch (error) {
        stepExitCode();
        const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
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
function fromText(text: string, error: unknown): StepResult['error'] {
  const match = /error\[([A-Z0-9_]+)\]: (.*)/.exec(text);
  if (match) return { code: match[1] as string, message: match[2] as string };
  return { code: 'CHAIN_STEP_FAILED', message: (error as Error).message ?? String(error) };
}
