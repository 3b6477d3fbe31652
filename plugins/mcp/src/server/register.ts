import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from './results.js';

// The protocol side of the server, apart from what answers it: the early entry (bundled,
// loaded before oclif and the kernel) registers these same handlers before it has them.

/** One tool as tools/list gives it: plain JSON, so a cached table can hold it. */
export interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object' };
  annotations: object;
}

/** What answers the requests: the kernel's catalog, runner and protector behind them. */
export interface Handlers {
  tools(): ListedTool[];
  callTool(name: string, args: unknown, signal: AbortSignal): Promise<ToolResult>;
  listResources(signal: AbortSignal): Promise<Array<{ uri: string; name: string }>>;
  readResource(uri: string, signal: AbortSignal): Promise<{ uri: string; mimeType: string; text: string }>;
  listPrompts(signal: AbortSignal): Promise<Array<{ name: string }>>;
  getPrompt(name: string, args: Record<string, string>, signal: AbortSignal): Promise<{ description?: string; messages: Array<{ role: 'user'; content: { type: 'text'; text: string } }> }>;
}

/**
 * The SDK's server validates one thing with a JSON Schema validator: answers to elicitation
 * (asking the user through the client), which Loom never does — commands take their answers
 * as arguments. Its own validator is ajv, a third of the early bundle; this one refuses.
 */
const NO_ELICITATION = {
  getValidator: () => () => ({ valid: false as const, data: undefined, errorMessage: "loom's MCP server does not ask the client for input" }),
};

export function newServer(version: string): Server {
  return new Server(
    { name: 'loom', version },
    {
      jsonSchemaValidator: NO_ELICITATION,
      // listChanged: a server that answered from its cached table says so when the kernel's differs.
      capabilities: { tools: { listChanged: true }, resources: {}, prompts: {} },
      instructions: 'Loom runs Claude across this repository. Each tool is a `loom` command; read-only tools are marked, spending tools say so and take max-cost.',
    },
  );
}

/**
 * Answers every request through `handlers`, which may still be on their way (the kernel
 * booting); tools/list may be answered sooner by `listTools`.
 */
export function register(server: Server, handlers: () => Promise<Handlers>, listTools: () => Promise<ListedTool[]> = async () => (await handlers()).tools()): void {
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await listTools() }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => (await handlers()).callTool(request.params.name, request.params.arguments, extra.signal));
  server.setRequestHandler(ListResourcesRequestSchema, async (_request, extra) => ({ resources: await (await handlers()).listResources(extra.signal) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => ({ contents: [await (await handlers()).readResource(request.params.uri, extra.signal)] }));
  server.setRequestHandler(ListPromptsRequestSchema, async (_request, extra) => ({ prompts: await (await handlers()).listPrompts(extra.signal) }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => (await handlers()).getPrompt(request.params.name, request.params.arguments ?? {}, extra.signal));
}
