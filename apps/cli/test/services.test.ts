import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kernel, createLogger, resolvePaths } from '@loomkit/kernel';
import { createLlm, llmConfigSchema } from '@loomkit/llm';
import llmPlugin from '@loomkit/llm/plugin';
import { startFakeClaude } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { changeConfig, flattenConfig, getEntry, listEntries } from '../src/config/config-store.js';
import { checkApiKey, checkLlm, checkNode, checkProject } from '../src/doctor/diagnose.js';
import { initProject, schemaReference } from '../src/init/init-project.js';

const project = () => {
  const root = mkdtempSync(join(tmpdir(), 'loom-cli-'));
  writeFileSync(join(root, 'loom.config.json'), '{}');
  return resolvePaths({ cwd: root, userConfigDir: join(root, '.user'), dataDir: join(root, '.data'), cacheDir: join(root, '.cache') });
};
const candidates = [{ origin: '@loomkit/llm', firstParty: true, load: () => llmPlugin }];
const inspect = async (paths: ReturnType<typeof project>) =>
  new Kernel({ plugins: candidates, paths, configLayers: [{ source: paths.projectConfigFile, values: JSON.parse(readFileSync(paths.projectConfigFile, 'utf8')) }], setUp: false, logger: createLogger('silent') }).start();

describe('config store', () => {
  it('flattens nested values to dotted keys, keeping arrays and empty objects as values', () => {
    expect(flattenConfig({ a: { b: 1, c: [1, 2] }, d: {}, e: 'x' })).toEqual([
      { key: 'a.b', value: 1 },
      { key: 'a.c', value: [1, 2] },
      { key: 'd', value: {} },
      { key: 'e', value: 'x' },
    ]);
  });

  it('lists plugin defaults with their origin and reads one key', async () => {
    const paths = project();
    const kernel = await inspect(paths);
    expect(listEntries(kernel)).toContainEqual({ key: 'llm.model', value: 'claude-sonnet-4-6', origin: 'default' });
    expect(getEntry(kernel, 'llm.limits.concurrency')).toEqual({ key: 'llm.limits.concurrency', value: 4, origin: 'default' });
    expect(() => getEntry(kernel, 'llm.nope')).toThrowError(expect.objectContaining({ code: 'CONFIG_UNKNOWN_KEY', hint: expect.stringContaining('model') }));
  });

  it('sets a plugin key after checking it with the plugin schema, and refuses a bad one untouched', async () => {
    const paths = project();
    const result = await changeConfig({ paths, plugins: candidates, scope: 'project', key: 'llm.maxTokens', raw: '1024' });
    expect(result).toEqual({ key: 'llm.maxTokens', value: 1024, file: paths.projectConfigFile });
    expect(JSON.parse(readFileSync(paths.projectConfigFile, 'utf8'))).toEqual({ llm: { maxTokens: 1024 } });
    await expect(changeConfig({ paths, plugins: candidates, scope: 'project', key: 'llm.maxTokens', raw: '-5' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('llm.maxTokens') });
    await expect(changeConfig({ paths, plugins: candidates, scope: 'project', key: 'llm.colour', raw: 'blue' })).rejects.toMatchObject({ code: expect.stringMatching(/CONFIG_(INVALID|UNKNOWN_KEY)/) });
    expect(JSON.parse(readFileSync(paths.projectConfigFile, 'utf8'))).toEqual({ llm: { maxTokens: 1024 } });
    await expect(changeConfig({ paths, plugins: candidates, scope: 'user', key: 'llm.maxTokens', raw: undefined })).rejects.toMatchObject({ code: 'CONFIG_UNKNOWN_KEY' });
  });
});

describe('init', () => {
  it('references the shipped schema relatively when Loom lives inside the project, else its copy in .loom/', () => {
    expect(schemaReference('/repo', '/repo/node_modules/loomkit/schema/loom.config.schema.json')).toBe('./node_modules/loomkit/schema/loom.config.schema.json');
    expect(schemaReference('/repo', '/usr/lib/node_modules/loomkit/schema/loom.config.schema.json')).toBe('./.loom/loom.config.schema.json');
  });

  it('appends .loom/ to a .gitignore that lacks a final newline', async () => {
    const paths = project();
    writeFileSync(join(paths.projectRoot, '.gitignore'), 'dist');
    const result = await initProject(paths);
    expect(result.changed).toEqual(['.loom/', '.gitignore']);
    expect(readFileSync(join(paths.projectRoot, '.gitignore'), 'utf8')).toBe('dist\n.loom/\n');
  });
});

describe('doctor checks', () => {
  it('fails Node older than 20.19 and passes newer', () => {
    expect(checkNode('20.18.0')).toMatchObject({ state: 'fail', hint: expect.stringContaining('20.19') });
    expect(checkNode('22.1.0').state).toBe('ok');
  });

  it('says whether a key is set without showing it', () => {
    expect(checkApiKey({ ANTHROPIC_API_KEY: 'sk-ant-secret' })).toEqual({ name: 'api key', state: 'ok', detail: 'ANTHROPIC_API_KEY is set' });
    expect(checkApiKey({}).state).toBe('warn');
  });

  it('warns about a missing loom.config.json', async () => {
    const paths = resolvePaths({ cwd: mkdtempSync(join(tmpdir(), 'loom-bare-')), userConfigDir: '/x', dataDir: '/x', cacheDir: '/x' });
    const [projectCheck, state] = await checkProject(paths);
    expect(projectCheck).toMatchObject({ state: 'warn', hint: expect.stringContaining('loom init') });
    expect(state?.state).toBe('ok');
  });

  it('checks the key online with count_tokens, and reports a rejected key', async () => {
    const fake = await startFakeClaude();
    const make = (key: string) =>
      createLlm({
        config: llmConfigSchema.parse({}),
        env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: fake.url },
        events: { emit: async () => undefined },
        paths: project(),
        logger: createLogger('silent'),
      });
    try {
      const [prices, api] = await checkLlm(make(fake.apiKey), true);
      expect(prices?.detail).toMatch(/^model table of \d{4}-\d{2}-\d{2}, \d+ models; default claude-sonnet-4-6$/);
      expect(api).toMatchObject({ name: 'api', state: 'ok' });
      expect(fake.requests.map((r) => r.path)).toEqual(['/v1/messages/count_tokens']);
      const [, rejected] = await checkLlm(make('sk-ant-wrong'), true);
      expect(rejected).toMatchObject({ state: 'fail', detail: expect.stringContaining('LLM_AUTH_FAILED') });
      expect(await checkLlm(make(fake.apiKey), false)).toHaveLength(1);
      expect(await checkLlm(undefined, true)).toEqual([expect.objectContaining({ name: 'llm', state: 'fail' })]);
    } finally {
      await fake.close();
    }
  });
});
