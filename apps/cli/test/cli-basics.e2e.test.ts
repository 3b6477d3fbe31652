import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRunner, userEnv } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser, LOOM_BIN } from './support/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
const TRACE = fileURLToPath(new URL('./support/trace-imports.mjs', import.meta.url));

async function modulesLoadedBy(args: string[], cwd?: string, user = isolatedUser()): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'loom-trace-')), 'modules.txt');
  const run = createCliRunner(LOOM_BIN);
  const result = await run(args, { ...(cwd === undefined ? {} : { cwd }), env: { ...user, TRACE_IMPORTS_FILE: out, NODE_OPTIONS: `--import=${TRACE}` } });
  expect(result.code).toBe(0);
  return readFileSync(out, 'utf8').split('\n').filter(Boolean);
}

/**
 * First-party dist files are bundles (scripts/bundle-package.js): what a command loaded is told
 * by their source maps, so each loaded file is listed with the source modules it holds.
 */
function withSources(modules: string[]): string[] {
  return [...new Set(modules)].flatMap((url) => {
    const map = url.startsWith('file:') && url.endsWith('.js') ? `${fileURLToPath(url)}.map` : undefined;
    if (map === undefined || !existsSync(map)) return [url];
    const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
    return [url, ...sources.map((source) => new URL(source, `${url}.map`).href)];
  });
}

/** A command that runs through oclif and a booted kernel (`session list` alone is answered early when it can be). */
const THROUGH_KERNEL = ['session', 'list', '--all-projects'];

/** A project of two files and one commit, so the walk lists through git and the churn reads its log. */
function committedProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'loom-start-'));
  writeFileSync(join(project, 'engine.ts'), 'export function clamp(speed: number): number {\n  return Math.min(speed, 10);\n}\n');
  writeFileSync(join(project, 'notes.md'), 'The engine clamps its speed.\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd: project, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'engine');
  return project;
}

