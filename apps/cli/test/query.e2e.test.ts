import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject, planted, startFakeClaude, type FakeMessagesRequest, type FakeRecordedRequest } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

const KERNEL_TS = ['import { helper } from "./util.js";', '', '// TODO: cache the plugin list', 'export class Kernel {', '  start(): number {', '    return helper(2);', '  }', '}', ''].join('\n');
const UTIL_TS = ['export function helper(n: number): number {', '  return n * 2;', '}', ''].join('\n');
const CONFIG_TS = `// settings\nexport const token = "${planted.github}";\n`;
const PY = ['import os', '', 'def load_settings(path):', '    return os.path.exists(path)', ''].join('\n');

const sampleRepo = () =>
  createTempProject({
    git: true,
    files: { 'src/kernel.ts': KERNEL_TS, 'src/util.ts': UTIL_TS, 'src/config.ts': CONFIG_TS, 'tools/settings.py': PY, 'assets/logo.png': '\u0089PNG\r\n\u001a\n\u0000\u0000binary' },
  });

interface Report {
  version: number;
  report: { languages: Array<{ language: string; files: number; lines: number }>; security: { secrets: Array<{ path: string; line: number; preview: string }> } };
  plan: { chunks: number; estimated: boolean; inputTokens: number; calls: { map: number; reduce: number }; usd: { standard: number; cached: number; batch: number } };
  analysis?: { summary: string; findings: Array<{ title: string; citations: Array<{ file: string; startLine: number; endLine: number }> }>; stats: { calls: number; chunks: number; chunksFromCache: number; costUsd: number } };
}

const userText = (body: unknown) =>
  (body as FakeMessagesRequest).messages
    .filter((message) => message.role === 'user')
    .map((message) => (typeof message.content === 'string' ? message.content : (message.content as Array<{ text?: string }>).map((block) => block.text ?? '').join('')))
    .join('\n');

