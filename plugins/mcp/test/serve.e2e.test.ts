/**
 * The SDK's own Client against `loom mcp serve` in a child process (the built CLI, as Claude
 * Code starts it), in a temp git repository with the example third-party plugin linked.
 * Needs `pnpm build` first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { planted, startFakeClaude, type FakeClaude } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, fakeClaudeEnv, requireBuild, type Project } from './support/project.js';

interface Tool {
  name: string;
  description?: string;
  inputSchema: { properties?: Record<string, { type?: unknown; enum?: string[]; default?: unknown; description?: string }>; required?: string[] };
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
}

interface CallResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

const SECRET = planted.github;
/** The server's llm concurrency limit. */
const LIMIT = 2;

describe('loom mcp serve over stdio', () => {
  let project: Project;
  let fake: FakeClaude;
  let client: Client;
  let stderr: () => string;
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallResult;
  const text = (result: CallResult) => result.content.map((part) => part.text ?? '').join('\n');

  beforeAll(async () => {
    requireBuild();
    fake = await startFakeClaude();
    project = await createProject({
      'src/server.ts': "import { handler } from './routes.js';\n\nexport function start(port: number) {\n  return handler(port);\n}\n",
      'src/routes.ts': 'export function handler(port: number) {\n  return `listening on ${port}`;\n}\n',
      'src/settings.ts': `export const githubToken = '${SECRET}';\n`,
    });
    ({ client, stderr } = await project.connect(fakeClaudeEnv(fake, LIMIT)));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await fake?.close();
    project?.remove();
  });

  it('initializes as loom, with tools, resources and prompts', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'loom' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
  });

  it('lists one tool per routed command, the third-party plugin\'s included, with schemas from args and flags', async () => {
    const { tools } = (await client.listTools()) as { tools: Tool[] };
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of ['session_list', 'query_mega', 'query_map', 'security_scan', 'chain_run', 'hello']) expect(byName.has(name), name).toBe(true);
    expect(byName.has('mcp_serve')).toBe(false);

    // The linked plugin's command: its route's argument description, oclif's default.
    expect(byName.get('hello')!.inputSchema.properties!.name).toMatchObject({ description: 'who to greet', default: 'world' });
    const mega = byName.get('query_mega')!;
    expect(mega.inputSchema.properties!.mode!.enum).toEqual(expect.arrayContaining(['codebase', 'security']));
    expect(mega.inputSchema.properties!['dry-run']).toMatchObject({ type: 'boolean' });
    expect(mega.inputSchema.properties).not.toHaveProperty('json');
    expect(mega.description).toMatch(/spends money/);
    expect(mega.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(byName.get('session_list')!.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get('session_restore')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('session_list')!.description).not.toMatch(/spends money/);
  });

  it('calls query_map on the repository and returns its --json data as structured content', async () => {
    const result = await call('query_map', { path: '.' });
    expect(result.isError, text(result)).toBeFalsy();
    const json = JSON.stringify(result.structuredContent);
    expect(json).toContain('src/server.ts');
    expect(json).toContain('handler');
    expect(text(result).split('\n')[0]).toMatch(/^loom query map: done/);
  });

  it('runs a third-party plugin\'s command in process on the one kernel', async () => {
    const result = await call('hello', { name: 'Ada' });
    expect(result.isError, text(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ greeting: 'Hello, Ada!' });
  });

  it('runs the CLI\'s core commands as tools: a config key read, the project set up', async () => {
    const got = await call('config_get', { key: 'logLevel' });
    expect(got.isError, text(got)).toBeFalsy();
    expect(got.structuredContent).toEqual({ key: 'logLevel', value: 'warn', origin: 'default' });
    const init = await call('init', {});
    expect(init.isError, text(init)).toBeFalsy();
    expect(init.structuredContent).toMatchObject({ root: project.root, changed: expect.arrayContaining(['loom.config.json']) });
    expect(existsSync(join(project.root, 'loom.config.json'))).toBe(true);
  });

  it('answers bad arguments with a schema error as a tool error, and keeps serving', async () => {
    const badEnum = await call('query_mega', { mode: 'nonsense', 'dry-run': true });
    expect(badEnum.isError).toBe(true);
    expect(text(badEnum)).toMatch(/MCP_INVALID_ARGUMENTS.*mode/);
    const unknown = await call('session_list', { bogus: true });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/bogus/);
    const wrongType = await call('hello', { name: { nested: 1 } });
    expect(wrongType.isError).toBe(true);
    const after = await call('session_list', {});
    expect(after.isError, text(after)).toBeFalsy();
    expect(after.structuredContent).toEqual({ result: [] });
  });

  it('refuses a path outside the project as a tool error, and keeps serving', async () => {
    const outside = await call('query_map', { path: '/etc' });
    expect(outside.isError).toBe(true);
    expect(text(outside)).toMatch(/POLICY_PATH_DENIED/);
    const parent = await call('security_scan', { paths: ['..'] });
    expect(parent.isError).toBe(true);
    expect((await call('hello', {})).structuredContent).toMatchObject({ greeting: 'Hello, world!' });
  });

  it('never returns a planted secret: not echoed by a command, not read from a file', async () => {
    const echoed = await call('hello', { name: SECRET });
    expect(JSON.stringify(echoed)).not.toContain(SECRET);
    expect(JSON.stringify(echoed)).toContain('[REDACTED:');
    const mega = await call('query_mega', { 'dry-run': true });
    expect(mega.isError, text(mega)).toBeFalsy();
    expect(JSON.stringify(mega)).not.toContain(SECRET);
    const map = await call('query_map', { path: '.' });
    expect(JSON.stringify(map)).not.toContain(SECRET);
    const resource = await client.readResource({ uri: 'loom://mega/latest' });
    expect(JSON.stringify(resource)).not.toContain(SECRET);
  });

  it('cancels a long call: the command is aborted (its request to Claude closes) and the server serves on', async () => {
    // `ask` needs an active session.
    const started = await call('session_start', { name: 'to-cancel' });
    expect(started.isError, text(started)).toBeFalsy();
    // The fake holds the call until 2 are in flight, which never happens: only cancelling ends it.
    fake.faults({ holdUntilInFlight: 2, holdQuietMs: 600_000 });
    try {
      const controller = new AbortController();
      const pending = client.callTool({ name: 'ask', arguments: { question: 'what does this repository do?' } }, undefined, { signal: controller.signal, timeout: 120_000 });
      await waitFor(() => fake.inFlight === 1, () => `no call reached Claude\n${stderr()}`);
      controller.abort();
      await expect(pending).rejects.toThrow();
      await waitFor(() => fake.inFlight === 0, () => 'the command was not aborted: its call to Claude is still open');
    } finally {
      fake.faults(undefined);
    }
    const after = await call('session_list', {});
    expect(after.isError, text(after)).toBeFalsy();
  });

  it('keeps Claude calls of concurrent tool calls under the one llm limiter', async () => {
    // Requests are held until LIMIT + 1 are at the fake at once (or none has arrived for a
    // while): calls with a limiter each would get there together; under one limiter only LIMIT do.
    expect((await call('session_start', { name: 'fan-out' })).isError).toBeFalsy();
    fake.faults({ holdUntilInFlight: LIMIT + 1, holdQuietMs: 1_500 });
    const before = fake.requests.length;
    try {
      const results = await Promise.all(Array.from({ length: 4 }, (_, n) => call('ask', { question: `question ${n}` })));
      for (const result of results) expect(result.isError, text(result)).toBeFalsy();
    } finally {
      fake.faults(undefined);
    }
    expect(fake.requests.slice(before).filter((request) => request.path === '/v1/messages')).toHaveLength(4);
    expect(fake.peakInFlight).toBe(LIMIT);
  });

  it('offers the chains as prompts and session transcripts as resources', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(expect.arrayContaining(['chain_review', 'chain_onboard']));
    const review = await client.getPrompt({ name: 'chain_review', arguments: { inputs: 'path=src' } });
    expect(JSON.stringify(review.messages)).toContain('chain_run');
    const started = await call('session_start', { name: 'mcp-test' });
    expect(started.isError, text(started)).toBeFalsy();
    const { resources } = await client.listResources();
    const session = resources.find((resource) => resource.uri.startsWith('loom://sessions/') && resource.title?.includes('mcp-test'));
    expect(session).toBeDefined();
    const read = await client.readResource({ uri: session!.uri });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ session: { name: 'mcp-test' } });
  });

  it('offers the project\'s latest saved mega report, whatever ran it (here the CLI, outside the server)', async () => {
    const ran = await project.loom(['query', 'mega', '--dry-run', '--mode', 'security', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
    const read = await client.readResource({ uri: 'loom://mega/latest' });
    const latest = JSON.parse((read.contents[0] as { text: string }).text) as { root: string; savedAt: string; report: { plan?: { mode?: string } } };
    expect(latest.root).toBe(project.root);
    expect(Date.parse(latest.savedAt)).not.toBeNaN();
    expect(latest.report).toEqual(JSON.parse(ran.stdout));
  });

  it('writes nothing but protocol messages to stdout', () => {
    // A stray line on stdout would have broken the client's parsing above; logs are on stderr.
    expect(stderr()).not.toMatch(/SyntaxError|Unexpected token/);
  });
});

async function waitFor(condition: () => boolean, message: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
