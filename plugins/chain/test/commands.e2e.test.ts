import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeClaude } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPool, REPO_ROOT, requireBuild } from './support.js';

beforeAll(requireBuild);

describe('loom chain, end to end through the built CLI', () => {
  const { project, removeAll } = projectPool();
  afterAll(removeAll);

  it('parallel steps calling Claude stay under the one llm concurrency limit', async () => {
    const LIMIT = 2;
    const STEPS = 4;
    const fake = await startFakeClaude();
    const flow = `parallel: ${STEPS}\nsteps:\n${Array.from({ length: STEPS }, (_, n) => `  - id: q${n}\n    run: ask "question ${n}"`).join('\n')}\n`;
    // Token-per-minute limits high enough that only the concurrency limit throttles.
    const limits = { LOOM_LLM__LIMITS__CONCURRENCY: String(LIMIT), LOOM_LLM__LIMITS__INPUT_TOKENS_PER_MINUTE: '100000000', LOOM_LLM__LIMITS__OUTPUT_TOKENS_PER_MINUTE: '100000000' };
    const repo = await project({ 'flow.yaml': flow }, { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url, ...limits });
    // The first LIMIT requests are held until LIMIT are in flight and every step has started:
    // a step with its own limiter would then be at the fake too, over the limit.
    const allStarted = () => Object.values(repo.runs()[0]?.steps ?? {}).filter((step) => step.status !== 'pending').length === STEPS;
    let released = false;
    fake.reply(async (request, { index }) => {
      while (index < LIMIT && !released) {
        released = fake.inFlight >= LIMIT && allStarted();
        await new Promise((done) => setTimeout(done, 10));
      }
      return `answer to ${JSON.stringify(request.messages.at(-1)?.content).match(/question \d/)?.[0]}`;
    });
    try {
      expect((await repo.loom(['session', 'start', 'fan-out'])).code).toBe(0);
      const result = await repo.loom(['chain', 'run', 'flow.yaml', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const messages = fake.requests.filter((request) => request.path === '/v1/messages');
      expect(messages).toHaveLength(STEPS);
      expect(fake.peakInFlight).toBe(LIMIT);
      const summary = result.json<{ steps: Array<{ id: string; output: { turn: { output: string } } }> }>();
      expect(summary.steps.map((step) => step.output.turn.output)).toEqual(Array.from({ length: STEPS }, (_, n) => expect.stringContaining(`answer to question ${n}`)));
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('a third-party plugin\'s command is a step like any other, its --json output referenced', async () => {
    const repo = await project({
      'flow.yaml': 'steps:\n  - id: first\n    run: hello Ada\n  - id: second\n    needs: first\n    run: hello "${{ steps.first.output.greeting }}"\n',
    });
    const link = await repo.loom(['plugins', 'link', join(REPO_ROOT, 'examples/plugin-hello'), '--no-install']);
    expect(link.code, link.stderr).toBe(0);
    const result = await repo.loom(['chain', 'run', 'flow.yaml', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const steps = result.json<{ steps: Array<{ id: string; status: string; output: { greeting: string } }> }>().steps;
    expect(steps[0]?.output.greeting).toBe('Hello, Ada!');
    expect(steps[1]?.output.greeting).toBe('Hello, Hello, Ada!!');
  }, 120_000);

  it('run refuses a bad workflow before any step starts, one line per problem', async () => {
    const repo = await project({
      'bad.yaml': 'steps:\n  - id: touch\n    shell: "echo ran > ran.txt"\n  - id: scan\n    needs: touch\n    run: secrity scan .\n  - id: loop\n    needs: [later]\n    run: query map\n  - id: later\n    needs: loop\n    shell: sudo rm -rf build\n',
    });
    const result = await repo.loom(['chain', 'run', 'bad.yaml']);
    expect(result.code).toBe(1);
    expect(existsSync(join(repo.root, 'ran.txt'))).toBe(false);
    expect(repo.runs()).toEqual([]);
    const lines = result.stderr.split('\n');
    expect(lines.find((line) => line.includes('CHAIN_UNKNOWN_COMMAND'))).toMatch(/^bad\.yaml:6:\d+: .*closest: security scan/);
    expect(lines.find((line) => line.includes('CHAIN_SHELL_FORBIDDEN'))).toMatch(/^bad\.yaml:12:\d+: error\[CHAIN_SHELL_FORBIDDEN\] step "later": .*sudo/);
    expect(lines.find((line) => line.includes('CHAIN_CYCLE'))).toMatch(/(loop -> later -> loop|later -> loop -> later)/);
    const validate = await repo.loom(['chain', 'validate', 'bad.yaml', '--json']);
    expect(validate.code).toBe(1);
    expect(validate.json<{ error: { code: string; message: string } }>().error.message.split('\n').slice(1)).toHaveLength(3);
  }, 60_000);

  it('a FIFO named as the workflow is no workflow: one error line for validate and run, never a stack', async () => {
    const repo = await project({ 'ok.yaml': 'steps:\n  - id: map\n    run: query map\n' });
    // Stat-ing a named pipe once broke the next import() of Node 20's module resolution.
    execFileSync('mkfifo', [join(repo.root, 'pipe.yaml')]);
    for (const command of ['validate', 'run']) {
      const result = await repo.loom(['chain', command, 'pipe.yaml']);
      expect({ command, code: result.code, stdout: result.stdout }).toEqual({ command, code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^error\[CHAIN_WORKFLOW_NOT_FOUND\]: no workflow file or name "pipe\.yaml".*\nhint: [^\n]+\n$/);
    }
  }, 60_000);

  it('the built-in review writes one Markdown summary of the mega report and the secret scan', async () => {
    const repo = await project({ 'src/app.ts': 'export const answer = 42; // TODO: explain\n', 'src/config.ts': `export const token = "ghp_${'a1B2c3D4e5'.repeat(3)}123456";\n` });
    const result = await repo.loom(['chain', 'run', 'review', '--input', 'out=docs/review.md']);
    expect(result.code, result.stderr).toBe(0);
    const summary = readFileSync(join(repo.root, 'docs/review.md'), 'utf8');
    expect(summary).toContain('# Review of .');
    expect(summary).toMatch(/TODOs: 1\./);
    expect(summary).toMatch(/\n1 finding\(s\) in \d+ files \(exit code 1\)/);
    expect(summary).toContain('src/config.ts');
    const show = await repo.loom(['chain', 'show', repo.runs()[0]?.id ?? '', '--json']);
    expect(show.json<{ steps: Array<{ id: string; status: string; exitCode: number }> }>().steps.map((step) => [step.id, step.status, step.exitCode])).toEqual([
      ['mega', 'succeeded', 0],
      ['secrets', 'failed', 1],
      ['summary', 'succeeded', 0],
    ]);
  }, 120_000);
});
