/**
 * `loom mcp serve` (the built CLI) whose kernel fails to boot after the early entry already
 * answered initialize and tools/list from its cached table: the SDK's own Client over a real
 * stdio child must never hang. The kernel never came, so no redactor can vet the error's text
 * (a config value may be a secret): the server writes the one-line error and its hint to
 * stderr and exits non-zero; the client's pending call fails as the transport closes, and
 * stdout carries protocol messages only. Needs `pnpm build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, createProject, requireBuild, type Project } from './support/project.js';

const GOOD = '{"security":{"onSecret":"redact"}}\n';
/** A whole second in the past: the broken config gets the good one's stamp back exactly (mtime, size), as a change the table cannot see. */
const STAMP = Math.floor(Date.now() / 1000) - 60;

interface Served {
  client: Client;
  /** Every line the server wrote to stdout. */
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
  end(): void;
}

/** The SDK's Client over a `loom mcp serve` child this test spawns itself, so its exit code and raw stdout are seen too. */
async function serve(project: Project): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'mcp', 'serve'], { cwd: project.root, env: { PATH: process.env.PATH ?? '', ...project.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  // 'close': stdout and stderr are read to their end by then.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const stdout: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const buffer = new ReadBuffer();
  const transport: Transport = {
    async start() {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout.push(...chunk.toString().split('\n').filter((text) => text !== ''));
        buffer.append(chunk);
        for (let message = buffer.readMessage(); message; message = buffer.readMessage()) transport.onmessage?.(message);
      });
      child.once('close', () => transport.onclose?.());
    },
    async send(message: JSONRPCMessage) {
      if (child.stdin.writable) child.stdin.write(serializeMessage(message));
    },
    async close() {
      child.stdin.end();
    },
  };
  const client = new Client({ name: 'loom-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stdout, stderr: () => stderr, exited, end: () => child.stdin.end() };
}

describe('loom mcp serve when the kernel fails to boot', () => {
  let project: Project;
  const config = () => join(project.root, 'loom.config.json');
  const tableDir = () => join(project.env.LOOM_CACHE_DIR!, 'mcp');
  const writeConfig = (text: string) => {
    writeFileSync(config(), text);
    utimesSync(config(), STAMP, STAMP);
  };

  /** A start with the good config, left running until it has written its tool table. */
  async function cacheTable(): Promise<void> {
    writeConfig(GOOD);
    const { client, exited, end } = await serve(project);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    while (!(existsSync(tableDir()) && readdirSync(tableDir()).some((name) => name.startsWith('tools-') && name.endsWith('.json')))) await new Promise((resolve) => setTimeout(resolve, 20));
    end();
    expect(await exited).toBe(0);
  }

  /** What the client, stderr and the exit code show once the boot failed. */
  async function expectFailedBoot(served: Served, code: string): Promise<void> {
    const exit = await served.exited;
    expect(exit).not.toBe(0);
    expect(exit).not.toBeNull();
    const lines = served.stderr().trimEnd().split('\n');
    // One line saying what is wrong where, one saying what to do; no stack trace.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: .*loom\\.config\\.json`));
    expect(lines[1]).toMatch(/^hint: \S/);
    // stdout: protocol messages only.
    for (const text of served.stdout) expect(JSON.parse(text)).toMatchObject({ jsonrpc: '2.0' });
  }

  beforeAll(async () => {
    requireBuild();
    project = await createProject({ 'src/index.ts': 'export const answer = 42;\n' });
  }, 120_000);

  afterAll(() => project?.remove());

  it.each([
    ['a value its plugin\'s schema refuses', '{"security":{"onSecret":"xxxxxx"}}\n', 'CONFIG_INVALID'],
    ['text that is not JSON', '{"security":{"onSecret":"redact"}]\n', 'CONFIG_PARSE_ERROR'],
  ])('after early answers from the cached table, with %s in loom.config.json: a call fails as the server exits with the error on stderr', async (_name, broken, code) => {
    expect(broken).toHaveLength(GOOD.length);
    await cacheTable();
    writeConfig(broken);
    const served = await serve(project);
    // Answered from the table: this kernel never boots, so it could not answer.
    const { tools } = await served.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('security_policy');
    await expect(served.client.callTool({ name: 'security_policy', arguments: {} })).rejects.toThrow(/closed/i);
    await expectFailedBoot(served, code);
    // The early answers were given: initialize and tools/list on stdout before the end.
    expect(served.stdout.map((text) => (JSON.parse(text) as { id?: unknown }).id)).toEqual([0, 1]);
  });

  it('without a cached table (the reference): tools/list fails as the server exits with the same error', async () => {
    writeConfig('{"security":{"onSecret":"xxxxxx"}}\n');
    rmSync(tableDir(), { recursive: true, force: true });
    const served = await serve(project);
    await expect(served.client.listTools()).rejects.toThrow(/closed/i);
    await expectFailedBoot(served, 'CONFIG_INVALID');
    expect(existsSync(tableDir()) && readdirSync(tableDir()).some((name) => name.startsWith('tools-'))).toBe(false);
  });
});
