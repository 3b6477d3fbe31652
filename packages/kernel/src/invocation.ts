import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which command run the current code belongs to. One kernel may host several commands at
 * once (a chain's parallel steps, each an in-process command): events carry no owner, so
 * a handler that keeps state per command run (the session's turn recorder) asks here.
 * Nested runs (a chain and its steps) each get their own id.
 */
const scope = new AsyncLocalStorage<string>();
let counter = 0;

/** Runs `fn` as a new command run: everything it awaits sees the new id. */
export function runInvocation<T>(fn: () => T): T {
  counter += 1;
  return scope.run(`${process.pid}-${counter}`, fn);
}

/** The id of the command run this code belongs to, or undefined outside any. */
export function currentInvocation(): string | undefined {
  return scope.getStore();
}