const firstPartyFiles = (modules: string[]) => [...new Set(modules)].filter((url) => url.startsWith('file:') && /\/(packages|plugins|apps)\/[^/]+\/dist\//.test(url));

describe('loom --version and start-up', () => {
  it('prints name/version platform node like oclif does', async () => {
    const result = await createLoom()(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}`);
  });

  it('loads neither oclif, the kernel, tsyringe nor simple-git for --version', async () => {
    const modules = await modulesLoadedBy(['--version']);
    expect(modules.some((url) => url.endsWith('/bin/run.js'))).toBe(true);
    for (const heavy of ['@oclif/core', 'packages/kernel', 'tsyringe', 'simple-git', '@anthropic-ai/sdk', '@modelcontextprotocol/sdk']) {
      expect(modules.filter((url) => url.includes(heavy))).toEqual([]);
    }
  });

  it('loads the kernel and the llm plugin for doctor, but neither the SDK nor simple-git until a call needs them', async () => {
    const modules = withSources(await modulesLoadedBy(['doctor', '--json']));
    expect(modules.some((url) => url.includes('/packages/kernel/src/kernel.ts'))).toBe(true);
    expect(modules.some((url) => url.includes('/packages/llm/src/plugin.ts'))).toBe(true);
    // A plugin's kernel entry is its manifest: booting every plugin loads none of the auto router's model.
    for (const heavy of ['simple-git', '@anthropic-ai/sdk', '@modelcontextprotocol/sdk', 'tree-sitter', '/mega-query/src/scan/', '/auto-router/src/router.ts', '/auto-router/src/model/']) {
      expect({ heavy, loaded: modules.filter((url) => url.includes(heavy)) }).toEqual({ heavy, loaded: [] });
    }
  });

  it('loads first-party code as a few bundles sharing one zod, the one the kernel serves', async () => {
    const modules = await modulesLoadedBy(THROUGH_KERNEL);
    // Each package's entries and their shared chunks; module by module it was ~175 files.
    expect(firstPartyFiles(modules).length).toBeLessThan(60);
    expect(modules.some((url) => url.endsWith('/packages/kernel/dist/zod.js'))).toBe(true);
    // zod's own ES modules would be a second instance (and ~95 files).
    expect(modules.filter((url) => url.startsWith('file:') && /\/node_modules\/zod\//.test(url))).toEqual([]);
    expect(withSources(modules).some((url) => /\/node_modules\/zod\/.*classic/.test(url))).toBe(true);
  });

  it('session list and security check load neither the SDK, tree-sitter, simple-git nor the mega-query pipeline', async () => {
    const project = mkdtempSync(join(tmpdir(), 'loom-start-'));
    writeFileSync(join(project, 'notes.md'), 'The engine clamps its speed.\n');
    for (const args of [['session', 'list'], THROUGH_KERNEL, ['security', 'check', '--file', 'notes.md', '--json']]) {
      const modules = withSources(await modulesLoadedBy(args, project));
      for (const heavy of ['@anthropic-ai/sdk', '@modelcontextprotocol/sdk', 'tree-sitter', 'simple-git', '/mega-query/src/scan/', '/mega-query/src/repomap/']) {
        expect({ args, loaded: modules.filter((url) => url.includes(heavy)) }).toEqual({ args, loaded: [] });
      }
    }
  });

  it('session list with no sessions loads no lock library, no table renderer, and no plugin that nothing it runs needs', async () => {
    const project = mkdtempSync(join(tmpdir(), 'loom-start-'));
    for (const args of [['session', 'list'], THROUGH_KERNEL]) {
      const modules = withSources(await modulesLoadedBy(args, project));
      for (const heavy of ['proper-lockfile', 'cli-table3', 'write-file-atomic', '/plugins/mega-query/src/analyse/', '/plugins/chain/src/service.ts']) {
        expect({ args, heavy, loaded: modules.filter((url) => url.includes(heavy)) }).toEqual({ args, heavy, loaded: [] });
      }
    }
  });

  it('an offline query mega in a repository loads neither the SDK, the lock library nor simple-git: only a run that calls Claude claims results, and git is asked directly', async () => {
    const project = committedProject();
    const modules = withSources(await modulesLoadedBy(['query', 'mega', '.', '--dry-run', '--json'], project));
    expect(modules.some((url) => url.includes('/mega-query/src/analyse/results-store.ts'))).toBe(true);
    expect(modules.some((url) => url.includes('/mega-query/src/repomap/churn.ts'))).toBe(true);
    for (const heavy of ['@anthropic-ai/sdk', 'proper-lockfile', 'graceful-fs', 'simple-git']) {
      expect({ heavy, loaded: modules.filter((url) => url.includes(heavy)) }).toEqual({ heavy, loaded: [] });
    }
  });

  it('answers session list and security check before oclif and the kernel: no oclif, kernel boot, zod or tsyringe, only the plugin\'s own code', async () => {
    const project = mkdtempSync(join(tmpdir(), 'loom-start-'));
    writeFileSync(join(project, 'notes.md'), 'The engine clamps its speed.\n');
    const cases: Array<[string[], string, string[]]> = [
      [['session', 'list'], '/plugins/session/src/early/index.ts', ['/plugins/security/', '/packages/llm/src/pricing.ts']],
      [['security', 'check', '--file', 'notes.md'], '/plugins/security/src/early/index.ts', ['/plugins/session/', '/packages/llm/', 'tinyglobby']],
    ];
    for (const [args, entry, others] of cases) {
      const modules = withSources(await modulesLoadedBy(args, project));
      expect({ args, early: modules.some((url) => url.includes(entry)) }).toEqual({ args, early: true });
      for (const heavy of ['@oclif/core', 'vendor.cjs', '/packages/kernel/src/kernel.ts', '/packages/kernel/src/index.ts', 'zod', 'tsyringe', '/plugins/metrics/', ...others]) {
        expect({ args, heavy, loaded: modules.filter((url) => url.includes(heavy)) }).toEqual({ args, heavy, loaded: [] });
      }
    }
  });

  it('answers a rerun of an offline query mega before oclif and the kernel, and still runs the hook that keeps its report', async () => {
    const project = committedProject();
    // Files changed within two seconds of a run could change again unseen: such a run keeps no outcome.
    const past = new Date(Date.now() - 60_000);
    for (const file of ['engine.ts', 'notes.md']) utimesSync(join(project, file), past, past);
    const user = isolatedUser();
    const args = ['query', 'mega', '--dry-run', '--json'];
    const first = withSources(await modulesLoadedBy(args, project, user));
    expect(first.some((url) => url.includes('/packages/kernel/src/kernel.ts'))).toBe(true);
    const modules = withSources(await modulesLoadedBy(args, project, user));
    for (const entry of ['/plugins/mega-query/src/early/index.ts', '/plugins/mcp/src/hooks.ts']) expect({ entry, loaded: modules.some((url) => url.includes(entry)) }).toEqual({ entry, loaded: true });
    // tree-sitter's package.json only: its version is part of the outcome's key.
    const code = modules.filter((url) => !url.endsWith('/package.json'));
    for (const heavy of ['@oclif/core', 'vendor.cjs', '/packages/kernel/src/kernel.ts', '/packages/kernel/src/index.ts', 'zod', 'tsyringe', 'tree-sitter', '@anthropic-ai/sdk', 'simple-git', '/mega-query/src/scan/scan.ts', '/mega-query/src/scan/work.ts', '/mega-query/src/repomap/rank.ts', '/mega-query/src/service.ts', '/packages/llm/src/index.ts', '/packages/llm/src/client.ts']) {
      expect({ heavy, loaded: code.filter((url) => url.includes(heavy)) }).toEqual({ heavy, loaded: [] });
    }
  });

  it('--help loads no kernel and no plugin code: the command list comes from the manifests', async () => {
    const modules = withSources(await modulesLoadedBy(['--help']));
    for (const heavy of ['/packages/kernel/src/kernel.ts', '/packages/llm/', '/plugins/', 'zod']) {
      expect({ heavy, loaded: modules.filter((url) => url.includes(heavy)) }).toEqual({ heavy, loaded: [] });
    }
  });

  it('serves oclif, semver and tsyringe from the vendored bundle, not module by module', async () => {
    const modules = await modulesLoadedBy(THROUGH_KERNEL);
    const compiled = modules.filter((line) => line.startsWith('compiled:'));
    expect(compiled.some((line) => line.endsWith('/dist/vendor/vendor.cjs'))).toBe(true);
    // oclif itself and packages it requires by name when it loads from node_modules.
    for (const dependency of ['@oclif/core', 'ejs', 'wrap-ansi', 'lilconfig', 'tsyringe', 'semver']) {
      expect({ dependency, compiled: compiled.filter((line) => line.includes(`/node_modules/${dependency}/`)) }).toEqual({ dependency, compiled: [] });
    }
  });

  it('requires CommonJS packages from first-party bundles instead of importing them (no ES module interop at start)', async () => {
    const modules = await modulesLoadedBy(THROUGH_KERNEL);
    // An ES import of a CommonJS file makes Node read and lex its source (and what it re-exports) for export names.
    const interop = modules.filter((url) => url.startsWith('file:') && /\/node_modules\/(@oclif\/core|tsyringe|semver|reflect-metadata)\//.test(url));
    expect(interop).toEqual([]);
    for (const dependency of ['@oclif/core', 'tsyringe', 'semver', 'reflect-metadata']) expect(modules).toContain(dependency);
  });
});

describe('help', () => {
  it('lists topics separated by spaces and every core command', async () => {
    const result = await createLoom()(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TOPICS[\s\S]*config[\s\S]*plugins/);
    for (const command of ['doctor', 'init']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\s+\\S`, 'm'));
  });

  it('shows a topic with its subcommands and examples on a command', async () => {
    const loom = createLoom();
    const topic = await loom(['config', '--help']);
    expect(topic.stdout).toMatch(/config get[\s\S]*config list[\s\S]*config path[\s\S]*config set/);
    const command = await loom(['config', 'set', '--help']);
    expect(command.stdout).toContain('$ loom config set logLevel info');
    expect(command.stdout).toContain('--json');
  });
});

