import { spawn, spawnSync } from 'node:child_process';
import { userEnv } from '@loomkit/testkit';
import { quote } from 'shlex';
import { plain, waitForText } from './wait-for.js';

/** util-linux `script` gives a child a pseudo-terminal with no native module. */
export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

export interface Pty {
  /** Everything the program printed, as plain text. */
  output(): string;
  /** The current end of the output: wait for text after it with `{ since }`. */
  mark(): number;
  /** Types into the terminal: `\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D, `\t` Tab. */
  type(keys: string): void;
  /** Waits for `expected` at or after index `since`; returns the index just past it. */
  waitFor(expected: string, since?: number): Promise<number>;
  /** Resolves with the program's exit code. */
  exited: Promise<number>;
  kill(): void;
}

export interface PtyOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs `argv` on a pseudo-terminal, via `script -qfec "<argv>" /dev/null`. */
export function spawnPty(argv: readonly string[], options: PtyOptions): Pty {
  const child = spawn('script', ['-qfec', argv.map((arg) => quote(arg)).join(' '), '/dev/null'], {
    cwd: options.cwd,
    env: { ...userEnv(), TERM: 'xterm', NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  const output = () => plain(raw);
  return {
    output,
    mark: () => output().length,
    type: (keys) => void child.stdin.write(keys),
    waitFor: (expected, since = 0) => waitForText(output, expected, { since }),
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
