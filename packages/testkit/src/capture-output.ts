/* eslint-disable no-console -- this module exists to stand in for the console */
import { format } from 'node:util';

export interface CapturedOutput {
  stdout: () => string;
  stderr: () => string;
  /** Puts the real console and streams back. */
  restore: () => void;
}

/**
 * Captures what a command run in-process prints: oclif writes through `console.log` /
 * `console.error`, loggers through `process.stdout/stderr.write`, so all four are replaced
 * until `restore()`.
 */
export function captureOutput(): CapturedOutput {
  const out: string[] = [];
  const err: string[] = [];
  const original = { log: console.log, error: console.error, stdout: process.stdout.write, stderr: process.stderr.write };
  console.log = (...args: unknown[]) => void out.push(`${format(...args)}\n`);
  console.error = (...args: unknown[]) => void err.push(`${format(...args)}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  return {
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    restore: () => {
      console.log = original.log;
      console.error = original.error;
      process.stdout.write = original.stdout;
      process.stderr.write = original.stderr;
    },
  };
}
