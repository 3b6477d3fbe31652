import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '@oclif/core';
import type { Route } from '@loomkit/kernel';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { annotationsOf, buildCatalog, coreRoutes, effectOf, inputSchemaOf, parseArguments, toArgv, toolName, type ToolSpec } from '../src/catalog/index.js';
import { snippetFor } from '../src/config-snippets.js';
import { argumentHint, slashCommandFile, slashName } from '../src/export/claude-commands.js';

const CLI_ROOT = fileURLToPath(new URL('../../../apps/cli', import.meta.url));

/** oclif manifest entries, as `config.findCommand` returns them (no module imported). */
const MANIFEST: Record<string, Partial<Command.Loadable>> = {
  'query:mega': {
    enableJsonFlag: true,
    args: { path: { name: 'path', description: 'Folder to analyse' }, question: { name: 'question', description: 'A question' } } as never,
    flags: {
      json: { name: 'json', type: 'boolean' },
      verbose: { name: 'verbose', type: 'boolean' },
      set: { name: 'set', type: 'option', multiple: true },
      mode: { name: 'mode', type: 'option', options: ['codebase', 'security'], description: 'What to look for' },
      'dry-run': { name: 'dry-run', type: 'boolean', description: 'Plan only' },
      'max-cost': { name: 'max-cost', type: 'option', description: 'Most to spend, in USD' },
      secret: { name: 'secret', type: 'option', hidden: true },
    } as never,
  },
  'security:scan': {
    enableJsonFlag: true,
    strict: false,
    args: { paths: { name: 'paths', description: 'Files or folders' } } as never,
    flags: { staged: { name: 'staged', type: 'boolean', allowNo: true }, 'fail-on': { name: 'fail-on', type: 'option', options: ['low', 'high'], default: 'low' } } as never,
  },
  'session:restore': { enableJsonFlag: true, args: { checkpoint: { name: 'checkpoint', required: true } } as never, flags: {} },
  dashboard: { enableJsonFlag: false, args: {}, flags: {} },
  hello: { enableJsonFlag: true, args: { name: { name: 'name', description: 'Who to greet', default: 'world' } } as never, flags: {} },
  'acme:list': { enableJsonFlag: true, args: {}, flags: {} },
  'acme:greet': { enableJsonFlag: true, args: {}, flags: {} },
};

const route = (command: string, plugin: string, args: Record<string, string> = {}, effect?: Route['effect']) => ({ command, plugin, summary: `${command} summary`, examples: [`do ${command}`], args, ...(effect ? { effect } : {}) });
const catalog = buildCatalog(
  [
    route('query mega', 'mega-query', { path: 'the folder to analyse', mode: 'codebase or security' }),
    route('security scan', 'security'),
    route('session restore', 'session'),
    route('dashboard', 'metrics'),
    route('hello', 'hello', { name: 'who to greet' }),
    // A third party's declarations: its `list` empties a remote queue, its `greet` spends.
    route('acme list', 'acme', {}, 'destroy'),
    route('acme greet', 'acme', {}, 'spend'),
    route('not installed', 'gone'),
  ],
  (id) => MANIFEST[id] as Command.Loadable | undefined,
);
const tool = (name: string) => catalog.find((spec) => spec.name === name) as ToolSpec;

describe('the catalog', () => {
  it('has one tool per routed, installed command with --json, sorted by name', () => {
    expect(catalog.map((spec) => spec.name)).toEqual(['acme_greet', 'acme_list', 'hello', 'query_mega', 'security_scan', 'session_restore']);
    expect(toolName('metrics budget set')).toBe('metrics_budget_set');
    expect(toolName('my-plugin do')).toBe('my_plugin_do');
  });

  it('builds the input schema from args and flags: enums, defaults, descriptions (the route\'s first), no global flags', () => {
    const schema = inputSchemaOf(tool('query_mega'));
    expect(Object.keys(schema.properties)).toEqual(['path', 'question', 'mode', 'dry-run', 'max-cost']);
    expect(schema.properties.path).toEqual({ type: ['string', 'number'], description: 'the folder to analyse' });
    expect(schema.properties.mode).toEqual({ type: 'string', enum: ['codebase', 'security'], description: 'codebase or security' });
    expect(schema.properties['dry-run']).toEqual({ type: 'boolean', description: 'Plan only' });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toBeUndefined();
    expect(inputSchemaOf(tool('hello')).properties.name).toMatchObject({ default: 'world', description: 'who to greet' });
    expect(inputSchemaOf(tool('session_restore')).required).toEqual(['checkpoint']);
    // A command taking more words than it declares takes a list in its last argument.
    const scan = inputSchemaOf(tool('security_scan'));
    expect(scan.properties.paths).toMatchObject({ type: 'array', items: { type: ['string', 'number'] } });
    expect(scan.properties['fail-on']).toMatchObject({ enum: ['low', 'high'], default: 'low' });
  });

  it('says what a command does: spending by --max-cost, the rest by its verb', () => {
    expect(tool('query_mega').effect).toBe('spend');
    expect(tool('query_mega').description).toMatch(/spends money.*max-cost/s);
    expect(tool('security_scan').effect).toBe('read');
    expect(tool('session_restore').effect).toBe('destroy');
    expect(tool('hello').effect).toBe('unknown');
    expect(effectOf('session start', [])).toBe('write');
    expect(annotationsOf('read')).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(annotationsOf('destroy')).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(annotationsOf('spend')).toMatchObject({ readOnlyHint: false, destructiveHint: false, openWorldHint: true });
    expect(annotationsOf('unknown')).not.toHaveProperty('destructiveHint');
  });

  it('believes a route that declares its effect over the verb guess, a third party\'s included', () => {
    expect(effectOf('acme list', [])).toBe('read');
    expect(tool('acme_list').effect).toBe('destroy');
    expect(tool('acme_greet').effect).toBe('spend');
    expect(tool('acme_greet').description).toMatch(/spends money/);
    expect(tool('acme_list').description).not.toMatch(/spends money/);
  });

  it('reads the CLI\'s core routes from its loom.routes.json, declared effects and all', () => {
    const core = new Map(coreRoutes(CLI_ROOT).map((one) => [one.command, one]));
    expect(core.get('doctor')).toMatchObject({ plugin: 'loom', effect: 'read' });
    expect(core.get('config get')?.effect).toBe('read');
    expect(core.get('config set')?.effect).toBe('destroy');
    expect(core.get('init')?.effect).toBe('write');
    expect(core.get('trust')?.effect).toBe('destroy');
    expect(coreRoutes(join(CLI_ROOT, 'no-such-folder'))).toEqual([]);
  });
});

