import { readFileSync } from 'node:fs';
import { createTestKernel } from '@loomkit/kernel/testing';
import { LlmToken } from '@loomkit/llm';
import llmPlugin from '@loomkit/llm/plugin';
import { startFakeClaude, type FakeClaude } from '@loomkit/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askClaude, FALLBACK_MODEL, type RouteEntry } from '../src/index.js';
import { decisionsPath } from '../src/store.js';
import { tempDir } from './support/installed.js';

const candidates: RouteEntry[] = [
  { plugin: 'session', command: 'session export', summary: 'Export a session', examples: ['export this session to markdown'], args: {} },
  { plugin: 'session', command: 'session show', summary: "Show a session's turns", examples: ['show the session refactor-db'], args: {} },
];

let fake: FakeClaude;
const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };

beforeEach(async () => {
  fake = await startFakeClaude({ reply: { toolUse: { name: 'pick_command', input: { command: 'session export' } } } });
  process.env.ANTHROPIC_API_KEY = fake.apiKey;
  process.env.ANTHROPIC_BASE_URL = fake.url;
});

afterEach(async () => {
  process.env.ANTHROPIC_API_KEY = saved.key ?? '';
  if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
  else process.env.ANTHROPIC_BASE_URL = saved.url;
  await fake.close();
});

const llm = async () => (await createTestKernel({ plugins: [llmPlugin] })).get(LlmToken);

describe('the Claude fallback in the unsure band', () => {
  it('makes one small tool call with the candidates as an enum, and caches the answer by request text', async () => {
    const dataDir = tempDir();
    const door = await llm();
    expect(await askClaude(door, 'write the session down somewhere', candidates, { dataDir })).toBe('session export');
    expect(await askClaude(door, 'write the session down somewhere', candidates, { dataDir })).toBe('session export');
    const sent = fake.requests.filter((request) => request.path === '/v1/messages');
    expect(sent).toHaveLength(1);
    const body = sent[0]!.body as { model: string; tools: Array<{ name: string; input_schema: { properties: { command: { enum: string[] } } } }>; tool_choice: { name: string } };
    expect(body.model).toBe(FALLBACK_MODEL);
    expect(body.tool_choice.name).toBe('pick_command');
    expect(body.tools[0]!.input_schema.properties.command.enum.sort()).toEqual(['none', 'session export', 'session show']);
    // Kept for `auto fit`, without the key.
    const stored = readFileSync(decisionsPath(dataDir), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ 'write the session down somewhere': { command: 'session export' } });
    expect(stored).not.toContain(fake.apiKey);
  });

  it('respects the budget: a cap smaller than one call sends nothing', async () => {
    await expect(askClaude(await llm(), 'write the session down somewhere', candidates, { dataDir: tempDir(), maxCostUsd: 0.000001 })).rejects.toMatchObject({
      code: expect.stringMatching(/BUDGET/),
    });
    expect(fake.requests.filter((request) => request.path === '/v1/messages')).toHaveLength(0);
  });

  it('never shows the key, even when the API refuses it', async () => {
    fake.reply({ error: { status: 401, type: 'authentication_error' } });
    const error: unknown = await askClaude(await llm(), 'write the session down', candidates, { dataDir: tempDir() }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(fake.apiKey);
  });

  it('answers none when Claude says nothing fits', async () => {
    fake.reply({ toolUse: { name: 'pick_command', input: { command: 'none' } } });
    expect(await askClaude(await llm(), 'order a pizza', candidates, { dataDir: tempDir() })).toBe('none');
  });
});
