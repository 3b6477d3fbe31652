/**
 * The built-in `onboard` workflow end to end against the loopback fake: repo map, the
 * architecture mega query with Claude's findings, and ONBOARDING.md written from both
 * step outputs. Needs `pnpm build` first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeClaude, type FakeMessagesRequest } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPool, requireBuild } from './support.js';

beforeAll(requireBuild);

const FILES = {
  'src/server.ts': 'import { route } from "./routes.js";\n\nexport function start(port: number) {\n  return route(port);\n}\n',
  'src/routes.ts': 'export function route(port: number): string {\n  return `listening on ${port}`;\n}\n',
};

/** Every forced tool call gets one finding citing the first file the request shows. */
function architectureReply(request: FakeMessagesRequest) {
  const tool = (request.tool_choice as { name?: string } | undefined)?.name ?? request.tools?.[0]?.name ?? 'report_findings';
  const text = JSON.stringify(request.messages);
  const shown = /### (\S+) \(lines (\d+)/.exec(text);
  const citations = shown ? [{ file: shown[1], startLine: Number(shown[2]), endLine: Number(shown[2]) }] : [];
  return {
    toolUse: {
      name: tool,
      input: { summary: 'An HTTP server whose start() hands the port to route().', findings: [{ title: 'Server delegates to routes', severity: 'low', category: 'structure', detail: 'start() calls route()', citations }] },
    },
  };
}

describe('the built-in onboard workflow', () => {
  const { project, removeAll } = projectPool();
  afterAll(removeAll);

  it('maps the repo, asks Claude about its architecture and writes ONBOARDING.md from both', async () => {
    const fake = await startFakeClaude({ reply: architectureReply });
    try {
      const repo = await project(FILES, { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      const result = await repo.loom(['chain', 'run', 'onboard', '--input', 'out=docs/ONBOARDING.md', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const summary = result.json<{ status: string; spentUsd: number; steps: Array<{ id: string; status: string }> }>();
      expect(summary.steps.map((step) => [step.id, step.status])).toEqual([
        ['map', 'succeeded'],
        ['architecture', 'succeeded'],
        ['export', 'succeeded'],
      ]);
      const calls = fake.requests.filter((request) => request.path === '/v1/messages');
      expect(calls.length).toBeGreaterThan(0);
      expect(summary.spentUsd).toBeGreaterThan(0);

      const notes = readFileSync(join(repo.root, 'docs/ONBOARDING.md'), 'utf8');
      expect(notes).toContain('# Onboarding: .');
      expect(notes).toContain('An HTTP server whose start() hands the port to route().');
      expect(notes).toContain('Server delegates to routes');
      // The repo map step's text: both files with their signatures.
      expect(notes).toMatch(/src\/server\.ts[\s\S]*start/);
      expect(notes).toContain('src/routes.ts');
      expect(notes).not.toContain('${{');
      expect(notes).not.toContain('undefined');
    } finally {
      await fake.close();
    }
  }, 180_000);
});