describe('arguments', () => {
  it('turns checked arguments into a command line: positionals in order, then --flag=value', () => {
    const mega = tool('query_mega');
    expect(toArgv(mega, parseArguments(mega, { path: 'src', question: 'where is auth?', mode: 'security', 'dry-run': true, 'max-cost': 2 }))).toEqual([
      'src',
      'where is auth?',
      '--mode=security',
      '--dry-run',
      '--max-cost=2',
    ]);
    expect(toArgv(mega, parseArguments(mega, { 'dry-run': false }))).toEqual([]);
    const scan = tool('security_scan');
    expect(toArgv(scan, parseArguments(scan, { paths: ['a', 'b'], staged: false }))).toEqual(['a', 'b', '--no-staged']);
    expect(toArgv(scan, parseArguments(scan, { paths: 'one' }))).toEqual(['one']);
  });

  it('names every bad argument at once, and what the tool takes', () => {
    const mega = tool('query_mega');
    let thrown: unknown;
    try {
      parseArguments(mega, { mode: 'fast', 'dry-run': 'yes', extra: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'MCP_INVALID_ARGUMENTS' });
    const message = (thrown as Error).message;
    for (const name of ['mode', 'dry-run', 'extra']) expect(message).toContain(name);
    expect((thrown as { hint: string }).hint).toBe('the arguments are: path, question, mode, dry-run, max-cost');
    expect(() => parseArguments(tool('session_restore'), {})).toThrow(/checkpoint/);
  });

  it('refuses what a command line cannot say: a positional left out before a given one, a leading dash', () => {
    const mega = tool('query_mega');
    expect(() => toArgv(mega, parseArguments(mega, { question: 'why?' }))).toThrow(/give path too when giving question/);
    expect(() => toArgv(mega, parseArguments(mega, { path: '--help' }))).toThrow(/may not start with "-"/);
    // A flag value may start with a dash: it is joined to its flag.
    expect(toArgv(tool('security_scan'), { 'fail-on': '-x' })).toEqual(['--fail-on=-x']);
  });
});

describe('exports for other clients', () => {
  it('writes a slash command whose YAML frontmatter parses back', () => {
    const file = slashCommandFile(tool('query_mega'));
    const [, yaml, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(file)!;
    expect(parse(yaml!)).toEqual({
      description: 'query mega summary',
      'argument-hint': '[<path>] [<question>] [--mode <codebase|security>] [--dry-run] [--max-cost <max-cost>]',
      'allowed-tools': 'Bash(loom query mega:*)',
    });
    expect(body).toContain('loom query mega $ARGUMENTS --json');
    expect(body).toContain('--dry-run first');
    expect(slashName('session memory rm')).toBe('loom-session-memory-rm');
    expect(argumentHint(tool('session_restore').parameters)).toBe('<checkpoint>');
    expect(slashCommandFile(tool('session_restore'))).toContain('wait for my yes');
  });

  it('prints each client\'s snippet: a command line for Claude Code, JSON naming the project for the others', () => {
    expect(snippetFor('claude-code', 'loom', '/repo').text).toBe('claude mcp add loom -- loom mcp serve');
    expect(JSON.parse(snippetFor('cursor', 'loom', '/repo').text)).toEqual({ mcpServers: { loom: { command: 'loom', args: ['mcp', 'serve', '--project', '/repo'] } } });
    expect(snippetFor('claude-desktop', 'loom', '/repo').where).toMatch(/claude_desktop_config\.json/);
  });
});
