import { createInterface } from 'node:readline';
import { closest } from '@loomkit/kernel';
import type { Readable, Writable } from 'node:stream';
import { BUILTINS, createCompleter } from './completer.js';
import { DEFAULT_HISTORY_SIZE, loadHistory, recordHistory } from './history.js';
import { commandsUnder, displayName, ID_SEPARATOR, parseLine, resolveCommand } from './parse-line.js';

/** A command the shell can run as `/name`: an oclif id (`config:get`), typed `/config get`. */
export interface ShellCommand {
  id: string;
  summary?: string | undefined;
  /** `false` for aliases: they run and complete, but /help does not list them. */
  listed?: boolean | undefined;
}

/** Runs one command in-process; it should stop when `signal` aborts (Ctrl-C). */
export type RunCommand = (id: string, argv: string[], signal: AbortSignal) => Promise<void>;

/**
 * THE SEAM for text typed without a leading slash. Today it prints a hint
 * ({@link plainTextHint}); a later issue plugs in a conversation turn here. It is
 * cancelled by Ctrl-C exactly like a command.
 */
export type PlainTextHandler = (text: string, context: { signal: AbortSignal; output: Writable }) => Promise<void>;

export const plainTextHint: PlainTextHandler = async (_text, { output }) => {
  output.write('Plain text is not understood yet: commands start with a slash. Type /help to list them.\n');
};

export interface ReplOptions {
  input: Readable;
  output: Writable;
  /** The commands, or a function read on every line and Tab (so a fresh list shows). */
  commands: readonly ShellCommand[] | (() => readonly ShellCommand[]);
  run: RunCommand;
  /** Where history is kept between sessions; none is kept without it. */
  historyFile?: string | undefined;
  historySize?: number | undefined;
  /** The prompt, or a function read before each prompt (e.g. to show the active session). */
  prompt?: string | (() => string) | undefined;
  /** Line editing, completion and Ctrl-C as keys; defaults to whether both streams are TTYs. */
  terminal?: boolean | undefined;
  /** Printed once, before the first prompt. */
  banner?: string | undefined;
  /** What a line without a slash does; see {@link PlainTextHandler}. */
  plainText?: PlainTextHandler | undefined;
  /** Renders an error thrown by `run` (the lines, without the final newline). */
  formatError?: ((error: unknown) => string) | undefined;
}

const promptText = (prompt: StartReplOptionsPrompt) => (typeof prompt === 'function' ? prompt() : (prompt ?? 'loom> '));
type StartReplOptionsPrompt = string | (() => string) | undefined;

const EXIT_HINT = '(To exit, press Ctrl-C again or Ctrl-D, or type /exit.)';
const CANCELLED_NOTE = '^C cancelled';

/**
 * The interactive shell: reads lines until /exit, Ctrl-D or two Ctrl-C in a row at an
 * empty prompt. `/command words` runs a command; while it runs, Ctrl-C aborts its signal
 * and returns to the prompt at once, even if the command ignores the signal. Lines typed
 * meanwhile wait their turn (Ctrl-C drops them, as a terminal flushes type-ahead). No
 * error, from a command or the shell, ends the shell. Resolves when the shell ends.
 */
