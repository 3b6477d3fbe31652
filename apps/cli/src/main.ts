// tsyringe needs the Reflect polyfill before it loads; imported once, here at the entry.
import 'reflect-metadata';
import { KERNEL_API_VERSION, registerHost } from '@loomkit/kernel/host';
import { run, settings } from '@oclif/core';

/**
 * Runs the CLI. With no arguments on a terminal it opens the interactive shell; without
 * a terminal oclif prints help. Every error ends as one line and an exit code.
 */
export async function main(argv: string[]): Promise<void> {
  registerHost({
    kernelVersion: KERNEL_API_VERSION,
    boot: async (request) => (await import('@loomkit/kernel/command')).bootKernel(request),
  });
  // Plugins ship compiled JavaScript; oclif would otherwise warn on every run of a linked
  // ESM plugin that it cannot transpile its TypeScript sources.
  settings.enableAutoTranspile = false;
  sayGoneLinksInOneLine();
  // A reader that closed the pipe early has all it wanted: not an error of the command.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const interactive = argv.length === 0 && process.stdin.isTTY && process.stdout.isTTY;
  try {
    await run(interactive ? ['shell'] : argv, import.meta.url);
    await stdoutWritten();
  } catch (error) {
    await reportFatal(error);
  }
}

/**
 * Waits until stdout has taken everything written. oclif's `flush` waits for a 'drain' that
 * never comes once the reader has gone (`loom … | head -1`), and Node then exits 13 with the
 * command's work done: a closed pipe (EPIPE) ends the wait as the reader's choice instead.
 */
async function stdoutWritten(): Promise<void> {
  const stdout = process.stdout;
  if (stdout.destroyed || stdout.writableLength === 0) return;
  await new Promise<void>((resolve) => {
    stdout.once('drain', resolve);
    stdout.once('close', resolve);
  });
}

async function reportFatal(error: unknown): Promise<void> {
  const exit = (error as { code?: string; oclif?: { exit?: number } }) ?? {};
  if (exit.code === 'EEXIT') {
    process.exitCode = exit.oclif?.exit ?? 1;
    return;
  }
  const { normalizeError, renderError } = await import('@loomkit/kernel/command');
  const loomError = normalizeError(error);
  process.stderr.write(`${renderError(loomError, argvVerbose())}\n`);
  process.exitCode = loomError.exitCode;
}

const argvVerbose = () => process.argv.includes('--verbose') || /\bloom\b/.test(process.env.DEBUG ?? '');

/**
 * A linked plugin whose folder was deleted makes oclif emit a six-line Node warning on every
 * run; it becomes one line and the command that removes the link. Other warnings go to
 * Node's own printer as before.
 */
function sayGoneLinksInOneLine(): void {
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const gone = warning.name.includes('Plugin') ? /^ENOENT: no such file or directory, open '(.+)\/package\.json'/.exec(warning.message) : null;
    if (gone) {
      process.stderr.write(`warning: the folder of a linked plugin is gone: ${gone[1]}\nhint: remove the link with \`loom plugins unlink ${gone[1]}\`, or restore the folder\n`);
      return;
    }
    for (const print of printers) print(warning);
  });
}