describe('errors', () => {
  it('prints one line and a hint for a bad flag, exit 2, no stack', async () => {
    const result = await createLoom()(['doctor', '--bogus']);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^error\[USAGE\]: .*--bogus/), expect.stringMatching(/^hint: .*loom doctor --help/)]);
  });

  it('names an unknown command and points at --help', async () => {
    const result = await createLoom()(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error\[COMMAND_NOT_FOUND\]: command frobnicate not found\nhint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('adds the stack with --verbose', async () => {
    const project = mkdtempSync(join(tmpdir(), 'loom-verbose-'));
    const loom = createLoom();
    await loom(['config', 'set', 'logLevel', 'info'], { cwd: project });
    writeFileSync(join(project, 'loom.config.json'), '{ not json');
    const quiet = await loom(['config', 'list'], { cwd: project });
    expect(quiet.stderr).toMatch(/^error\[CONFIG_PARSE_ERROR\]: .*loom\.config\.json: not valid JSON/);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await loom(['config', 'list', '--verbose'], { cwd: project });
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});

describe('a reader that closes the pipe (`loom … | head -1`)', () => {
  /** Runs the CLI with its stdout's reading end closed before anything is written: every write meets EPIPE. */
  function withClosedReader(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [LOOM_BIN, ...args], { env: { ...userEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('ends the command with its own exit code and nothing on stderr, through oclif and the kernel as through an early answer', async () => {
    const user = isolatedUser();
    // LOOM_LOG_LEVEL (a config section) sends `session list` through oclif and the kernel.
    for (const [args, env] of [
      [['config', 'list', '--json'], user],
      [['--help'], user],
      [['session', 'list'], { ...user, LOOM_LOG_LEVEL: 'warn' }],
      [['session', 'list'], user],
    ] as const) {
      expect({ args, ...(await withClosedReader([...args], env)) }).toEqual({ args, code: 0, stderr: '' });
    }
    const failed = await withClosedReader(['session', 'show', 'nope'], user);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error\[SESSION_NOT_FOUND\]/);
  });
});

describe('doctor', () => {
  it('reports the checks as JSON and never prints the API key', async () => {
    const project = mkdtempSync(join(tmpdir(), 'loom-doctor-'));
    const secret = 'sk-ant-api03-not-a-real-key-but-long-enough';
    const result = await createLoom()(['doctor', '--json'], { cwd: project, env: { ANTHROPIC_API_KEY: secret } });
    expect(result.stdout).not.toContain(secret);
    const report = result.json<{ ok: boolean; checks: Array<{ name: string; state: string; detail: string }>; plugins: unknown[] }>();
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
    expect(byName.node?.detail).toBe(process.version);
    expect(byName['api key']?.state).toBe('ok');
    expect(byName.project?.state).toBe('warn');
    expect(byName['state dir']?.detail).toContain(join(project, '.loom'));
    expect(report.ok).toBe(true);
    expect(result.code).toBe(0);
  });

  it('fails the git check when no git is on PATH, reports every other check, and exits 1', async () => {
    const result = await createLoom()(['doctor', '--json'], { cwd: mkdtempSync(join(tmpdir(), 'loom-doctor-')), env: { PATH: mkdtempSync(join(tmpdir(), 'loom-no-git-')) } });
    const report = result.json<{ ok: boolean; checks: Array<{ name: string; state: string; hint?: string }> }>();
    expect(report.checks.find((check) => check.name === 'git')).toMatchObject({ state: 'fail', hint: expect.stringContaining('install git') });
    expect(report.checks.map((check) => check.name)).toEqual(['node', 'git', 'project', 'state dir', 'api key', 'prices']);
    expect(report.ok).toBe(false);
    expect(result.code).toBe(1);
  });

  it('says the key is missing when it is', async () => {
    const result = await createLoom()(['doctor', '--json'], { cwd: mkdtempSync(join(tmpdir(), 'loom-doctor-')) });
    const report = result.json<{ checks: Array<{ name: string; state: string; hint?: string }> }>();
    const key = report.checks.find((check) => check.name === 'api key');
    expect(key?.state).toBe('warn');
    expect(key?.hint).toContain('ANTHROPIC_API_KEY');
  });
});
