import type { Readable, Writable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface StdioOptions {
  /** Ends the server. */
  signal?: AbortSignal | undefined;
  /** What the client sends (default stdin): the early entry's replay of what it read, then stdin. */
  input?: Readable | undefined;
  /** A message the server would send that was already sent (the early entry answered it): not sent again. */
  drop?: ((message: JSONRPCMessage) => boolean) | undefined;
}

/**
 * A server has no user at a terminal. Every Loom prompt needs stdout to be one, so with it
 * false a command asks for the argument instead; stdin reads as a terminal because oclif's
 * parser otherwise reads a missing argument from a piped stdin — the protocol's messages.
 * stderr as no terminal keeps progress bars of calls side by side out of the logs.
 */
export function withoutTerminal(): void {
  const tty = (stream: NodeJS.ReadStream | NodeJS.WriteStream, value: boolean) => Object.defineProperty(stream, 'isTTY', { value, configurable: true });
  tty(process.stdin, true);
  tty(process.stdout, false);
  tty(process.stderr, false);
}

/**
 * Connects `server` to stdin/stdout and gives the promise of its end (stdin ends, SIGTERM,
 * `signal`). Only protocol messages may reach stdout: from here on, whatever a command or
 * library prints goes to stderr.
 */
export async function serveOnStdio(server: Server, { signal, input = process.stdin, drop }: StdioOptions = {}): Promise<{ closed: Promise<void> }> {
  withoutTerminal();
  const write = process.stdout.write.bind(process.stdout);
  const protocol = { write: (chunk: string) => write(chunk), once: (event: string, listener: () => void) => process.stdout.once(event, listener) } as unknown as Writable;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    input.once('end', () => void server.close());
    signal?.addEventListener('abort', () => void server.close(), { once: true });
    process.once('SIGTERM', () => void server.close());
  });
  const transport = new StdioServerTransport(input, protocol);
  if (drop) {
    const send = transport.send.bind(transport);
    transport.send = async (message) => (drop(message) ? undefined : send(message));
  }
  await server.connect(transport);
  return { closed };
}
