import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('loom init', () => {
  it('creates config, state dir and ignore line; a second run changes nothing', async () => {
    const project = await createTempProject({ git: true, files: { '.gitignore': 'node_modules/' } });
    const loom = createLoom();
    const first = await loom(['init', '--json'], { cwd: project.root });
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ root: project.root, changed: ['loom.config.json', '.loom/', '.gitignore'], unchanged: [] });
    const config = readJson(join(project.root, 'loom.config.json'));
    expect(config.$schema).toMatch(/loom\.config\.schema\.json$/);
    expect(statSync(join(project.root, '.loom')).isDirectory()).toBe(true);
    expect(readFileSync(join(project.root, '.gitignore'), 'utf8')).toBe('node_modules/\n.loom/\n');

    const snapshot = ['loom.config.json', '.gitignore'].map((file) => readFileSync(join(project.root, file), 'utf8'));
    const second = await loom(['init', '--json'], { cwd: project.root });
    expect(second.json()).toEqual({ root: project.root, changed: [], unchanged: ['loom.config.json', '.loom/', '.gitignore'] });
    expect(['loom.config.json', '.gitignore'].map((file) => readFileSync(join(project.root, file), 'utf8'))).toEqual(snapshot);
    const human = await loom(['init'], { cwd: project.root });
    expect(human.stdout).toContain('nothing changed');
  });

  it('sets up at the git root when run from a subfolder, keeping an existing ignore entry', async () => {
    const project = await createTempProject({ git: true, files: { 'src/deep/file.ts': 'export {}', '.gitignore': '/.loom' } });
    const result = await createLoom()(['init', '--json'], { cwd: join(project.root, 'src/deep') });
    expect(result.json<{ root: string; changed: string[] }>()).toMatchObject({ root: project.root, changed: ['loom.config.json', '.loom/'] });
    expect(readFileSync(join(project.root, '.gitignore'), 'utf8')).toBe('/.loom');
    expect(existsSync(join(project.root, 'src/deep/loom.config.json'))).toBe(false);
  });

  it('points $schema at a file that exists and describes the core keys', async () => {
    const project = await createTempProject();
    await createLoom()(['init'], { cwd: project.root });
    const reference = readJson(join(project.root, 'loom.config.json')).$schema as string;
    // Loom is not installed inside this project: init copies the schema into .loom/, a path that resolves offline.
    expect(reference).toBe('./.loom/loom.config.schema.json');
    const local = join(project.root, reference);
    const shipped = new URL('../schema/loom.config.schema.json', import.meta.url);
    expect(readFileSync(local, 'utf8')).toBe(readFileSync(shipped, 'utf8'));
    const schema = JSON.parse(readFileSync(local, 'utf8')) as { properties: Record<string, { enum?: string[] }> };
    expect(schema.properties.logLevel?.enum).toEqual(['silent', 'error', 'warn', 'info', 'debug']);
    expect(schema.properties.kernel).toBeDefined();
  });
});

