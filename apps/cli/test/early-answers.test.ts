import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Config } from '@oclif/core';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript next to bin/run.js, without declarations
import { answerEarly, cliDirs, earlyModuleFor } from '../bin/early.js';

const CLI_ROOT = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', CLI_ROOT), 'utf8')) as { name: string; version: string; oclif: { bin: string }; earlyAnswers: Record<string, string> };
/** The CLI's package.json with another table of early answers. */
const withTable = (earlyAnswers: Record<string, string>) => ({ ...pkg, earlyAnswers });
const dir = mkdtempSync(join(tmpdir(), 'loom-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module file exporting `answer` with the given body; returns its URL, usable as a specifier. */
function moduleWith(name: string, body: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, `export const answer = ${body};\n`);
  return pathToFileURL(file).href;
}

describe('earlyModuleFor: which early answer a command line reaches', () => {
  const table = { chain: 'a', 'chain validate': 'b', mcp: 'c' };

  it('takes the longest run of leading command words', () => {
    expect(earlyModuleFor(['chain', 'validate', 'x.yaml'], table)).toBe('b');
    expect(earlyModuleFor(['chain', 'run', 'x'], table)).toBe('a');
  });

  it('matches whole words at the start only', () => {
    expect(earlyModuleFor(['chains'], table)).toBeUndefined();
    expect(earlyModuleFor(['session', 'chain'], table)).toBeUndefined();
    expect(earlyModuleFor(['chain', 'validated'], table)).toBe('a');
  });

  it('finds nothing without a table or arguments', () => {
    expect(earlyModuleFor(['mcp'], undefined)).toBeUndefined();
    expect(earlyModuleFor([], table)).toBeUndefined();
  });
});

describe('answerEarly: an early answer answers or declines, never breaks the command', () => {
  it('passes the whole argv and the context, and reports a complete answer', async () => {
    const seen = join(dir, 'seen.json');
    const module = moduleWith('answers', `async (argv, ctx) => { (await import('node:fs')).writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ argv, root: ctx.cliRoot.href, cwd: ctx.cwd, env: ctx.env === process.env, dirs: ctx.dirs, version: ctx.version })); return true; }`);
    expect(await answerEarly(['x', 'y', '--json'], withTable({ x: module }), CLI_ROOT)).toBe(true);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({ argv: ['x', 'y', '--json'], root: CLI_ROOT.href, cwd: process.cwd(), env: true, dirs: cliDirs(pkg, process.env), version: pkg.version });
  });

  it('declines when the module declines, returns something other than true, throws, rejects or is missing', async () => {
    expect(await answerEarly(['x'], withTable({ x: moduleWith('declines', '() => false') }), CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], withTable({ x: moduleWith('truthy', '() => "yes"') }), CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], withTable({ x: moduleWith('throws', '() => { throw new Error("boom"); }') }), CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], withTable({ x: moduleWith('rejects', 'async () => { throw new Error("boom"); }') }), CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], withTable({ x: pathToFileURL(join(dir, 'absent.mjs')).href }), CLI_ROOT)).toBe(false);
  });

  it('does not load a module the command line does not reach', async () => {
    const marker = join(dir, 'loaded');
    const file = join(dir, 'side-effect.mjs');
    writeFileSync(file, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, '1'); export const answer = () => true;\n`);
    expect(await answerEarly(['y'], withTable({ x: pathToFileURL(file).href }), CLI_ROOT)).toBe(false);
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe("the CLI's earlyAnswers", () => {
  it('name modules the CLI resolves, each exporting answer(), each for a command the CLI has (or its root help)', async () => {
    const require = createRequire(new URL('package.json', CLI_ROOT));
    expect(Object.keys(pkg.earlyAnswers).length).toBeGreaterThan(0);
    for (const [words, specifier] of Object.entries(pkg.earlyAnswers)) {
      const module = (await import(pathToFileURL(require.resolve(specifier)).href)) as { answer?: unknown };
      expect(typeof module.answer, specifier).toBe('function');
      // The CLI's own early answer is its root help (oclif's `--help` flag and plugin-help's `help` command).
      if (specifier.startsWith(`${pkg.name}/`)) {
        expect(['--help', 'help'], specifier).toContain(words);
        continue;
      }
      const plugin = specifier.split('/').slice(0, 2).join('/');
      const manifest = JSON.parse(readFileSync(join(dirname(require.resolve(`${plugin}/package.json`)), 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
      const ids = Object.keys(manifest.commands).map((id) => id.replaceAll(':', ' '));
      expect(ids.some((id) => id === words || id.startsWith(`${words} `)), `${words} in ${plugin}`).toBe(true);
    }
  });
});

describe('cliDirs: the folders every early answer gets', () => {
  it("are oclif's Config folders of the CLI, from the overrides, XDG or the home", async () => {
    const saved = { ...process.env };
    const home = mkdtempSync(join(tmpdir(), 'loom-dirs-'));
    const variants: NodeJS.ProcessEnv[] = [
      { HOME: join(home, 'h1') },
      { HOME: join(home, 'h2'), XDG_CONFIG_HOME: join(home, 'xc'), XDG_DATA_HOME: join(home, 'xd'), XDG_CACHE_HOME: join(home, 'xk') },
      { HOME: join(home, 'h3'), LOOM_CONFIG_DIR: join(home, 'c'), LOOM_DATA_DIR: join(home, 'd'), LOOM_CACHE_DIR: join(home, 'k') },
    ];
    try {
      for (const variant of variants) {
        for (const name of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'LOOM_CONFIG_DIR', 'LOOM_DATA_DIR', 'LOOM_CACHE_DIR']) delete process.env[name];
        Object.assign(process.env, variant);
        const config = await Config.load(fileURLToPath(CLI_ROOT));
        expect(cliDirs(pkg, process.env)).toEqual({ config: config.configDir, data: config.dataDir, cache: config.cacheDir });
      }
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
