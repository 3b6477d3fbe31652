/**
 * A burst of tool calls: all are answered, but no more than 8 commands run at once in the
 * server (so a hundred calls do not hold a hundred repositories in memory). Needs `pnpm build`.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startFakeClaude, type FakeClaude } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, fakeClaudeEnv, requireBuild, type Project } from './support/project.js';

const RUNNING = 8;
const CALLS = 12;

describe('a burst of tool calls', () => {
  let project: Project;
  let fake: FakeClaude;
  let client: Client;

  beforeAll(async () => {
    requireBuild();
    fake = await startFakeClaude();
    project = await createProject({ 'README.md': '# burst\n' });
    // The llm limiter allows more than the server runs, so only the server's cap can hold calls back.
    ({ client } = await project.connect(fakeClaudeEnv(fake, CALLS)));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await fake?.close();
    project?.remove();
  });

  it(`answers every call, with at most ${RUNNING} commands running at once`, async () => {
    expect((await client.callTool({ name: 'session_start', arguments: { name: 'burst' } })).isError).toBeFalsy();
    // Held until one more than the cap is at Claude at once (or none arrives for a while).
    fake.faults({ holdUntilInFlight: RUNNING + 1, holdQuietMs: 2_000 });
    const results = await Promise.all(Array.from({ length: CALLS }, (_, n) => client.callTool({ name: 'ask', arguments: { question: `question ${n}` } }, undefined, { timeout: 120_000 })));
    expect(results.filter((result) => !result.isError)).toHaveLength(CALLS);
    expect(fake.requests.filter((request) => request.path === '/v1/messages')).toHaveLength(CALLS);
    expect(fake.peakInFlight).toBe(RUNNING);
  }, 120_000);
});
