import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { LoomEvents } from '@loomkit/kernel';
import { createTestKernel, type TestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin from '@loomkit/plugin-security';
import { createTempProject, planted, startFakeClaude, type FakeClaude, type TempProject } from '@loomkit/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import megaQueryPlugin, { MegaQueryToken } from '../src/index.js';
import { age } from './dry-run-kernel.js';

const SOURCES = {
  'src/engine.ts': ['import { clamp } from "./math.js";', '', 'export class Engine {', '  start(speed: number): number {', '    return clamp(speed);', '  }', '}', ''].join('\n'),
  'src/math.ts': ['// TODO: handle NaN', 'export function clamp(value: number): number {', '  return Math.min(1, Math.max(0, value));', '}', ''].join('\n'),
  'src/settings.ts': `export const token = "${planted.github}";\n`,
  'notes/readme.md': '# Notes\n\nThe engine clamps its speed.\n',
};

let kernel: TestKernel | undefined;
let fake: FakeClaude | undefined;
afterEach(async () => {
  await kernel?.dispose();
  await fake?.close();
  kernel = fake = undefined;
  vi.unstubAllEnvs();
});

async function boot(project: TempProject): Promise<{ finished: Array<LoomEvents['mega-query:finished']> }> {
  kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin, megaQueryPlugin], cwd: project.root });
  const finished: Array<LoomEvents['mega-query:finished']> = [];
  kernel.events.on('mega-query:finished', (payload) => {
    finished.push(payload);
  });
  return { finished };
}