describe('loom config', () => {
  it('layers defaults < user file < project file < LOOM_* env < --set and names each origin', async () => {
    const env = isolatedUser();
    const loom = createLoom(env);
    const project = await createTempProject({ files: { 'loom.config.json': '{}' } });
    const get = async (extra: string[] = [], layerEnv: NodeJS.ProcessEnv = {}) =>
      (await loom(['config', 'get', 'logLevel', '--json', ...extra], { cwd: project.root, env: layerEnv })).json<{ value: string; origin: string }>();

    expect(await get()).toEqual({ key: 'logLevel', value: 'warn', origin: 'default' });
    mkdirSync(env.LOOM_CONFIG_DIR!, { recursive: true });
    const userFile = join(env.LOOM_CONFIG_DIR!, 'config.json');
    writeFileSync(userFile, JSON.stringify({ logLevel: 'error' }));
    expect(await get()).toMatchObject({ value: 'error', origin: userFile });
    writeFileSync(join(project.root, 'loom.config.json'), JSON.stringify({ logLevel: 'info' }));
    expect(await get()).toMatchObject({ value: 'info', origin: join(project.root, 'loom.config.json') });
    expect(await get([], { LOOM_LOG_LEVEL: 'debug' })).toMatchObject({ value: 'debug', origin: 'env' });
    expect(await get(['--set', 'logLevel=silent'], { LOOM_LOG_LEVEL: 'debug' })).toMatchObject({ value: 'silent', origin: 'flags' });
  });

  it('set writes the project file, get reads it back, unset removes it, path names both files', async () => {
    const env = isolatedUser();
    const loom = createLoom(env);
    const project = await createTempProject({ files: { 'loom.config.json': '{"logLevel":"warn"}' } });
    const set = await loom(['config', 'set', 'kernel.phaseTimeoutMs', '2500', '--json'], { cwd: project.root });
    expect(set.code).toBe(0);
    expect(readJson(join(project.root, 'loom.config.json'))).toEqual({ logLevel: 'warn', kernel: { phaseTimeoutMs: 2500 } });
    const got = await loom(['config', 'get', 'kernel.phaseTimeoutMs'], { cwd: project.root });
    expect(got.stdout.trim()).toBe('2500');

    await loom(['config', 'set', 'logLevel', 'error', '--user'], { cwd: project.root });
    expect(readJson(join(env.LOOM_CONFIG_DIR!, 'config.json'))).toEqual({ logLevel: 'error' });
    const unset = await loom(['config', 'unset', 'logLevel'], { cwd: project.root });
    expect(unset.code).toBe(0);
    expect((await loom(['config', 'get', 'logLevel'], { cwd: project.root })).stdout.trim()).toBe('error');

    const paths = (await loom(['config', 'path', '--json'], { cwd: project.root })).json();
    expect(paths).toEqual({
      user: { file: join(env.LOOM_CONFIG_DIR!, 'config.json'), exists: true },
      project: { file: join(project.root, 'loom.config.json'), exists: true },
    });
  });

  it('refuses a bad value with one line naming file, key and expectation, and keeps the file', async () => {
    const project = await createTempProject({ files: { 'loom.config.json': '{"logLevel":"info"}' } });
    const loom = createLoom();
    const result = await loom(['config', 'set', 'logLevel', 'loud'], { cwd: project.root });
    expect(result.code).toBe(1);
    const [line, hint, ...rest] = result.stderr.trim().split('\n');
    expect(line).toMatch(/^error\[CONFIG_INVALID\]: .*loom\.config\.json: logLevel: .*"warn".*got "loud"$/);
    expect(hint).toMatch(/^hint: /);
    expect(rest).toEqual([]);
    expect(readJson(join(project.root, 'loom.config.json'))).toEqual({ logLevel: 'info' });

    const typed = await loom(['config', 'set', 'kernel.phaseTimeoutMs', '"soon"'], { cwd: project.root });
    expect(typed.stderr).toMatch(/^error\[CONFIG_INVALID\]: .*kernel\.phaseTimeoutMs: .*number/);
  });

  it('refuses unknown keys and sections with the keys that exist', async () => {
    const project = await createTempProject();
    const loom = createLoom();
    const key = await loom(['config', 'set', 'kernel.phaseTimeout', '5'], { cwd: project.root });
    expect(key.stderr).toMatch(/^error\[CONFIG_UNKNOWN_KEY\]: no config key "kernel\.phaseTimeout"\nhint: did you mean "kernel\.phaseTimeoutMs"\? keys under kernel: /);
    const section = await loom(['config', 'set', 'nope.x', '1'], { cwd: project.root });
    expect(section.stderr).toMatch(/^error\[CONFIG_UNKNOWN_KEY\]: no config section "nope"/);
    expect(existsSync(join(project.root, 'loom.config.json'))).toBe(false);
  });

  it('reports a bad environment value as coming from env', async () => {
    const project = await createTempProject();
    const result = await createLoom()(['config', 'list'], { cwd: project.root, env: { LOOM_KERNEL__PHASE_TIMEOUT_MS: '-4' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error\[CONFIG_INVALID\]: env: kernel\.phaseTimeoutMs: .*got -4/);
  });

  it('lists every key with value and origin as JSON', async () => {
    const project = await createTempProject({ files: { 'loom.config.json': '{"kernel":{"phaseTimeoutMs":2500}}' } });
    const result = await createLoom()(['config', 'list', '--json'], { cwd: project.root });
    const { entries } = result.json<{ entries: Array<{ key: string; value: unknown; origin: string }> }>();
    expect(entries).toContainEqual({ key: 'kernel.phaseTimeoutMs', value: 2500, origin: join(project.root, 'loom.config.json') });
    expect(entries).toContainEqual({ key: 'kernel.disabledPlugins', value: [], origin: 'default' });
    expect(entries).toContainEqual({ key: 'logLevel', value: 'warn', origin: 'default' });
  });
});