export async function startRepl(options: ReplOptions): Promise<void> {
  const { input, output } = options;
  const write = (text: string) => void output.write(text);
  const terminal = options.terminal ?? Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  const commands = typeof options.commands === 'function' ? options.commands : () => options.commands as readonly ShellCommand[];
  const ids = () => commands().map((command) => command.id);
  const plainText = options.plainText ?? plainTextHint;
  const formatError = options.formatError ?? defaultFormatError;
  const historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
  const historyFile = options.historyFile;

  const rl = createInterface({
    input,
    output,
    terminal,
    prompt: promptText(options.prompt),
    completer: createCompleter(ids),
    // readline wants the newest first.
    history: historyFile ? loadHistory(historyFile, historySize).reverse() : [],
    historySize,
  });

  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  let running: AbortController | undefined;
  let sigintAtPrompt = false;
  let historyWarned = false;

  rl.on('line', (line) => {
    // A command's own prompt (a confirmation, a picker) reads the same terminal through a
    // readline of its own: the answer typed there is its, not a line for the shell.
    if (running && terminal && (input as NodeJS.EventEmitter).listenerCount('keypress') > 1) return;
    queue.push(line);
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    // Ctrl-D on a terminal leaves now; the end of piped input lets what was read finish.
    if (terminal) {
      queue.length = 0;
      running?.abort(new Error('the shell closed'));
    }
    wake?.();
  });
  rl.on('SIGINT', () => {
    if (running) {
      queue.length = 0;
      running.abort(new Error('cancelled'));
      return;
    }
    if (rl.line.length > 0) {
      // Drop the half-typed line, leave it on screen, start afresh below it.
      sigintAtPrompt = false;
      write('\n');
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    if (sigintAtPrompt) {
      rl.close();
      return;
    }
    sigintAtPrompt = true;
    write(`\n${EXIT_HINT}\n`);
    rl.prompt();
  });

  const nextLine = async (): Promise<string | undefined> => {
    for (;;) {
      const line = queue.shift();
      if (line !== undefined) return line;
      if (closed) return undefined;
      rl.setPrompt(promptText(options.prompt));
      // A command's own prompt (a confirmation) closes its readline, which pauses the shared
      // input; ours would then never hear another line and the process would end mid-await.
      const stream = input as { isPaused?: () => boolean; resume?: () => void };
      if (stream.isPaused?.()) stream.resume?.();
      rl.prompt();
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  };

  const remember = (line: string) => {
    if (!historyFile || line.trim() === '') return;
    try {
      recordHistory(historyFile, line, historySize);
    } catch (error) {
      if (!historyWarned) write(`warning: history is not saved to ${historyFile}: ${(error as Error).message}\n`);
      historyWarned = true;
    }
  };

  /** Runs a task with a fresh signal; Ctrl-C aborts it and stops the wait for it. */
  const cancellable = async (task: (signal: AbortSignal) => Promise<void>): Promise<void> => {
    const controller = new AbortController();
    running = controller;
    const aborted = new Promise<'aborted'>((resolve) => controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
    const work = Promise.resolve().then(() => task(controller.signal));
    try {
      const outcome = await Promise.race([work.then(() => 'done' as const), aborted]);
      if (outcome === 'aborted' && !closed) write(`${CANCELLED_NOTE}\n`);
    } catch (error) {
      if (controller.signal.aborted) {
        if (!closed) write(`${CANCELLED_NOTE}\n`);
      } else {
        write(`${formatError(error)}\n`);
      }
    } finally {
      running = undefined;
      // A task that ignored the signal may still settle later: nobody waits for it.
      work.catch(() => undefined);
    }
  };

  const listing = (title: string, entries: Array<[string, string]>, width = Math.max(...entries.map(([name]) => name.length))): string => {
    return [title, ...entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`.trimEnd())].join('\n');
  };

  const listedEntries = (list: readonly ShellCommand[]): Array<[string, string]> =>
    list
      .filter((command) => command.listed !== false)
      .map((command): [string, string] => [`/${displayName(command.id)}`, command.summary ?? ''])
      .sort(([a], [b]) => a.localeCompare(b));

  const printHelp = () => {
    const entries = listedEntries(commands());
    const builtins: Array<[string, string]> = [
      ['/help [command]', "List the commands, or show one command's flags."],
      ['/exit', 'Leave the shell (Ctrl-D does too).'],
    ];
    const width = Math.max(...[...entries, ...builtins].map(([name]) => name.length));
    write(
      [
        entries.length > 0 ? listing('Commands:', entries, width) : 'Commands: none installed.',
        listing('Shell:', builtins, width),
        'Tab completes command names, Up and Down recall history, Ctrl-C cancels a running command.',
        '',
      ].join('\n'),
    );
  };

  const notFound = (word: string) => {
    const suggestion = closest(word, [...new Set(ids().map((id) => id.split(ID_SEPARATOR)[0] as string)), ...BUILTINS]);
    write(`error[COMMAND_NOT_FOUND]: /${word} is not a command\n`);
    write(`hint: ${suggestion ? `did you mean /${suggestion}? Type` : 'type'} /help to list the commands\n`);
  };

  const topic = (words: readonly string[]): boolean => {
    const under = commandsUnder(words, ids());
    if (under.length === 0) return false;
    const entries = listedEntries(commands().filter((command) => under.includes(command.id)));
    write(`${listing(`Commands under /${words.join(' ')}:`, entries)}\n`);
    return true;
  };

  const help = async (words: string[]): Promise<void> => {
    if (words.length === 0) return printHelp();
    const resolved = resolveCommand(words, ids());
    if (resolved) return cancellable((signal) => options.run(resolved.id, ['--help'], signal));
    if (!topic(words)) notFound(words[0] as string);
  };

  const command = async (words: string[]): Promise<'exit' | void> => {
    const [first, ...rest] = words;
    if (first === undefined || first === 'help') return help(rest);
    if (first === 'exit') return 'exit';
    const resolved = resolveCommand(words, ids());
    if (resolved) return cancellable((signal) => options.run(resolved.id, resolved.argv, signal));
    if (!topic(words)) notFound(first);
  };

  const handle = async (line: string): Promise<'exit' | void> => {
    const parsed = parseLine(line);
    switch (parsed.kind) {
      case 'empty':
        return;
      case 'invalid':
        write(`error[SHELL_SYNTAX]: ${parsed.message}\nhint: ${parsed.hint}\n`);
        return;
      case 'text':
        return cancellable((signal) => plainText(parsed.text, { signal, output }));
      case 'command':
        return command(parsed.words);
    }
  };

  if (options.banner) write(`${options.banner}\n`);
  let exited = false;
  for (let line = await nextLine(); line !== undefined; line = await nextLine()) {
    sigintAtPrompt = false;
    remember(line);
    try {
      if ((await handle(line)) === 'exit') {
        exited = true;
        break;
      }
    } catch (error) {
      // The shell's own bug must not end the session either.
      write(`${formatError(error)}\n`);
    }
  }
  // Ctrl-D or Ctrl-C leave the cursor after the prompt: end that line.
  if (!exited && terminal) write('\n');
  rl.close();
}

function defaultFormatError(error: unknown): string {
  const { code, message, hint } = (error ?? {}) as { code?: unknown; message?: unknown; hint?: unknown };
  const label = typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : 'INTERNAL';
  const text = typeof message === 'string' ? (message.split('\n')[0] ?? message) : String(error);
  return typeof hint === 'string' ? `error[${label}]: ${text}\nhint: ${hint}` : `error[${label}]: ${text}`;
}
