import type { Config } from '@oclif/core';
import type { Kernel } from '@loomkit/kernel';
import { createInProcessRunner as createKernelRunner } from '@loomkit/kernel/command';
import { matchCommand } from '../validate/commands.js';
import type { CommandRunner } from '../types.js';

/** oclif ids use colons; a step names its command with spaces. */
const toSpaces = (id: string) => id.replaceAll(':', ' ');

/** Every command id of the CLI and its plugins, aliases included, with spaces. */
export function commandIds(config: Config): string[] {
  return [...new Set(config.commands.flatMap((command) => [command.id, ...(command.aliases ?? [])]).map(toSpaces))];
}

/**
 * Runs each step's command in this process on the run's kernel, through the kernel's
 * in-process runner (one llm limiter and one cost ledger for all steps, each step's own
 * signal); a step names its command and arguments as one line of words.
 */
export function createInProcessRunner(config: Config, kernel: Kernel): CommandRunner & { close(): void } {
  const runner = createKernelRunner(config, kernel);
  const ids = commandIds(config);
  return {
    async run(words, signal) {
      const match = matchCommand(words, ids);
      if (!match) return { exitCode: 2, error: { code: 'COMMAND_NOT_FOUND', message: `"${words.join(' ')}" is not a Loom command` } };
      const outcome = await runner.run(match.id, match.rest, signal);
      if (outcome.exitCode !== 0 && !outcome.error) return { ...outcome, error: { code: 'CHAIN_STEP_FAILED', message: `${match.id} exited with ${outcome.exitCode}` } };
      return outcome;
    },
    close: () => runner.close(),
  };
}
