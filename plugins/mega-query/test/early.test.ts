import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin, { securityConfigSchema } from '@loomkit/plugin-security';
import { captureOutput, createCliRunner, isolatedUserEnv } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMegaArgv } from '../src/early/argv.js';
import { handWalk, takeWalk } from '../src/early/handover.js';
import { answer } from '../src/early/index.js';
import { cacheDirFor } from '../src/scan/cache-dir.js';
import type { WalkSettings } from '../src/walk-target.js';
import { keepEarlyRecord } from '../src/early/record.js';
import megaQueryPlugin, { MegaQueryToken } from '../src/index.js';
import { renderTerminal } from '../src/report/render-terminal.js';
import { reportJson } from '../src/report/report-json.js';
import { megaQueryConfigSchema } from '../src/schema.js';
import { walk } from '../src/walk/index.js';
import { age, dryRun, tempDir, ZOD_CORE } from './dry-run-kernel.js';

// `query mega --dry-run --json` answered before oclif and the kernel, checked against the command
// itself through the built CLI, on zod's installed sources made a git repository.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../../../apps/cli/bin/run.js');
const cliRoot = pathToFileURL(join(dirname(bin), '..', '/'));
const { version } = JSON.parse(readFileSync(new URL('package.json', cliRoot), 'utf8')) as { version: string };
const probe = fileURLToPath(new URL('./support/early-probe.mjs', import.meta.url));
const cli = createCliRunner(bin);
const ARGS = ['query', 'mega', '--dry-run', '--json'];

let home: string;
let repo: string;
let env: Record<string, string>;
let dirs: { config: string; data: string; cache: string };

/** The CLI as a user runs it: the early answer first, then oclif and the kernel if it declined. */
const loom = async (args = ARGS, extra: Record<string, string> = {}, cwd = repo) => {
  const result = await cli(args, { cwd, env: { ...env, ...extra } });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};

/** The same command with a cache of its own: what a first run ever prints. */
const cacheless = (args = ARGS) => loom(args, { LOOM_CACHE_DIR: tempDir() });

/** bin/early.js alone in a child process: whether it answered, and what it printed. */
function early(args = ARGS, extra: Record<string, string> = {}, cwd = repo): { answered: boolean; stdout: string } {
  const { answered, stdout } = earlyWithStderr(args, extra, cwd);
  return { answered, stdout };
}

