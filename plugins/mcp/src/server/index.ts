import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { isLoomError, toLoomError } from '@loomkit/kernel';
import type { CommandOutcome } from '@loomkit/kernel/command';
import { annotationsOf, inputSchemaOf, parseArguments, toArgv, type ToolSpec } from '../catalog/index.js';
import type { SavedMega } from '../mega-latest.js';
import { createPrompts } from './prompts.js';
import type { Protector } from './protect.js';
import { newServer, register, type Handlers, type ListedTool } from './register.js';
import { createResources } from './resources.js';
import { errorResult, outcomeResult } from './results.js';

export type { Handlers, ListedTool } from './register.js';

/** Runs a command in the server's process, on its one kernel. */
export type RunCommand = (command: string, argv: readonly string[], signal: AbortSignal) => Promise<CommandOutcome>;

export interface ServerDeps {
  name: string;
  version: string;
  tools: readonly ToolSpec[];
  run: RunCommand;
  protector: Protector;
  /** Whether a command is installed (resources and prompts use the session, mega-query and chain commands when present). */
  has(command: string): boolean;
  /** The project's latest saved `query mega` report, if any (`loom://mega/latest`). */
  latestMega(): SavedMega | undefined;
}

/** tools/list's answer for a catalog. */
export function listedTools(tools: readonly ToolSpec[]): ListedTool[] {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.summary,
    description: tool.description,
    inputSchema: inputSchemaOf(tool),
    annotations: { title: tool.summary, ...annotationsOf(tool.effect) },
  }));
}

/**
 * What answers an MCP server over Loom's commands: tools (one per routed command), resources
 * (the latest mega report, session transcripts), prompts (the chains). Each call runs the
 * command in process with the request's AbortSignal; every failure is a tool error, never a crash.
 */
export function createHandlers(deps: ServerDeps): Handlers {
  const byName = new Map(deps.tools.map((tool) => [tool.name, tool]));
  const listed = listedTools(deps.tools);
  const resources = createResources(deps);
  const prompts = createPrompts(deps);
  return {
    tools: () => listed,
    async callTool(name, args, signal) {
      const tool = byName.get(name);
      if (!tool) return errorResult({ code: 'MCP_UNKNOWN_TOOL', message: `no tool named ${name}`, hint: 'list the tools (tools/list) for the installed commands' });
      try {
        const values = parseArguments(tool, args);
        deps.protector.checkPaths(tool, values);
        const outcome = await deps.run(tool.command, toArgv(tool, values), signal);
        return outcomeResult(tool, outcome, deps.protector);
      } catch (error) {
        return errorResult(isLoomError(error) ? error : toLoomError(error));
      }
    },
    listResources: (signal) => resources.list(signal),
    readResource: (uri, signal) => resources.read(uri, signal),
    listPrompts: (signal) => prompts.list(signal),
    getPrompt: (name, args, signal) => prompts.get(name, args, signal),
  };
}

/** An MCP server answering through `createHandlers`. */
export function createMcpServer(deps: ServerDeps): Server {
  const server = newServer(deps.version);
  const handlers = createHandlers(deps);
  register(server, async () => handlers);
  return server;
}
