import type { Handlers } from './register.js';

// The early entry (a bundle with its own copy of this module) and `mcp serve` (loaded by
// oclif) meet here, under a Symbol.for key of the one process.
const KEY = Symbol.for('loom.mcp.early');

/** A server already answering on stdio, waiting for the kernel behind its tool calls. */
export interface EarlyServer {
  /** Calls are answered by `handlers` from now on; `inputs` are the files the tools came from. Resolves when the server closes (or `signal` aborts). */
  attach(handlers: Handlers, inputs: readonly string[], signal: AbortSignal): Promise<void>;
  /** Closes it (the command failed before attaching): the process may then end. */
  close(): void;
}

type EarlyGlobal = typeof globalThis & { [KEY]?: EarlyServer };

export function publishEarly(server: EarlyServer): void {
  (globalThis as EarlyGlobal)[KEY] = server;
}

/** The early server of this process, once: whoever takes it attaches or closes it. */
export function takeEarly(): EarlyServer | undefined {
  const server = (globalThis as EarlyGlobal)[KEY];
  delete (globalThis as EarlyGlobal)[KEY];
  return server;
}