function earlyWithStderr(args: string[], extra: Record<string, string> = {}, cwd = repo): { answered: boolean; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [probe, cliRoot.href, ...args], { cwd, env: { PATH: process.env.PATH, ...env, ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.status !== 0) throw new Error(`the probe exited ${child.status}: ${child.stderr}`);
  const verdict = readFileSync(join(home, 'verdict'), 'utf8');
  return { answered: verdict === 'answered', stdout: child.stdout, stderr: child.stderr };
}

/** The early answer in this process, as bin/run.js calls it (the walk it may hand on stays here). */
async function inProcess(args = ARGS, ctx = { cliRoot, cwd: repo, env: { ...process.env, ...env }, dirs, version }): Promise<{ answered: boolean; stdout: string; stderr: string }> {
  const output = captureOutput();
  try {
    const answered = await answer(args, ctx);
    return { answered, stdout: output.stdout(), stderr: output.stderr() };
  } finally {
    output.restore();
  }
}

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
const recordFile = () => join(cacheDirFor(repo, dirs.cache), 'early.json');

beforeAll(() => {
  if (!existsSync(bin) || !existsSync(resolve(here, '../dist/early/index.js'))) throw new Error('build first: pnpm build');
  home = realpathSync(mkdtempSync(join(tmpdir(), 'mega-early-')));
  repo = join(home, 'repo');
  cpSync(ZOD_CORE, repo, { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'zod core');
  age(repo);
  env = { ...isolatedUserEnv(home), EARLY_PROBE_VERDICT: join(home, 'verdict') };
  dirs = { config: env.LOOM_CONFIG_DIR!, data: env.LOOM_DATA_DIR!, cache: env.LOOM_CACHE_DIR! };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('parseMegaArgv', () => {
  it('takes `query mega [path] --dry-run --json` in any order, and nothing else', () => {
    expect(parseMegaArgv(ARGS)).toEqual({ json: true, dryRun: true });
    expect(parseMegaArgv(['query', 'mega', '--json', 'src', '--dry-run'])).toEqual({ target: 'src', json: true, dryRun: true });
    expect(parseMegaArgv(['query', 'mega', '--dry-run'])).toEqual({ json: false, dryRun: true });
    expect(parseMegaArgv(['query', 'mega', 'src'])).toEqual({ target: 'src', json: false, dryRun: false });
    expect(parseMegaArgv(['query', 'mega', '--json'])).toEqual({ json: true, dryRun: false });
    for (const args of [
      ['query', 'mega', '--json', '--json'],
      ['query', 'mega', '.', 'what is a check?', '--dry-run', '--json'],
      ['query', 'mega', '--dry-run', '--json', '--dry-run'],
      ['query', 'mega', '--dry-run', '--json', '--verbose'],
      ['query', 'mega', '--dry-run', '--json', '--mode', 'security'],
      ['query', 'mega', '--dry-run', '--json', '--set', 'mega-query.chunkTokens=9000'],
      ['query', 'mega', '--dry-run', '--json', '--', 'src'],
      ['query', 'mega', '--dry-run=yes', '--json'],
      ['query', 'map', '--dry-run', '--json'],
      ['session', 'mega', '--dry-run', '--json'],
    ]) {
      expect({ args, parsed: parseMegaArgv(args) }).toEqual({ args, parsed: undefined });
    }
  });
});

describe('the early answer of `loom query mega --dry-run --json`', () => {
  it('answers a rerun of an unchanged repository with the bytes the command prints, and keeps the report as the command does', async () => {
    expect(early().answered).toBe(false);
    const first = await loom();
    expect(existsSync(recordFile())).toBe(true);
    expect(early()).toEqual({ answered: true, stdout: first });
    expect(await cacheless()).toBe(first);
    // The same folder named, flags in another order.
    expect(early(['query', 'mega', '.', '--json', '--dry-run'])).toEqual({ answered: true, stdout: first });
    // The terminal report, and the note on stderr, as the command prints them.
    const text = await cli(['query', 'mega', '--dry-run'], { cwd: repo, env: { ...env, LOOM_LOG_LEVEL: 'warn' } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('files');
    expect(earlyWithStderr(['query', 'mega', '--dry-run'])).toEqual({ answered: true, stdout: text.stdout, stderr: text.stderr });
    // Without a key, a run without --dry-run is offline too: the same report, its own note.
    const keyless = await cli(['query', 'mega'], { cwd: repo, env: { ...env, LOOM_LOG_LEVEL: 'warn' } });
    expect(keyless.stderr).toContain('no ANTHROPIC_API_KEY');
    expect(earlyWithStderr(['query', 'mega'])).toEqual({ answered: true, stdout: keyless.stdout, stderr: keyless.stderr });
    expect(early(['query', 'mega', '--json'])).toEqual({ answered: true, stdout: first });
    // The mcp plugin's hook kept the report the early answer printed, as the command's event would.
    const kept = readdirSync(join(dirs.cache, 'mcp')).map((name) => JSON.parse(readFileSync(join(dirs.cache, 'mcp', name), 'utf8')) as { root: string; savedAt: string; report: unknown });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ root: repo, report: JSON.parse(first) });
    const savedAt = kept[0]!.savedAt;
    await new Promise((done) => setTimeout(done, 5));
    early();
    const resaved = JSON.parse(readFileSync(join(dirs.cache, 'mcp', readdirSync(join(dirs.cache, 'mcp'))[0]!), 'utf8')) as { savedAt: string };
    expect(resaved.savedAt > savedAt).toBe(true);
  });

  it('answers in this process from what a kernel\'s run of the same code kept', async () => {
    // Under vitest the code is src/, whose digest is not the built CLI's: the outcome and the record come from a kernel here.
    const user = tempDir();
    const kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin, megaQueryPlugin], cwd: user, env: {}, config: {} });
    try {
      const outcome = await kernel.get(MegaQueryToken).mega({ target: repo, dryRun: true });
      expect(outcome.replay).toMatchObject({ root: repo, mode: 'codebase' });
      const place = { cwd: user, env: { ...process.env, HOME: join(user, 'home') }, dirs: { config: kernel.paths.userConfigDir, data: kernel.paths.dataDir, cache: kernel.paths.cacheDir }, version };
      const policy = securityConfigSchema.parse({}).policy;
      await keepEarlyRecord(cacheDirFor(repo, kernel.paths.cacheDir), place, { replay: outcome.replay!, policy, baseline: join(user, '.loom-secrets-baseline.json') });
      const printed = `${JSON.stringify(reportJson({ report: outcome.report, plan: outcome.plan, verbose: false }), null, 2)}\n`;
      expect(await inProcess(['query', 'mega', repo, '--dry-run', '--json'], { cliRoot, ...place })).toEqual({ answered: true, stdout: printed, stderr: '' });
      const text = renderTerminal({ report: outcome.report, plan: outcome.plan });
      expect(await inProcess(['query', 'mega', repo, '--dry-run'], { cliRoot, ...place })).toEqual({ answered: true, stdout: `${text.replace(/\n$/, '')}\n`, stderr: `note: ${outcome.offline}\n` });
      // Recorded for another HOME: the policy's ~ may name other files.
      expect(await inProcess(['query', 'mega', repo, '--dry-run', '--json'], { cliRoot, ...place, env: { ...place.env, HOME: user } })).toEqual({ answered: false, stdout: '', stderr: '' });
    } finally {
      await kernel.dispose();
    }
  });

  it('declines after an edit, handing its walk to the command, whose report is then a cache-less run\'s', async () => {
    await loom();
    appendFileSync(join(repo, 'util.ts'), '\nexport const early = 1;\n');
    age(repo);
    expect(await inProcess()).toEqual({ answered: false, stdout: '', stderr: '' });
    // The walk it handed on saw the edit; a second take finds nothing (handed once).
    const settings = (JSON.parse(readFileSync(recordFile(), 'utf8')) as { value: { replay: { walk: WalkSettings } } }).value.replay.walk;
    const handed = takeWalk(repo, settings, repo);
    expect(handed?.files.find((file) => file.path === 'util.ts')?.size).toBe(readFileSync(join(repo, 'util.ts')).length);
    expect(takeWalk(repo, settings, repo)).toBeUndefined();
    const edited = await loom();
    expect(edited).toBe(await cacheless());
    expect(early()).toEqual({ answered: true, stdout: edited });
    // A new file, and one the policy refuses: neither is in the kept outcome's key.
    for (const file of ['added.ts', '.env']) {
      writeFileSync(join(repo, file), 'export const added = true;\n');
      age(repo);
      expect({ file, answered: early().answered }).toEqual({ file, answered: false });
      const after = await loom();
      expect(after).toBe(await cacheless());
      expect(early()).toEqual({ answered: true, stdout: after });
    }
  });

  it('declines where a booted kernel could answer otherwise, or the command would print otherwise', async () => {
    const printed = await loom();
    expect(early().answered).toBe(true);
    const cases: Array<[string, Record<string, string>, string[]?]> = [
      ['a LOOM_* setting', { LOOM_MEGA_QUERY__CHUNK_TOKENS: '9000' }],
      ['colour forced on the JSON', { FORCE_COLOR: '1' }],
      ['loom\'s debug logs', { DEBUG: 'loom' }],
      ['another home (the policy\'s ~)', { HOME: join(home, 'elsewhere') }],
      ['a question', {}, ['query', 'mega', '.', 'where are checks registered?', '--dry-run', '--json']],
      ['a mode', {}, [...ARGS, '--mode', 'security']],
      ['a key, without --dry-run: the command calls Claude', { ANTHROPIC_API_KEY: 'sk-ant-test' }, ['query', 'mega', '--json']],
      ['a file, not a folder', {}, ['query', 'mega', 'util.ts', '--dry-run', '--json']],
    ];
    for (const [why, extra, args] of cases) expect({ why, answered: early(args, extra).answered }).toEqual({ why, answered: false });
    // Installed plugins bring hooks of their own.
    mkdirSync(dirs.data, { recursive: true });
    writeFileSync(join(dirs.data, 'package.json'), '{"dependencies": {}}');
    expect(early().answered).toBe(false);
    rmSync(join(dirs.data, 'package.json'));
    expect(early()).toEqual({ answered: true, stdout: printed });
  });

  it('keeps no record of a run it would not replay: flags, --set, a LOOM_* setting', async () => {
    const runs: Array<[string[], Record<string, string>]> = [
      [[...ARGS, '--mode', 'security'], {}],
      [[...ARGS, '--set', 'mega-query.chunkTokens=9000'], {}],
      [ARGS, { LOOM_MEGA_QUERY__CHUNK_TOKENS: '9000' }],
    ];
    for (const [args, extra] of runs) {
      const cache = tempDir();
      await loom(args, { ...extra, LOOM_CACHE_DIR: cache });
      expect({ args, extra, kept: existsSync(join(cacheDirFor(repo, cache), 'early.json')) }).toEqual({ args, extra, kept: false });
      expect({ args, extra, outcome: existsSync(join(cacheDirFor(repo, cache), 'outcome.json')) }).toEqual({ args, extra, outcome: true });
    }
  });

  it('replays the settings of config files a clean boot read, and declines once they or the secrets baseline change', async () => {
    const plain = await loom();
    const baseline = join(home, 'baseline.json');
    writeFileSync(baseline, '[]\n');
    mkdirSync(dirs.config, { recursive: true });
    const userConfig = join(dirs.config, 'config.json');
    writeFileSync(userConfig, JSON.stringify({ 'mega-query': { exclude: ['locales/'], chunkTokens: 20000 }, security: { baselineFile: baseline } }));
    try {
      // Config files no clean boot read yet: the command runs, stamps them and keeps the record.
      expect(early().answered).toBe(false);
      const configured = await loom();
      expect(early()).toEqual({ answered: true, stdout: configured });
      expect(await cacheless()).toBe(configured);
      // Smaller chunks, so more of them.
      expect(JSON.parse(configured).plan.chunks).toBeGreaterThan(JSON.parse(plain).plan.chunks);

      writeFileSync(baseline, '[]\n\n');
      expect(early().answered).toBe(false);
      const rebased = await loom();
      expect(early()).toEqual({ answered: true, stdout: rebased });

      writeFileSync(userConfig, JSON.stringify({ 'mega-query': { exclude: ['locales/'], chunkTokens: 30000 }, security: { baselineFile: baseline } }));
      expect(early().answered).toBe(false);
      const rechunked = await loom();
      expect(JSON.parse(rechunked).plan.chunks).toBeLessThan(JSON.parse(configured).plan.chunks);
      expect(early()).toEqual({ answered: true, stdout: rechunked });
    } finally {
      rmSync(userConfig);
    }
  });
});

describe('a walk handed on by a declined early answer', () => {
  it('is taken by the next run for the same root, project and settings, once, and by no other', async () => {
    const corpus = tempDir();
    cpSync(ZOD_CORE, corpus, { recursive: true });
    age(corpus);
    const userHome = tempDir();
    const defaults = megaQueryConfigSchema.parse({});
    const settings = { defaultExcludes: defaults.defaultExcludes, exclude: defaults.exclude, include: defaults.include, maxFileBytes: defaults.maxFileBytes };
    const all = await walk(corpus, settings);
    const few = { ...all, files: all.files.slice(0, 3) };
    const counted = async () => (await dryRun(corpus, userHome)).report.totals.files;
    // Another project, other settings: not this run's walk.
    handWalk(corpus, settings, corpus, few);
    expect(await counted()).toBe(all.files.length);
    handWalk(corpus, { ...settings, maxFileBytes: settings.maxFileBytes + 1 }, userHome, few);
    expect(await counted()).toBe(all.files.length);
    handWalk(corpus, settings, userHome, few);
    expect(await counted()).toBe(3);
    expect(await counted()).toBe(all.files.length);
  });
});

