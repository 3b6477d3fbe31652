import { fileURLToPath } from 'node:url';
import { registerHost } from '@loomkit/kernel/host';
import { createTestKernel } from '@loomkit/kernel/testing';
import { KERNEL_API_VERSION } from '@loomkit/kernel';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin from '@loomkit/plugin-security';
import { captureOutput, createTempProject, type TempProject } from '@loomkit/testkit';
import sessionPlugin from '../../src/index.js';
import { SessionStoreToken } from '../../src/tokens.js';

/** The plugin's root, for oclif's `Command.run(argv, root)`. */
export const PLUGIN_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CommandOutcome {
  stdout: string;
  stderr: string;
  result?: unknown;
  /** The exit code when the command failed (LoomCommand prints the error and exits). */
  exitCode?: number;
}

interface Runnable {
  run(argv: string[], root: string): Promise<unknown>;
}

/**
 * Commands run in-process the way the CLI runs them: a registered host boots a fresh
 * kernel per command (llm + session plugins, a temp git project), output is captured.
 */
export async function commandHarness(options: { config?: Record<string, unknown>; files?: Record<string, string> } = {}) {
  const project: TempProject = await createTempProject({
    git: true,
    // The test kernel keeps its user dirs inside the project: ignored, like a real home.
    files: { '.gitignore': '.user-config/\n.user-data/\n.user-cache/\n', ...options.files },
  });
  // LoomCommand disposes the kernel it booted when the command ends.
  const boot = () => createTestKernel({ plugins: [llmPlugin, securityPlugin, sessionPlugin], cwd: project.root, config: options.config });
  registerHost({ kernelVersion: KERNEL_API_VERSION, boot });

  async function run(command: Runnable, argv: string[]): Promise<CommandOutcome> {
    const output = captureOutput();
    try {
      const result = await command.run(argv, PLUGIN_ROOT);
      return { stdout: output.stdout(), stderr: output.stderr(), result };
    } catch (error) {
      const exitCode = (error as { oclif?: { exit?: number } }).oclif?.exit;
      if (exitCode === undefined) throw error;
      return { stdout: output.stdout(), stderr: output.stderr(), exitCode };
    } finally {
      output.restore();
    }
  }

  /** Starts a session (through the store) and makes it active. */
  async function startSession(name: string): Promise<string> {
    const kernel = await boot();
    try {
      const store = kernel.get(SessionStoreToken);
      const session = await store.create(name);
      await store.setActive(session.id);
      return session.id;
    } finally {
      await kernel.dispose();
    }
  }

  return {
    project,
    run,
    startSession,
    async close() {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('loom.host')];
      project.remove();
    },
  };
}
