/**
 * `loom mcp serve --http 0` with the SDK's own Client over streamable HTTP: on 127.0.0.1
 * only, refusing a Host that is not loopback. Needs `pnpm build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { userEnv } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, createProject, requireBuild, type Project } from './support/project.js';

describe('loom mcp serve --http', () => {
  let project: Project;
  let server: ChildProcess;
  let url: URL;
  let stderr = '';

  beforeAll(async () => {
    requireBuild();
    project = await createProject({ 'src/index.ts': 'export const answer = 42;\n' });
    // Started elsewhere, as Claude Desktop starts servers: --project names the repository.
    server = spawn(process.execPath, [BIN, 'mcp', 'serve', '--http', '0', '--project', project.root], { cwd: tmpdir(), env: { ...userEnv(), ...project.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<URL>((resolve, reject) => {
      server.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /streamable HTTP on (http:\/\/\S+)/.exec(stderr);
        if (found) resolve(new URL(found[1]!));
      });
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    project?.remove();
  });

  it('listens on 127.0.0.1 and serves the same tools and calls to the SDK client, in the --project folder', async () => {
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/mcp');
    const client = new Client({ name: 'loom-http-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['query_map', 'hello', 'session_list']));
      const result = (await client.callTool({ name: 'query_map', arguments: { path: '.' } })) as { isError?: boolean; structuredContent?: unknown };
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.structuredContent)).toContain('src/index.ts');
      const refused = (await client.callTool({ name: 'query_map', arguments: { path: '/' } })) as { isError?: boolean };
      expect(refused.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('serves two clients side by side, each with its own session', async () => {
    const clients = [new Client({ name: 'a', version: '1' }), new Client({ name: 'b', version: '1' })];
    const transports = clients.map(() => new StreamableHTTPClientTransport(url));
    await Promise.all(clients.map((client, index) => client.connect(transports[index]!)));
    try {
      expect(transports[0]!.sessionId).toBeDefined();
      expect(transports[0]!.sessionId).not.toBe(transports[1]!.sessionId);
      const greetings = await Promise.all(clients.map((client, index) => client.callTool({ name: 'hello', arguments: { name: `client ${index}` } })));
      expect(greetings.map((result) => (result.structuredContent as { greeting: string }).greeting)).toEqual(['Hello, client 0!', 'Hello, client 1!']);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('refuses a request whose Host is not loopback (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port: url.port, path: '/mcp', method: 'POST', headers: { host: 'attacker.example', 'content-type': 'application/json' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      sent.on('error', reject);
      sent.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    });
    expect(status).toBe(403);
  });
});

describe('loom mcp serve --http when the kernel fails to boot', () => {
  it('never listens: one error line and its hint on stderr, nothing on stdout, exit 1, for a config that is not JSON or not valid', async () => {
    requireBuild();
    const project = await createProject({ 'src/index.ts': 'export const answer = 42;\n' });
    try {
      for (const [text, code] of [['not json\n', 'CONFIG_PARSE_ERROR'], ['{"security":{"onSecret":42}}\n', 'CONFIG_INVALID']] as const) {
        writeFileSync(join(project.root, 'loom.config.json'), text);
        const child = spawn(process.execPath, [BIN, 'mcp', 'serve', '--http', '0', '--project', project.root], { cwd: tmpdir(), env: { ...userEnv(), ...project.env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exit = await new Promise<number | null>((resolve) => child.once('close', resolve));
        const lines = stderr.trimEnd().split('\n');
        expect({ code, exit, stdout }).toEqual({ code, exit: 1, stdout: '' });
        expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: .*loom\\.config\\.json`));
        expect(lines.slice(1)).toEqual([expect.stringMatching(/^hint: /)]);
        expect(stderr).not.toContain('streamable HTTP on');
      }
    } finally {
      project.remove();
    }
  }, 120_000);
});
