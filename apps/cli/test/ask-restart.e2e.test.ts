import { createTempProject, startFakeClaude, type FakeClaude } from '@loomkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

const ANSWER = 'FAKE ANSWER. Files are read through the security policy, then chunked.';

let fake: FakeClaude | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function askingLoom(faults: Parameters<FakeClaude['faults']>[0], env: NodeJS.ProcessEnv = {}) {
  fake = await startFakeClaude({ reply: ANSWER, chunkChars: 8, faults });
  const loom = createLoom({ ...isolatedUser(), ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url, LOOM_LLM__RETRY__BASE_DELAY_MS: '10', ...env });
  const project = await createTempProject({ git: true, files: { 'README.md': '# demo\n' } });
  expect((await loom(['session', 'start', 'cut-streams'], { cwd: project.root })).code).toBe(0);
  return (args: string[]) => loom(args, { cwd: project.root });
}

const streamed = (request: { path: string }) => request.path === '/v1/messages';

describe('loom ask when the stream is cut', () => {
  it('prints the answer of the attempt that succeeded, once, and records it', async () => {
    // Only the first attempt is cut, after a few text deltas have gone out.
    let attempts = 0;
    const loom = await askingLoom({ match: (request) => streamed(request) && attempts++ === 0, cutAfterEvents: 6 });
    const result = await loom(['ask', 'how are files read?']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${ANSWER}\n`);
    expect(result.stderr).toMatch(/retrying, so the answer starts over/);
    expect(fake!.requests.filter(streamed)).toHaveLength(2);
    const shown = await loom(['session', 'show', 'cut-streams', '--json']);
    expect(JSON.stringify(shown.json())).toContain(ANSWER);
  });

  it('a failed ask leaves nothing on stdout and one error line on stderr', async () => {
    const loom = await askingLoom({ match: streamed, cutAfterEvents: 6 }, { LOOM_LLM__RETRY__MAX_ATTEMPTS: '2' });
    const result = await loom(['ask', 'how are files read?']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error\[LLM_[A-Z_]+\]: /m);
    expect(fake!.requests.filter(streamed)).toHaveLength(2);
  });
});
