import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript next to bin/run.js, without declarations
import { answerEarly, earlyModuleFor } from '../bin/early.js';

const CLI_ROOT = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', CLI_ROOT), 'utf8')) as { earlyAnswers: Record<string, string> };
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
    const module = moduleWith('answers', `async (argv, ctx) => { (await import('node:fs')).writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ argv, root: ctx.cliRoot.href, cwd: ctx.cwd, env: ctx.env === process.env })); return true; }`);
    expect(await answerEarly(['x', 'y', '--json'], { x: module }, CLI_ROOT)).toBe(true);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({ argv: ['x', 'y', '--json'], root: CLI_ROOT.href, cwd: process.cwd(), env: true });
  });

  it('declines when the module declines, returns something other than true, throws, rejects or is missing', async () => {
    expect(await answerEarly(['x'], { x: moduleWith('declines', '() => false') }, CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], { x: moduleWith('truthy', '() => "yes"') }, CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], { x: moduleWith('throws', '() => { throw new Error("boom"); }') }, CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], { x: moduleWith('rejects', 'async () => { throw new Error("boom"); }') }, CLI_ROOT)).toBe(false);
    expect(await answerEarly(['x'], { x: pathToFileURL(join(dir, 'absent.mjs')).href }, CLI_ROOT)).toBe(false);
  });

  it('does not load a module the command line does not reach', async () => {
    const marker = join(dir, 'loaded');
    const file = join(dir, 'side-effect.mjs');
    writeFileSync(file, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, '1'); export const answer = () => true;\n`);
    expect(await answerEarly(['y'], { x: pathToFileURL(file).href }, CLI_ROOT)).toBe(false);
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe("the CLI's earlyAnswers", () => {
  it('name modules the CLI resolves, each exporting answer(), each for a command the CLI has', async () => {
    const require = createRequire(new URL('package.json', CLI_ROOT));
    expect(Object.keys(pkg.earlyAnswers).length).toBeGreaterThan(0);
    for (const [words, specifier] of Object.entries(pkg.earlyAnswers)) {
      const module = (await import(pathToFileURL(require.resolve(specifier)).href)) as { answer?: unknown };
      expect(typeof module.answer, specifier).toBe('function');
      const plugin = specifier.split('/').slice(0, 2).join('/');
      const manifest = JSON.parse(readFileSync(join(dirname(require.resolve(`${plugin}/package.json`)), 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
      const ids = Object.keys(manifest.commands).map((id) => id.replaceAll(':', ' '));
      expect(ids.some((id) => id === words || id.startsWith(`${words} `)), `${words} in ${plugin}`).toBe(true);
    }
  });
});