/** Answers every forced tool call with findings that cite the first file shown, and one that cites nothing real. */
function citingReply(request: FakeMessagesRequest) {
  const tool = (request.tool_choice as { name?: string } | undefined)?.name ?? request.tools?.[0]?.name ?? 'report_findings';
  const header = /^### (\S+) \(lines (\d+)[–-](\d+)\)/m.exec(userText(request));
  const real = header ? [{ file: header[1], startLine: Number(header[2]), endLine: Number(header[2]) }] : [];
  const properties = (request.tools?.find((candidate) => candidate.name === tool)?.input_schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  if ('answer' in properties) return { toolUse: { name: tool, input: { answer: 'The kernel doubles through helper().', citations: [...real, { file: 'src/nowhere.ts', startLine: 1, endLine: 2 }] } } };
  return {
    toolUse: {
      name: tool,
      input: {
        summary: 'A small kernel with one helper.',
        findings: [
          { title: 'Kernel depends on helper', severity: 'low', category: 'structure', detail: 'start() calls helper()', citations: real },
          { title: 'Invented', severity: 'high', category: 'structure', detail: 'cites a file that does not exist', citations: [{ file: 'src/ghost.ts', startLine: 3, endLine: 4 }] },
        ],
      },
    },
  };
}

const messages = (requests: FakeRecordedRequest[]) => requests.filter((request) => request.path === '/v1/messages');

describe('loom query mega, offline', () => {
  it('prints the static report and the plan with no key; the secret is masked everywhere', async () => {
    const repo = await sampleRepo();
    const loom = createLoom();
    const result = await loom(['query', 'mega', '.', '--json'], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(planted.github);
    const report = result.json<Report>();
    const languages = Object.fromEntries(report.report.languages.map((entry) => [entry.language, entry]));
    expect(languages.typescript?.files).toBe(3);
    expect(languages.python?.files).toBe(1);
    expect(report.report.security.secrets).toEqual([expect.objectContaining({ path: 'src/config.ts', line: 2 })]);
    expect(report.plan.chunks).toBeGreaterThanOrEqual(1);
    expect(report.plan.usd.batch).toBeCloseTo(report.plan.usd.standard / 2, 10);
    expect(report.analysis).toBeUndefined();
    expect(report.plan.estimated).toBe(true);

    const terminal = await loom(['query', 'mega'], { cwd: repo.root });
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toContain('src/kernel.ts');
    expect(terminal.stderr).toMatch(/no ANTHROPIC_API_KEY/);
    expect(terminal.stdout + terminal.stderr).not.toContain(planted.github);
  });

  it('writes Markdown and HTML reports to --out, the format taken from the extension', async () => {
    const repo = await sampleRepo();
    const loom = createLoom();
    const md = await loom(['query', 'mega', '--out', 'report.md'], { cwd: repo.root });
    expect(md.code).toBe(0);
    expect(readFileSync(join(repo.root, 'report.md'), 'utf8')).toMatch(/^#/m);
    const html = await loom(['query', 'mega', '--out', 'report.html'], { cwd: repo.root });
    expect(html.code).toBe(0);
    const page = readFileSync(join(repo.root, 'report.html'), 'utf8');
    expect(page).toMatch(/<html/i);
    expect(page).not.toContain(planted.github);
  });

  it('answers bad inputs with one line and a hint, never a stack', async () => {
    const loom = createLoom();
    const repo = await sampleRepo();
    const empty = await createTempProject({ git: true, files: {} });
    const binaries = await createTempProject({ files: { 'a.png': '\u0089PNG\r\n\u001a\n\u0000\u0000', 'b.bin': '\u0000\u0001\u0002\u0003' } });
    const loop = await createTempProject({ files: { 'src/a.ts': 'export const a = 1;\n' } });
    mkdirSync(join(loop.root, 'src/inner'));
    symlinkSync(join(loop.root, 'src'), join(loop.root, 'src/inner/back'));
    const cases: Array<[string[], string, RegExp]> = [
      [['query', 'mega', 'missing-folder'], repo.root, /error\[MEGA_PATH_NOT_FOUND\]/],
      [['query', 'mega', 'src/kernel.ts'], repo.root, /error\[MEGA_NOT_A_DIRECTORY\]/],
      [['query', 'mega'], empty.root, /error\[MEGA_NOTHING_TO_READ\]/],
      [['query', 'mega'], binaries.root, /error\[MEGA_NOTHING_TO_READ\].*binary/],
      [['query', 'mega', '--mode', 'poetry'], repo.root, /poetry/],
    ];
    for (const [args, cwd, pattern] of cases) {
      const result = await loom(args, { cwd });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    }
    const looped = await loom(['query', 'mega', '--json'], { cwd: loop.root });
    expect(looped.code).toBe(0);
    expect(looped.json<Report>().report.languages.find((entry) => entry.language === 'typescript')?.files).toBe(1);
  });
});

describe('loom query mega, odd trees', () => {
  it('skips a 200 MB file without reading it and says why in the report', async () => {
    const repo = await createTempProject({ files: { 'src/a.ts': 'export const a = 1;\n', 'src/huge.log': '' } });
    // Sparse: 200 MB on paper, nothing on disk, so the test costs no I/O.
    truncateSync(join(repo.root, 'src/huge.log'), 200 * 1024 * 1024);
    const result = await createLoom()(['query', 'mega', '--json'], { cwd: repo.root });
    expect(result.code, result.stderr).toBe(0);
    const skipped = result.json<{ report: { skipped: { byReason: Array<{ reason: string; count: number; examples: Array<{ path: string }> }> } } }>().report.skipped.byReason;
    expect(skipped.find((entry) => entry.reason === 'too-large')).toMatchObject({ count: 1, examples: [expect.objectContaining({ path: 'src/huge.log' })] });
  });
});

describe('loom query and loom query map, offline', () => {
  it('ranks the files for a question and shows the lines that match it', async () => {
    const repo = await sampleRepo();
    const result = await createLoom()(['query', 'where are the settings loaded?', '--json'], { cwd: repo.root });
    expect(result.code).toBe(0);
    const outcome = result.json<{ ranked: Array<{ path: string; lines: Array<{ line: number; text: string }> }>; offline?: string }>();
    expect(outcome.ranked[0]?.path).toBe('tools/settings.py');
    expect(outcome.ranked[0]?.lines.map((line) => line.line)).toContain(PY.split('\n').indexOf('def load_settings(path):') + 1);
    expect(outcome.offline).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('prints the repo map with signatures within the token budget', async () => {
    const repo = await sampleRepo();
    const loom = createLoom();
    const result = await loom(['query', 'map', '--json'], { cwd: repo.root });
    const map = result.json<{ text: string; tokens: number; files: number; totalFiles: number }>();
    expect(map.text).toContain('src/util.ts');
    expect(map.text).toContain('helper(n: number): number');
    const small = (await loom(['query', 'map', '--tokens', '20', '--json'], { cwd: repo.root })).json<{ tokens: number; files: number }>();
    expect(small.tokens).toBeLessThanOrEqual(20);
    expect(small.files).toBeLessThan(map.files);
  });
});

describe('loom query mega, online against the loopback fake', () => {
  it('analyses, cites only what exists, never sends the secret, and a rerun sends no map call', async () => {
    const repo = await sampleRepo();
    const fake = await startFakeClaude({ reply: citingReply });
    try {
      const loom = createLoom({ ...isolatedUser(), ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      const first = await loom(['query', 'mega', '--mode', 'architecture', '--json'], { cwd: repo.root });
      expect(first.code, first.stderr).toBe(0);
      const { analysis } = first.json<Report>();
      expect(analysis?.findings.map((finding) => finding.title)).toEqual(['Kernel depends on helper']);
      for (const citation of analysis!.findings.flatMap((finding) => finding.citations)) expect(existsSync(join(repo.root, citation.file))).toBe(true);
      const sent = messages(fake.requests);
      expect(sent.length).toBe(analysis!.stats.calls);
      // The plan's final figures come from one count_tokens call, not the local estimate.
      expect(fake.requests.filter((request) => request.path === '/v1/messages/count_tokens')).toHaveLength(1);
      expect(first.json<Report>().plan.estimated).toBe(false);
      for (const request of sent) expect(JSON.stringify(request.body)).not.toContain(planted.github);

      fake.reset();
      const again = await loom(['query', 'mega', '--mode', 'architecture', '--json'], { cwd: repo.root });
      expect(again.json<Report>().analysis?.stats).toMatchObject({ chunksFromCache: analysis!.stats.chunks });
      expect(messages(fake.requests).filter((request) => /^### /m.test(userText(request.body)))).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  it('answers a question with citations that exist', async () => {
    const repo = await sampleRepo();
    const fake = await startFakeClaude({ reply: citingReply });
    try {
      const loom = createLoom({ ...isolatedUser(), ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      const result = await loom(['query', 'how does the kernel start?', '--json'], { cwd: repo.root });
      expect(result.code, result.stderr).toBe(0);
      const { answer } = result.json<{ answer: { text: string; citations: Array<{ file: string }> } }>();
      expect(answer.text).toContain('helper');
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(answer.citations.map((citation) => citation.file)).not.toContain('src/nowhere.ts');
    } finally {
      await fake.close();
    }
  });

  it('refuses a budget too small for one chunk before sending anything', async () => {
    const repo = await sampleRepo();
    const fake = await startFakeClaude({ reply: citingReply });
    try {
      const loom = createLoom({ ...isolatedUser(), ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      const result = await loom(['query', 'mega', '--max-cost', '0.000001'], { cwd: repo.root });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/error\[MEGA_BUDGET_TOO_SMALL\]/);
      expect(result.stderr).toMatch(/hint:/);
      expect(messages(fake.requests)).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});

describe('writing the report', () => {
  it('says so in one line when --out is a folder', async () => {
    const repo = await sampleRepo();
    const result = await createLoom()(['query', 'mega', '--out', 'src'], { cwd: repo.root });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/error\[MEGA_OUT_UNWRITABLE\]/);
  });
});
