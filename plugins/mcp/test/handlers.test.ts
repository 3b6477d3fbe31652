import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolSpec } from '../src/catalog/index.js';
import { createHandlers, type ServerDeps } from '../src/server/index.js';

const spec: ToolSpec = { name: 'query_map', command: 'query map', plugin: 'mega-query', summary: 'map', description: 'map', examples: [], parameters: [], effect: 'read' };
const handlers = (run: ServerDeps['run']) =>
  createHandlers({ name: 'loom', version: '0.0.0', tools: [spec], run, protector: { checkPaths: () => {}, redact: (value) => ({ value, changed: false }) }, has: () => false, latestMega: () => undefined });

const errorOf = (result: { structuredContent?: Record<string, unknown> }) => result.structuredContent?.error as { code: string; message: string; hint?: string };

describe('a tool call that fails outside the command', () => {
  it('reports Node\'s error about a file as FS_<code> naming the path, not as a bug in Loom', async () => {
    const missing = join(tmpdir(), `loom-mcp-missing-${process.pid}`, 'state.json');
    const result = await handlers(async () => JSON.parse(readFileSync(missing, 'utf8')) as never).callTool('query_map', {}, new AbortController().signal);
    expect(result.isError).toBe(true);
    const error = errorOf(result);
    expect(error.code).toBe('FS_ENOENT');
    expect(error.message).toContain(missing);
    expect(error.hint).toContain(`check ${missing}`);
  });

  it('still reports anything else unexpected as INTERNAL', async () => {
    const result = await handlers(async () => {
      throw new TypeError('undefined is not a function');
    }).callTool('query_map', {}, new AbortController().signal);
    expect(errorOf(result).code).toBe('INTERNAL');
  });
});