describe('the mega-query service through the kernel', () => {
  it('offline: the static report and an estimated plan, the secret masked, one finished event', async () => {
    const project = await createTempProject({ git: true, files: SOURCES });
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const { finished } = await boot(project);
    const service = kernel!.get(MegaQueryToken);
    const outcome = await service.mega({ target: project.root });
    expect(outcome.offline).toMatch(/ANTHROPIC_API_KEY/);
    expect(outcome.analysis).toBeUndefined();
    expect(outcome.report.totals.files).toBe(Object.keys(SOURCES).length);
    expect(outcome.report.todos.total).toBe(1);
    expect(outcome.report.security.secrets.map((secret) => secret.path)).toEqual(['src/settings.ts']);
    expect(JSON.stringify(outcome)).not.toContain(planted.github);
    expect(outcome.plan).toMatchObject({ estimated: true, chunks: 1, calls: { map: 1, reduce: 0 } });
    expect(finished).toEqual([expect.objectContaining({ root: project.root, files: Object.keys(SOURCES).length, chunks: 1, calls: 0, offline: true })]);
  });

  it('a first offline run scans while git still logs the churn, and keeps the outcome a second run is served', async () => {
    // The test kernel's user cache is in the project: ignored, as a real one is outside it.
    const files = { ...SOURCES, '.gitignore': '.user-cache/\n' };
    const project = await createTempProject({ git: true, files });
    age(project.root);
    // A git on PATH whose log waits until the scan has begun (or gives up after 5 s), and says which.
    const bin = mkdtempSync(join(tmpdir(), 'loom-slow-git-'));
    const scanning = join(bin, 'scanning');
    const said = join(bin, 'said');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(bin, 'git'),
      [
        '#!/bin/sh',
        'case " $* " in *" log "*)',
        `  i=0; while [ ! -e '${scanning}' ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done`,
        `  if [ -e '${scanning}' ]; then echo 'after the scan began' >> '${said}'; else echo 'timed out' >> '${said}'; fi;;`,
        'esac',
        `exec '${realGit}' "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    vi.stubEnv('PATH', `${bin}${delimiter}${process.env.PATH ?? ''}`);
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    await boot(project);
    const service = kernel!.get(MegaQueryToken);
    const stages: string[] = [];
    const onProgress = (event: { stage: string }) => {
      stages.push(event.stage);
      if (event.stage === 'scan') writeFileSync(scanning, '');
    };
    const first = await service.mega({ target: project.root, onProgress });
    expect(readFileSync(said, 'utf8')).toBe('after the scan began\n');
    // The churn still reached the report: one commit touched every file.
    expect(first.report.hotspots.files.map((file) => file.path).sort()).toEqual(Object.keys(files).sort());
    stages.length = 0;
    const second = await service.mega({ target: project.root, onProgress });
    expect(stages).not.toContain('scan');
    expect(second).toEqual(first);
  });

  it('never reads what the security policy denies inside the project (.env, keys), but reads a .env template', async () => {
    const project = await createTempProject({ files: { ...SOURCES, '.env': `TOKEN=${planted.github}\n`, 'certs/server.pem': 'x\n', '.env.example': 'TOKEN=\n' } });
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    await boot(project);
    const outcome = await kernel!.get(MegaQueryToken).mega({ target: project.root });
    const denied = outcome.report.skipped.byReason.find((entry) => entry.reason === 'denied');
    expect(denied?.examples.map((example) => example.path).sort()).toEqual(['.env', 'certs/server.pem']);
    expect(outcome.report.totals.files).toBe(Object.keys(SOURCES).length + 1);
    expect(outcome.report.security.secrets.map((secret) => secret.path)).not.toContain('.env');
  });

  it('a second scan of unchanged files takes their derived data from .loom/cache', async () => {
    const project = await createTempProject({ files: SOURCES });
    await boot(project);
    const service = kernel!.get(MegaQueryToken);
    const first = await service.scan({ target: project.root, facts: true });
    expect(first.cacheHits).toBe(0);
    writeFileSync(join(project.root, 'src/math.ts'), 'export const changed = true;\n');
    const second = await service.scan({ target: project.root, facts: true });
    expect(second.cacheHits).toBe(Object.keys(SOURCES).length - 1);
  });

  it('ranks files for a question offline, and maps the repo within a budget', async () => {
    const project = await createTempProject({ files: SOURCES });
    await boot(project);
    const service = kernel!.get(MegaQueryToken);
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const asked = await service.ask({ question: 'how is the speed clamped?', target: project.root, paths: [join(project.root, 'src')] });
    expect(asked.answer).toBeUndefined();
    expect(asked.ranked.map((match) => match.path)).not.toContain('notes/readme.md');
    expect(asked.ranked[0]?.lines.length).toBeGreaterThan(0);
    await expect(service.ask({ question: '   ' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(service.ask({ question: 'x', target: project.root, paths: [join(project.root, '..')] })).rejects.toMatchObject({ code: 'MEGA_PATH_OUTSIDE' });
    await expect(service.ask({ question: 'x', target: project.root, paths: [join(project.root, 'nothing-here')] })).rejects.toMatchObject({ code: 'MEGA_NOTHING_TO_READ' });

    const map = await service.repoMap({ target: project.root, tokens: 60 });
    expect(map.tokens).toBeLessThanOrEqual(60);
    expect(map.totalFiles).toBe(Object.keys(SOURCES).length);
    expect(map.text).toContain('clamp');
  });

  it('online: the plan counted by the API, the chunk analysed once, cost equal to the usage the fake reported', async () => {
    const project = await createTempProject({ git: true, files: SOURCES });
    fake = await startFakeClaude({
      reply: (request) => {
        const header = /^### (\S+) \(lines (\d+)/m.exec(JSON.stringify(request.messages).replaceAll('\\n', '\n'));
        const citations = header ? [{ file: header[1]!, startLine: Number(header[2]), endLine: Number(header[2]) }] : [];
        return { toolUse: { name: 'report_findings', input: { summary: 'ok', findings: [{ title: 'seen', severity: 'info', category: 'review', detail: 'x', citations }] } } };
      },
    });
    // The llm reads its key from the environment, as the CLI does.
    vi.stubEnv('ANTHROPIC_API_KEY', fake.apiKey);
    vi.stubEnv('ANTHROPIC_BASE_URL', fake.url);
    const { finished } = await boot(project);
    const outcome = await kernel!.get(MegaQueryToken).mega({ target: project.root, mode: 'quality' });
    expect(outcome.offline).toBeUndefined();
    expect(outcome.plan.estimated).toBe(false);
    expect(outcome.analysis?.findings).toHaveLength(1);
    const messages = fake.requests.filter((request) => request.path === '/v1/messages');
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]!.body)).not.toContain(planted.github);
    expect(finished[0]).toMatchObject({ mode: 'quality', calls: 1, offline: false, costUsd: outcome.analysis!.stats.costUsd });
  });
});
