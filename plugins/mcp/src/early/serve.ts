// The early entry's server, once the SDK is needed (its own chunk of the bundle: evaluating
// the SDK is most of a start, and the cached answers are given before it). It answers on the
// stream the reader hands it while oclif loads `mcp serve`, whose kernel then attaches its
// handlers (server/handoff.ts); calls wait for them, tools/list too when no table was current.
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { publishEarly } from '../server/handoff.js';
import { newServer, register, type Handlers, type ListedTool } from '../server/register.js';
import { serveOnStdio } from '../server/stdio.js';
import { writeTable } from '../table/index.js';
import { initializeRecord } from './record.js';

export interface EarlyServe {
  /** The server's version (the CLI's). */
  version: string;
  /** The table's file, rewritten when it was missing or the kernel disagrees with it. */
  file: string;
  /** When the start began: inputs changed since are not trusted for the table. */
  since: number;
  /** The current table's tools, if there was one. */
  tools: ListedTool[] | undefined;
  input?: Readable | undefined;
  /** Responses already given early. */
  drop?: ((message: JSONRPCMessage) => boolean) | undefined;
}

export async function serveFromEarly(options: EarlyServe): Promise<void> {
  const { version, file, since } = options;
  let tools = options.tools;
  let attached: (handlers: Handlers) => void = () => undefined;
  const handlers = new Promise<Handlers>((resolve) => (attached = resolve));
  const server = newServer(version);
  register(server, () => handlers, async () => tools ?? (await handlers).tools());
  const { closed } = await serveOnStdio(server, { input: options.input, drop: options.drop });
  publishEarly({
    async attach(ready, inputs, signal) {
      signal.addEventListener('abort', () => void server.close(), { once: true });
      attached(ready);
      const fresh = ready.tools();
      const changed = tools !== undefined && JSON.stringify(tools) !== JSON.stringify(fresh);
      const stale = tools === undefined || changed;
      tools = fresh;
      // Answered from a table the kernel disagrees with (a plugin failed to set up, say): say so.
      if (changed) void server.sendToolListChanged().catch(() => undefined);
      if (stale) {
        // A table that cannot be made only costs the next start its speed.
        const initialize = await initializeRecord(version).catch(() => undefined);
        // This chunk is an input too: another SDK answers initialize otherwise.
        if (initialize) writeTable(file, { version, cwd: process.cwd(), initialize, tools: fresh }, [...inputs, fileURLToPath(import.meta.url)], process.env, since);
      }
      await closed;
    },
    close: () => void server.close(),
  });
}
