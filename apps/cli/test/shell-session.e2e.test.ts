import { createTempProject, startFakeClaude } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser, LOOM_BIN } from './support/cli.js';
import { spawnPty } from './support/pty.js';

describe('the shell with a session', () => {
  it('shows the active session in the prompt and sends plain text to Claude as a recorded turn', async () => {
    const fake = await startFakeClaude({ reply: 'Nothing changed since the last commit.' });
    const project = await createTempProject({ git: true, files: { 'src/a.ts': 'export {};\n' } });
    const env = { ...isolatedUser(), ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url };
    const loom = createLoom(env);
    try {
      expect((await loom(['session', 'start', 'review-42'], { cwd: project.root })).code).toBe(0);
      const pty = spawnPty([process.execPath, LOOM_BIN], { cwd: project.root, env });
      try {
        await pty.waitFor('loom (review-42)> ');
        let mark = pty.mark();
        pty.type('what changed?\r');
        await pty.waitFor('Nothing changed since the last commit.', mark);
        mark = pty.mark();
        pty.type('/session end\r');
        await pty.waitFor('loom> ', mark);
        pty.type('/exit\r');
        expect(await pty.exited).toBe(0);
      } finally {
        pty.kill();
      }
      const sent = fake.requests.filter((request) => request.path === '/v1/messages');
      expect(JSON.stringify(sent[0]!.body)).toContain('what changed?');
      const shown = await loom(['session', 'show', 'review-42', '--json'], { cwd: project.root });
      const turns = shown.json<{ turns: Array<{ kind: string; input: string; output: string }> }>().turns.filter((turn) => turn.kind === 'conversation');
      expect(turns).toEqual([expect.objectContaining({ input: 'what changed?', output: 'Nothing changed since the last commit.' })]);
    } finally {
      await fake.close();
      project.remove();
    }
  });
});
