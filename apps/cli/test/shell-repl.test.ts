import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRepl, type ReplOptions, type RunCommand, type ShellCommand } from '../src/shell/repl.js';
import { plain, waitForText, waitUntil } from './support/wait-for.js';

const COMMANDS: ShellCommand[] = [
  { id: 'doctor', summary: 'Check that Loom can run here.' },
  { id: 'config:get', summary: 'Print the value of one config key.' },
  { id: 'config:set', summary: 'Set a config key.' },
  { id: 'plugins:install', summary: 'Installs a plugin.' },
  { id: 'plugins:add', summary: 'Installs a plugin.', listed: false },
  // An installed plugin's commands.
  { id: 'query:mega', summary: 'Ask the whole repository.' },
  { id: 'slow', summary: 'Runs until cancelled.' },
];

interface Call {
  id: string;
  argv: string[];
  signal: AbortSignal;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loom-repl-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A shell on PassThrough streams, as on a terminal: keys in, escape codes out. */
function openShell(options: Partial<ReplOptions> & { slow?: RunCommand } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let raw = '';
  output.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  const calls: Call[] = [];
  const run: RunCommand = async (id, argv, signal) => {
    calls.push({ id, argv, signal });
    if (id === 'slow' && options.slow) await options.slow(id, argv, signal);
  };
  let ended = false;
  const done = startRepl({ input, output, terminal: true, commands: COMMANDS, run, prompt: 'loom> ', ...options }).then(() => {
    ended = true;
  });
  const text = () => plain(raw);
  return {
    calls,
    done,
    ended: () => ended,
    text,
    mark: () => text().length,
    type: (keys: string) => void input.write(keys),
    waitFor: (expected: string, since = 0) => waitForText(text, expected, { since }),
    waitForCalls: (count: number) => waitUntil(() => calls.length >= count, () => `${calls.length} calls; output:\n${text()}`),
    input,
  };
}

/** A `run` for /slow that ends only when its signal aborts. */
const untilAborted: RunCommand = (_id, _argv, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe('the shell', () => {
  it('lists the commands with their summaries on /help, and the built-ins', async () => {
    const shell = openShell();
    await shell.waitFor('loom> ');
    shell.type('/help\n');
    await shell.waitFor('/exit');
    const text = shell.text();
    expect(text).toMatch(/\/doctor +Check that Loom can run here\./);
    expect(text).toMatch(/\/config get +Print the value of one config key\./);
    expect(text).toMatch(/\/query mega +Ask the whole repository\./);
    expect(text).toContain('/help [command]');
    expect(text).not.toContain('/plugins add'); // an alias: runs, but is not listed
    shell.type('/exit\n');
    await shell.done;
    expect(shell.calls).toEqual([]);
  });

  it('runs a slash command by its id, the remaining words (unquoted) as argv', async () => {
    const shell = openShell();
    shell.type('/config get logLevel\n/query mega "what is x"\n/plugins add some-plugin\n/exit\n');
    await shell.done;
    expect(shell.calls.map(({ id, argv }) => ({ id, argv }))).toEqual([
      { id: 'config:get', argv: ['logLevel'] },
      { id: 'query:mega', argv: ['what is x'] },
      { id: 'plugins:add', argv: ['some-plugin'] },
    ]);
  });

  it('completes command names with Tab', async () => {
    // readline completes only a Tab that arrives on its own (a pasted Tab is text), as typed keys do.
    const shell = openShell();
    await shell.waitFor('loom> ');
    shell.type('/do');
    await shell.waitFor('/do');
    shell.type('\t');
    await shell.waitFor('/doctor ');
    shell.type('\n');
    await shell.waitForCalls(1);
    expect(shell.calls[0]).toMatchObject({ id: 'doctor', argv: [] });

    // Word by word, into an installed plugin's command.
    let mark = shell.mark();
    shell.type('/qu');
    await shell.waitFor('/qu', mark);
    shell.type('\t');
    await shell.waitFor('/query ', mark);
    shell.type('me');
    await shell.waitFor('/query me', mark);
    shell.type('\t');
    await shell.waitFor('/query mega ', mark);
    shell.type('"why"\n');
    await shell.waitForCalls(2);
    expect(shell.calls[1]).toMatchObject({ id: 'query:mega', argv: ['why'] });

    // A second Tab lists the choices.
    mark = shell.mark();
    shell.type('/config ');
    await shell.waitFor('/config ', mark);
    shell.type('\t');
    shell.type('\t');
    await shell.waitFor('set', await shell.waitFor('get', mark));
    expect(shell.text().slice(mark)).toMatch(/get\s+set/);
    shell.type('\x15'); // Ctrl-U clears the line
    shell.type('/exit\n');
    await shell.done;
    expect(shell.calls).toHaveLength(2);
  });

  it('cancels the running command on Ctrl-C, aborting its signal, and keeps the shell', async () => {
    const shell = openShell({ slow: untilAborted });
    shell.type('/slow\n');
    await shell.waitForCalls(1);
    const signal = shell.calls[0]!.signal;
    expect(signal.aborted).toBe(false);
    const mark = shell.mark();
    shell.type('\x03');
    await shell.waitFor('^C cancelled', mark);
    expect(signal.aborted).toBe(true);
    await shell.waitFor('loom> ', mark);

    shell.type('/doctor\n');
    await shell.waitForCalls(2);
    expect(shell.calls[1]).toMatchObject({ id: 'doctor' });
    expect(shell.calls[1]!.signal).not.toBe(signal);
    expect(shell.ended()).toBe(false);
    shell.type('/exit\n');
    await shell.done;
  });

  it('returns to the prompt on Ctrl-C even when the command ignores its signal', async () => {
    const shell = openShell({ slow: () => new Promise<void>(() => {}) });
    shell.type('/slow\n');
    await shell.waitForCalls(1);
    const mark = shell.mark();
    shell.type('\x03');
    await shell.waitFor('^C cancelled', mark);
    shell.type('/doctor\n/exit\n');
    await shell.done;
    expect(shell.calls.map((call) => call.id)).toEqual(['slow', 'doctor']);
  });

  it('runs lines typed during a command after it, and drops them on Ctrl-C', async () => {
    let finish = () => {};
    const shell = openShell({ slow: () => new Promise<void>((resolve) => (finish = resolve)) });
    shell.type('/slow\n/doctor\n');
    await shell.waitForCalls(1);
    await shell.waitFor('/doctor'); // echoed, so read, but it waits
    expect(shell.calls.map((call) => call.id)).toEqual(['slow']);
    finish();
    await shell.waitForCalls(2);
    expect(shell.calls[1]).toMatchObject({ id: 'doctor' });

    shell.type('/slow\n/config get a\n');
    await shell.waitForCalls(3);
    await shell.waitFor('/config get a');
    const mark = shell.mark();
    shell.type('\x03');
    await shell.waitFor('^C cancelled', mark);
    shell.type('/exit\n');
    await shell.done;
    expect(shell.calls.map((call) => call.id)).toEqual(['slow', 'doctor', 'slow']);
  });

  it('at an empty prompt, Ctrl-C prints how to exit and a second one exits', async () => {
    const shell = openShell();
    await shell.waitFor('loom> ');
    shell.type('\x03');
    await shell.waitFor('press Ctrl-C again or Ctrl-D, or type /exit');
    expect(shell.ended()).toBe(false);
    shell.type('\x03');
    await shell.done;
    expect(shell.calls).toEqual([]);
  });

  it('Ctrl-C drops a half-typed line instead of exiting', async () => {
    const shell = openShell();
    await shell.waitFor('loom> ');
    shell.type('/config get half');
    await shell.waitFor('half');
    shell.type('\x03/doctor\n');
    await shell.waitForCalls(1);
    expect(shell.calls[0]).toMatchObject({ id: 'doctor', argv: [] });
    expect(shell.text()).not.toContain('press Ctrl-C again');
    shell.type('/exit\n');
    await shell.done;
  });

  it('exits on Ctrl-D at an empty prompt', async () => {
    const shell = openShell();
    await shell.waitFor('loom> ');
    shell.type('\x04');
    await shell.done;
  });

  it('names an unknown command in one error line with a hint, and goes on', async () => {
    const shell = openShell();
    shell.type('/doctr\n');
    await shell.waitFor('error[COMMAND_NOT_FOUND]: /doctr is not a command\nhint: did you mean /doctor? Type /help to list the commands\n');
    shell.type('/zzzz --x\n');
    await shell.waitFor('error[COMMAND_NOT_FOUND]: /zzzz is not a command\nhint: type /help to list the commands\n');
    shell.type('/doctor\n/exit\n');
    await shell.done;
    expect(shell.calls.map((call) => call.id)).toEqual(['doctor']);
  });

  it('prints an error thrown by a command and keeps going', async () => {
    const shell = openShell({
      run: async (id) => {
        if (id === 'doctor') throw Object.assign(new Error('the disk is on fire\nstack noise'), { code: 'DISK_FIRE', hint: 'call someone' });
        throw new Error('plain failure');
      },
    });
    shell.type('/doctor\n');
    await shell.waitFor('error[DISK_FIRE]: the disk is on fire\nhint: call someone\n');
    shell.type('/slow\n');
    await shell.waitFor('error[INTERNAL]: plain failure\n');
    shell.type('/exit\n');
    await shell.done;
    expect(shell.text()).not.toContain('stack noise');
  });

  it('renders errors with formatError when given one', async () => {
    const shell = openShell({ run: () => Promise.reject(new Error('boom')), formatError: (error) => `custom: ${(error as Error).message}` });
    shell.type('/doctor\n/exit\n');
    await shell.done;
    expect(shell.text()).toContain('custom: boom\n');
  });

  it('reports an unclosed quote without running anything', async () => {
    const shell = openShell();
    shell.type(`/query mega what's up\n/exit\n`);
    await shell.done;
    expect(shell.text()).toContain('error[SHELL_SYNTAX]: a quote is not closed');
    expect(shell.calls).toEqual([]);
  });

  it('shows help for one command via its --help, and lists a topic typed alone', async () => {
    const shell = openShell();
    shell.type('/help config get\n');
    await shell.waitForCalls(1);
    expect(shell.calls[0]).toMatchObject({ id: 'config:get', argv: ['--help'] });
    shell.type('/config\n');
    await shell.waitFor('Commands under /config:');
    await shell.waitFor('/config set');
    shell.type('/help nothing\n/exit\n');
    await shell.done;
    expect(shell.text()).toContain('error[COMMAND_NOT_FOUND]: /nothing is not a command');
    expect(shell.calls).toHaveLength(1);
  });

  it('hands plain text to the plainText seam (a hint by default)', async () => {
    const byDefault = openShell();
    byDefault.type('what is this repo?\n/exit\n');
    await byDefault.done;
    expect(byDefault.text()).toContain('Plain text is not understood yet');
    expect(byDefault.calls).toEqual([]);

    const seen: Array<{ text: string; signal: AbortSignal }> = [];
    const shell = openShell({
      plainText: async (text, { signal, output }) => {
        seen.push({ text, signal });
        output.write(`turn: ${text}\n`);
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    });
    shell.type(`what's in "src"?\n`);
    await shell.waitFor(`turn: what's in "src"?`);
    shell.type('\x03');
    await shell.waitFor('^C cancelled');
    expect(seen[0]!.signal.aborted).toBe(true);
    shell.type('/exit\n');
    await shell.done;
  });

  it('keeps history in the history file and recalls it with the Up key', async () => {
    const historyFile = join(dir, 'data', 'shell_history');
    const first = openShell({ historyFile });
    first.type('/doctor\n/doctor\n/config get logLevel\n/exit\n');
    await first.done;
    expect(readFileSync(historyFile, 'utf8')).toBe('/doctor\n/config get logLevel\n/exit\n');

    writeFileSync(historyFile, '/config get logLevel\n/doctor\n');
    const second = openShell({ historyFile });
    await second.waitFor('loom> ');
    second.type('\x1b[A\x1b[A\n'); // Up, Up, Enter
    await second.waitForCalls(1);
    expect(second.calls[0]).toMatchObject({ id: 'config:get', argv: ['logLevel'] });
    second.type('/exit\n');
    await second.done;
    expect(readFileSync(historyFile, 'utf8')).toBe('/config get logLevel\n/doctor\n/config get logLevel\n/exit\n');
  });

  it('without a terminal, runs piped lines in order and ends with the input', async () => {
    const shell = openShell({ terminal: false });
    shell.input.end('/config get a\n\n/doctor\n');
    await shell.done;
    expect(shell.calls.map(({ id, argv }) => ({ id, argv }))).toEqual([
      { id: 'config:get', argv: ['a'] },
      { id: 'doctor', argv: [] },
    ]);
  });
});
