/**
 * `loom mcp serve` (the built CLI) answering initialize and tools/list from its cached table
 * before the SDK loads, seen as bytes on a real stdio child: the same bytes the SDK's server
 * writes, everything else answered by the SDK once it has loaded, nothing early from a stale
 * table. Needs `pnpm build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, createProject, linkHelloCopy, requireBuild, type Project } from './support/project.js';

const MARK = 'answered from the table';
const line = (message: object) => `${JSON.stringify(message)}\n`;
const initialize = (protocolVersion: string, id: number | string = 1) =>
  line({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion, capabilities: { roots: { listChanged: true } }, clientInfo: { name: 'loom-test', version: '1.0.0' } } });
const INITIALIZED = line({ jsonrpc: '2.0', method: 'notifications/initialized' });
const listTools = (id: number) => line({ jsonrpc: '2.0', id, method: 'tools/list' });

interface Response {
  id: number | string;
  result?: { protocolVersion?: string; instructions?: string; tools?: unknown[]; content?: unknown; isError?: boolean };
  error?: unknown;
}

describe('early answers of loom mcp serve', () => {
  let project: Project;
  let plugin: string;
  const tableDir = () => join(project.env.LOOM_CACHE_DIR!, 'mcp');
  const tableFile = () => join(tableDir(), readdirSync(tableDir()).find((name) => name.startsWith('tools-') && name.endsWith('.json'))!);

  /**
   * Writes `input` to a fresh server at once, reads `count` response lines, then ends its
   * stdin (after `until` holds) and returns every line it wrote to stdout, in order.
   */
  async function exchange(input: string, count: number, until: () => boolean = () => true): Promise<string[]> {
    const child = spawn(process.execPath, [BIN, 'mcp', 'serve'], { cwd: project.root, env: { PATH: process.env.PATH ?? '', ...project.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const enough = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
          lines.push(pending.slice(0, end + 1));
          pending = pending.slice(end + 1);
        }
        if (lines.length >= count) resolve();
      });
      void exited.then((code) => reject(new Error(`the server ended (${code}) after ${lines.length} lines: ${stderr}`)));
    });
    child.stdin.write(input);
    await enough;
    while (!until()) await new Promise((resolve) => setTimeout(resolve, 20));
    child.stdin.end();
    expect(await exited).toBe(0);
    return pending === '' ? lines : [...lines, pending];
  }
  const parse = (lines: string[]) => lines.map((text) => JSON.parse(text) as Response);
  const byId = (lines: string[], id: number | string) => parse(lines).filter((response) => response.id === id);

  /** The SDK's own answers: the table removed, then written again by this run (its kernel's tools). */
  const withoutTable = async (input: string, count: number) => {
    rmSync(tableDir(), { recursive: true, force: true });
    return exchange(input, count, () => existsSync(tableDir()) && readdirSync(tableDir()).some((name) => name.endsWith('.json')));
  };
  /** Marks the table's stored initialize answer, so an answer from the table shows. */
  const markTable = () => {
    const table = JSON.parse(readFileSync(tableFile(), 'utf8')) as { initialize: { result: { instructions: string } } };
    table.initialize.result.instructions = MARK;
    writeFileSync(tableFile(), JSON.stringify(table));
  };

  beforeAll(async () => {
    requireBuild();
    project = await createProject({ 'src/index.ts': 'export const answer = 42;\n' });
    // A copy of the example plugin, linked instead of it: the stale-table test touches its manifest.
    plugin = await linkHelloCopy(project);
  }, 120_000);

  afterAll(() => {
    project?.remove();
    if (plugin) rmSync(plugin, { recursive: true, force: true });
  });

  it.each([
    ['a version the SDK speaks', '2025-06-18'],
    ['an old version the SDK still speaks', '2024-11-05'],
    ['a version the SDK does not know', '1999-01-01'],
  ])('answers initialize and tools/list byte for byte as the SDK\'s server does, for %s', async (_name, version) => {
    const input = `${initialize(version)}${INITIALIZED}${listTools(2)}`;
    const sdk = await withoutTable(input, 2);
    const early = await exchange(input, 2);
    expect(early).toEqual(sdk);
    expect(parse(early).map((response) => response.id)).toEqual([1, 2]);
    expect(parse(early)[0]!.result?.protocolVersion).toBe(version === '1999-01-01' ? LATEST_PROTOCOL_VERSION : version);
    expect(parse(early)[1]!.result?.tools?.length).toBeGreaterThan(0);
    // The same start with the table's stored answer marked: it came from the table.
    markTable();
    const marked = parse(await exchange(input, 2));
    expect(marked[0]!.result?.instructions).toBe(MARK);
    expect(marked[1]).toEqual(parse(sdk)[1]);
  });

  it('leaves every other request, sent before the SDK loads, to the SDK, which answers each once', async () => {
    await withoutTable(`${initialize('2025-06-18')}${INITIALIZED}${listTools(2)}`, 2);
    markTable();
    const input = [
      initialize('2025-06-18'),
      INITIALIZED,
      line({ jsonrpc: '2.0', id: 2, method: 'ping' }),
      '{"jsonrpc":"2.0","id":3,"method":\n',
      line({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'security_policy', arguments: {} } }),
      listTools(5),
      line({ jsonrpc: '2.0', id: 6, method: 'prompts/get', params: {} }),
    ].join('');
    const lines = await exchange(input, 5);
    // initialize from the table, first; the rest by the SDK (the malformed line is dropped, as the SDK does).
    expect(parse(lines)[0]).toMatchObject({ id: 1, result: { instructions: MARK } });
    expect(parse(lines).map((response) => response.id).sort()).toEqual([1, 2, 4, 5, 6]);
    expect(byId(lines, 2)[0]).toMatchObject({ result: {} });
    expect(byId(lines, 4)[0]!.result?.isError).toBeFalsy();
    expect(JSON.stringify(byId(lines, 4)[0]!.result?.content)).toContain('policy');
    expect(byId(lines, 5)[0]!.result?.tools?.length).toBeGreaterThan(0);
    // A request its schema refuses gets the SDK's error.
    expect(byId(lines, 6)[0]!.error).toBeDefined();
    expect(byId(lines, 6)[0]!.result).toBeUndefined();
  });

  it('serves the SDK\'s own Client from the table, then its calls after the hand-off', async () => {
    await withoutTable(`${initialize('2025-06-18')}${INITIALIZED}${listTools(2)}`, 2);
    markTable();
    const { client } = await project.connect();
    try {
      expect(client.getInstructions()).toBe(MARK);
      expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true } });
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.ping();
      const result = (await client.callTool({ name: 'security_policy', arguments: {} })) as { isError?: boolean; content: unknown };
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('policy');
    } finally {
      await client.close();
    }
  });

  it('answers nothing early after a request the SDK must answer, initialize included', async () => {
    const lines = await exchange(`${line({ jsonrpc: '2.0', id: 'first', method: 'ping' })}${initialize('2025-06-18')}${INITIALIZED}${listTools(2)}`, 3);
    expect(parse(lines).map((response) => response.id)).toEqual(['first', 1, 2]);
    expect(parse(lines)[1]!.result?.instructions).not.toBe(MARK);
  });

  it('gives no early answer from a stale table: a plugin\'s manifest changed', async () => {
    const input = `${initialize('2025-06-18')}${INITIALIZED}${listTools(2)}`;
    const sdk = await withoutTable(input, 2);
    markTable();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(plugin, 'oclif.manifest.json'), later, later);
    expect(await exchange(input, 2)).toEqual(sdk);
  });
});
