import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempProject, generateLookalikes, generateSecrets, startFakeClaude, type FakeMessagesRequest } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

/** Plain text, or the smallest valid call of the tool a command asks for. */
function anyReply(request: FakeMessagesRequest) {
  const tool = (request.tool_choice as { name?: string } | undefined)?.name ?? request.tools?.[0]?.name;
  if (tool === undefined) return 'Noted.';
  const properties = (request.tools?.find((candidate) => candidate.name === tool)?.input_schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return { toolUse: { name: tool, input: 'answer' in properties ? { answer: 'Nothing to see.', citations: [] } : { summary: 'Nothing to see.', findings: [] } } };
}

describe('generated credentials never reach the API', () => {
  it('through online query mega, query and ask, in every file type; look-alikes arrive intact', async () => {
    const secrets = generateSecrets(23);
    const lookalikes = generateLookalikes(29);
    const files: Record<string, string> = {};
    // One folder per case, so every file keeps its real name (.env, settings.py, setup.md …).
    [...secrets, ...lookalikes].forEach((c, index) => (files[`cases/${String(index).padStart(3, '0')}-${c.family}/${c.file}`] = c.text));
    const repo = await createTempProject({ git: true, files: { 'README.md': '# planted\n' } });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo.root, path)), { recursive: true });
      writeFileSync(join(repo.root, path), text);
    }
    // The notes file carries a markdown case into every ask.
    writeFileSync(join(repo.root, 'LOOM.md'), secrets.filter((c) => c.type === 'markdown').map((c) => c.text).join('\n'));
    const fake = await startFakeClaude({ reply: anyReply });
    try {
      // Everything in one call: the map stage sends every file's content.
      const loom = createLoom({ ...isolatedUser(), ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      expect((await loom(['session', 'start', 'planted'], { cwd: repo.root })).code).toBe(0);
      // .env files are never read (the path policy), so their cases reach the API only pasted into a question.
      const pasted = secrets.filter((c) => c.type === 'env').map((c) => c.text).join('\n');
      for (const argv of [['ask', `is this config right?\n${pasted}`], ['query', 'mega', '.', '--json', '--set', 'mega-query.compressBelow=0', '--set', 'mega-query.defaultExcludes=false'], ['query', 'where is the database password set?'], ['ask', 'what do the setup docs say?']]) {
        const result = await loom(argv, { cwd: repo.root });
        expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      }
      const sent = JSON.stringify(fake.requests.map((request) => request.body));
      const leaked = secrets.flatMap((c) => c.secrets.filter((secret) => sent.includes(JSON.stringify(secret).slice(1, -1))).map((secret) => `${c.family} in ${c.type}: ${secret}`));
      expect(leaked).toEqual([]);
      // The map stage saw the files at all: the digests under `sha`, `etag`, `id` … are there verbatim.
      const digests = lookalikes.filter((c) => c.family === 'lookalike-digest' && c.type !== 'env');
      expect(digests.filter((c) => !sent.includes(c.keep!)).map((c) => `${c.type}: ${c.text}`)).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
