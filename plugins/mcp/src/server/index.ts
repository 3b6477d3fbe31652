import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { isLoomError, toLoomError } from '@loomkit/kernel';
import type { CommandOutcome } from '@loomkit/kernel/command';
import { annotationsOf, inputSchemaOf, parseArguments, toArgv, type ToolSpec } from '../catalog/index.js';
import { createPrompts } from './prompts.js';
import type { Protector } from './protect.js';
import { createResources } from './resources.js';
import { errorResult, outcomeResult, type ToolResult } from './results.js';

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
}

/** The state one server process shares between its connections (HTTP has one per client). */
export interface ServerState {
  /** The last `query mega` result a tool call produced, for the `loom://mega/latest` resource. */
  latestMega?: unknown;
}

/**
 * An MCP server over Loom's commands: tools (one per routed command), resources (the latest
 * mega report, session transcripts), prompts (the chains). Each call runs the command in
 * process with the request's AbortSignal; every failure is a tool error, never a crash.
 */
export function createMcpServer(deps: ServerDeps, state: ServerState = {}): Server {
  const server = new Server(
    { name: deps.name, version: deps.version },
    {
      capabilities: { tools: {}, resources: {}, prompts: {} },
      instructions: 'Loom runs Claude across this repository. Each tool is a `loom` command; read-only tools are marked, spending tools say so and take max-cost.',
    },
  );
  const byName = new Map(deps.tools.map((tool) => [tool.name, tool]));

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: deps.tools.map((tool) => ({
      name: tool.name,
      title: tool.summary,
      description: tool.description,
      inputSchema: inputSchemaOf(tool),
      annotations: { title: tool.summary, ...annotationsOf(tool.effect) },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<ToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) return errorResult({ code: 'MCP_UNKNOWN_TOOL', message: `no tool named ${request.params.name}`, hint: 'list the tools (tools/list) for the installed commands' });
    try {
      const values = parseArguments(tool, request.params.arguments);
      deps.protector.checkPaths(tool, values);
      const outcome = await deps.run(tool.command, toArgv(tool, values), extra.signal);
      if (tool.command === 'query mega' && !outcome.error) state.latestMega = outcome.output;
      return outcomeResult(tool, outcome, deps.protector);
    } catch (error) {
      return errorResult(isLoomError(error) ? error : toLoomError(error));
    }
  });

  const resources = createResources(deps, state);
  server.setRequestHandler(ListResourcesRequestSchema, async (_request, extra) => ({ resources: await resources.list(extra.signal) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => ({ contents: [await resources.read(request.params.uri, extra.signal)] }));

  const prompts = createPrompts(deps);
  server.setRequestHandler(ListPromptsRequestSchema, async (_request, extra) => ({ prompts: await prompts.list(extra.signal) }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => prompts.get(request.params.name, request.params.arguments ?? {}, extra.signal));
  return server;
}
