import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeClaude } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPool, requireBuild, type Project } from './support.js';

beforeAll(requireBuild);

describe('loom chain run options, end to end', () => {
  const { project, removeAll } = projectPool();
  afterAll(removeAll);
  const lines = (repo: Project, file: string) => readFileSync(join(repo.root, file), 'utf8').split('\n').filter(Boolean);

  it('checkpoint with restore-on-failure puts the work tree back when the step fails', async () => {
    const repo = await project({
      'app.txt': 'original\n',
      'flow.yaml': 'steps:\n  - id: keep\n    shell: "echo kept > notes.txt"\n    checkpoint: true\n  - id: change\n    needs: keep\n    shell: "echo broken > app.txt; exit 3"\n    checkpoint: {restore-on-failure: true}\n',
    });
    expect((await repo.loom(['session', 'start', 'chain-checkpoints'])).code).toBe(0);
    const result = await repo.loom(['chain', 'run', 'flow.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('step "change" failed');
    expect(readFileSync(join(repo.root, 'app.txt'), 'utf8')).toBe('original\n');
    expect(readFileSync(join(repo.root, 'notes.txt'), 'utf8')).toBe('kept\n');
    const checkpoints = await repo.loom(['session', 'checkpoints', '--json']);
    const messages = JSON.stringify(checkpoints.json());
    expect(messages).toContain('before chain step change');
    expect(messages).toContain('before chain step keep');
  }, 60_000);

  it('in an active session each step is a turn, and so is the chain', async () => {
    const repo = await project();
    expect((await repo.loom(['session', 'start', 'steps-as-turns'])).code).toBe(0);
    expect((await repo.loom(['chain', 'security policy -> query map'])).code).toBe(0);
    const shown = await repo.loom(['session', 'show', 'steps-as-turns', '--json']);
    const turns = shown.json<{ turns: Array<{ command: string; output: string }> }>().turns;
    expect(turns.map((turn) => [turn.command, turn.output])).toEqual([
      ['security policy', 'ok'],
      ['query map', 'ok'],
      ['chain', 'ok'],
    ]);
  }, 60_000);

  it('`chain run` takes an inline chain too (what `loom auto` sends "this, then that" to)', async () => {
    const repo = await project();
    const result = await repo.loom(['chain', 'run', 'security policy -> query map', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const [run] = repo.runs();
    expect(run?.workflow.steps.map((step) => [step.id, step.run, step.needs ?? []])).toEqual([
      ['security-policy', 'security policy', []],
      ['query-map', 'query map', ['security-policy']],
    ]);
    expect(Object.values(run?.steps ?? {}).map((step) => step.status)).toEqual(['succeeded', 'succeeded']);
  }, 60_000);

  it('--from STEP runs that step and what follows; earlier steps keep the last run\'s outputs', async () => {
    const flow = 'steps:\n  - {id: a, shell: "echo a >> log.txt; echo \'{\\"n\\": 41}\'"}\n  - {id: b, needs: a, shell: "echo b-${{ steps.a.output.n }} >> log.txt"}\n  - {id: c, needs: b, shell: "echo c >> log.txt"}\n';
    const repo = await project({ 'flow.yaml': flow });
    expect((await repo.loom(['chain', 'run', 'flow.yaml'])).code).toBe(0);
    const again = await repo.loom(['chain', 'run', 'flow.yaml', '--from', 'b', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(lines(repo, 'log.txt')).toEqual(['a', 'b-41', 'c', 'b-41', 'c']);
    expect(repo.runs()).toHaveLength(2);
  }, 60_000);

  it('--max-cost is the budget of every step that calls Claude', async () => {
    const fake = await startFakeClaude({ reply: 'fine' });
    try {
      const repo = await project({}, { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      expect((await repo.loom(['session', 'start', 'budget'])).code).toBe(0);
      const result = await repo.loom(['chain', 'ask "is this cheap?"', '--max-cost', '0.000001']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LLM_BUDGET_EXCEEDED');
      expect(fake.requests.filter((request) => request.path === '/v1/messages')).toEqual([]);
      const free = await repo.loom(['chain', 'ask "is this cheap?"', '--max-cost', '5']);
      expect(free.code, free.stderr).toBe(0);
      expect(fake.requests.filter((request) => request.path === '/v1/messages')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
