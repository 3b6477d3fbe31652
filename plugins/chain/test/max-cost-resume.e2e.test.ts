/**
 * --max-cost holds across the whole run, a kill -9 and `chain resume` included: what the run
 * spent before the kill is on disk and counts toward the limit after it. The run's budget as
 * its steps see it is read back by a `config get` step. Needs `pnpm build` first.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeClaude, type FakeClaude } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPool, requireBuild, until } from './support.js';

const WORKFLOW = `steps:
  - {id: first, run: 'ask "what is one"'}
  - {id: wait, needs: first, shell: "touch waiting; while [ ! -f go ]; do sleep 0.05; done"}
  - {id: budget, needs: wait, run: "config get llm.budget.perCommandUsd"}
  - {id: last, needs: budget, run: 'ask "what is two"'}
`;

let fake: FakeClaude;
beforeAll(async () => {
  requireBuild();
  fake = await startFakeClaude({ reply: 'an answer' });
});
afterAll(() => fake.close());

describe('--max-cost across a kill and a resume', () => {
  const { project, removeAll } = projectPool();
  afterAll(removeAll);
  const messages = () => fake.requests.filter((request) => request.path === '/v1/messages').length;

  const crashAfterFirst = async (maxCost: string) => {
    const repo = await project({ 'flow.yaml': WORKFLOW }, { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
    expect((await repo.loom(['session', 'start', 'budgeted'])).code).toBe(0);
    const child = repo.spawnLoom(['chain', 'run', 'flow.yaml', '--max-cost', maxCost]);
    const exited = new Promise((done) => child.once('exit', done));
    await until(() => existsSync(join(repo.root, 'waiting')), 'the wait step to start');
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;
    writeFileSync(join(repo.root, 'go'), '');
    const [run] = repo.runs();
    return { repo, run: run! };
  };

  it('what was spent before the kill is recorded and taken off the limit after resume', async () => {
    const before = messages();
    const { repo, run } = await crashAfterFirst('0.5');
    expect(run.steps.first?.status).toBe('succeeded');
    expect(run.spentUsd).toBeGreaterThan(0);
    expect(run.maxCostUsd).toBe(0.5);

    const resumed = await repo.loom(['chain', 'resume', run.id, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = resumed.json<{ spentUsd: number; steps: Array<{ id: string; output: { value?: number } }> }>();
    // The steps after the resume were given the limit minus what was spent before the kill.
    expect(summary.steps.find((step) => step.id === 'budget')?.output.value).toBeCloseTo(0.5 - run.spentUsd, 10);
    expect(summary.spentUsd).toBeGreaterThan(run.spentUsd);
    // One call before the kill, one after: the finished ask did not run again.
    expect(messages() - before).toBe(2);
  }, 120_000);

  it('a resume --max-cost below what was spent refuses before any step runs', async () => {
    const { repo, run } = await crashAfterFirst('0.5');
    const calls = messages();
    const resumed = await repo.loom(['chain', 'resume', run.id, '--max-cost', String(run.spentUsd / 2)]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain(`error[LLM_BUDGET_EXCEEDED]: run ${run.id} already spent its --max-cost`);
    expect(messages()).toBe(calls);
    expect(repo.runs()[0]?.steps.budget?.status).toBe('pending');
  }, 120_000);
});
