import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declineOnFailure, earlyDeclineReason, writeAnswer } from '../src/early-answer.js';
import { configFingerprint, keyPaths, writeEarlyStamp } from '../src/early-stamp.js';

let root: string;
let ctx: { cwd: string; env: NodeJS.ProcessEnv; dirs: { config: string; data: string; cache: string }; version: string };

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-early-')));
  const project = join(root, 'project', 'src');
  mkdirSync(project, { recursive: true });
  mkdirSync(join(root, 'project', '.git'));
  ctx = { cwd: project, env: { HOME: root, PATH: '/usr/bin', LOOM_CONFIG_DIR: join(root, 'c'), LOOM_DATA_DIR: join(root, 'd'), LOOM_CACHE_DIR: join(root, 'k') }, dirs: { config: join(root, 'c'), data: join(root, 'd'), cache: join(root, 'k') }, version: '1.2.3' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '{}\n');
}

describe('earlyDeclineReason', () => {
  it('finds nothing in a plain project whose only LOOM_* variables name folders', () => {
    expect(earlyDeclineReason(ctx)).toBeUndefined();
  });

  it('names each thing a booted kernel would bring', () => {
    const cases: Array<[string, () => void]> = [
      ['a LOOM_* variable', () => (ctx.env.LOOM_LOG_LEVEL = 'debug')],
      ['DEBUG', () => (ctx.env.DEBUG = 'express,loom:*')],
      ['installed plugins', () => write(join(ctx.dirs.data, 'package.json'))],
      // Config files no clean boot has stamped, found from a subfolder, above the git root's own level too.
      ['config files no clean boot has read as they are', () => write(join(ctx.dirs.config, 'config.json'))],
      ['config files no clean boot has read as they are', () => write(join(root, 'project', 'loom.config.json'))],
      ['config files no clean boot has read as they are', () => write(join(root, 'loom.config.json'))],
    ];
    for (const [reason, arrange] of cases) {
      arrange();
      expect(earlyDeclineReason(ctx)).toBe(reason);
      rmSync(join(root, 'loom.config.json'), { force: true });
      rmSync(join(root, 'project', 'loom.config.json'), { force: true });
      rmSync(ctx.dirs.config, { recursive: true, force: true });
      rmSync(ctx.dirs.data, { recursive: true, force: true });
      ctx.env = { HOME: root, LOOM_CONFIG_DIR: ctx.dirs.config };
      expect(earlyDeclineReason(ctx)).toBeUndefined();
    }
  });

  it('takes config files a clean boot stamped as they are now, unless they set a setting the answer depends on', () => {
    const projectRoot = join(root, 'project');
    const place = { projectRoot, dirs: ctx.dirs, version: ctx.version };
    const config = join(projectRoot, 'loom.config.json');
    const settings = { session: { notesFile: 'NOTES.md' }, security: { onSecret: 'block' } };
    writeFileSync(config, JSON.stringify(settings));
    writeEarlyStamp(place, configFingerprint(place), keyPaths(settings));
    expect(earlyDeclineReason(ctx)).toBeUndefined();
    expect(earlyDeclineReason(ctx, { settings: ['security.injection'] })).toBeUndefined();
    expect(earlyDeclineReason(ctx, { settings: ['security'] })).toBe('a config setting the answer depends on');
    expect(earlyDeclineReason(ctx, { settings: ['metrics', 'session.notesFile'] })).toBe('a config setting the answer depends on');
    // Another CLI version, an edit, a user file, a change of trust: no longer what was stamped.
    expect(earlyDeclineReason({ ...ctx, version: '1.2.4' })).toBe('config files no clean boot has read as they are');
    for (const change of [() => writeFileSync(config, JSON.stringify({ ...settings, extra: 1 })), () => write(join(ctx.dirs.config, 'config.json')), () => write(join(ctx.dirs.data, 'trusted-projects.json'))]) {
      change();
      expect(earlyDeclineReason(ctx)).toBe('config files no clean boot has read as they are');
      writeEarlyStamp(place, configFingerprint(place), keyPaths(settings));
      expect(earlyDeclineReason(ctx)).toBeUndefined();
    }
    // Kernel settings bear on every command.
    for (const kernelSetting of [{ logLevel: 'info' }, { kernel: { disabledPlugins: ['session'] } }]) {
      writeFileSync(config, JSON.stringify(kernelSetting));
      writeEarlyStamp(place, configFingerprint(place), keyPaths(kernelSetting));
      expect(earlyDeclineReason(ctx)).toBe('a config setting the answer depends on');
    }
  });

  it('declines for a setting below one the answer depends on, and only below it', () => {
    const projectRoot = join(root, 'project');
    const place = { projectRoot, dirs: ctx.dirs, version: ctx.version };
    writeFileSync(join(projectRoot, 'loom.config.json'), '{}');
    // A stamp names the key paths it holds; a setting is found by its path or a path above it.
    writeEarlyStamp(place, configFingerprint(place), ['security.injection.threshold']);
    expect(earlyDeclineReason(ctx, { settings: ['security.injection'] })).toBe('a config setting the answer depends on');
    expect(earlyDeclineReason(ctx, { settings: ['security.injection.threshold'] })).toBe('a config setting the answer depends on');
    expect(earlyDeclineReason(ctx, { settings: ['security.inject', 'threshold', 'injection.threshold'] })).toBeUndefined();
  });

  it('names an active session only for a command the session plugin would record as a turn', () => {
    write(join(root, 'project', '.loom', 'sessions', 'active'));
    expect(earlyDeclineReason(ctx)).toBeUndefined();
    expect(earlyDeclineReason(ctx, { recorded: false })).toBeUndefined();
    expect(earlyDeclineReason(ctx, { recorded: true })).toBe('an active session');
    rmSync(join(root, 'project', '.loom'), { recursive: true });
    expect(earlyDeclineReason(ctx, { recorded: true })).toBeUndefined();
  });

  it('takes DEBUG only when it names loom', () => {
    ctx.env.DEBUG = 'express:*,bloomfilter';
    expect(earlyDeclineReason(ctx)).toBeUndefined();
  });
});

describe('writeAnswer', () => {
  it('writes the answer to stdout; a closed pipe (EPIPE) is the reader\'s choice, any other error is not swallowed', () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stdout.write;
    try {
      writeAnswer('first\n');
      writeAnswer('second\n');
    } finally {
      process.stdout.write = write;
    }
    expect(written).toEqual(['first\n', 'second\n']);
    // One listener however many answers are written.
    const ours = process.stdout.listeners('error').slice(-1);
    expect(process.stdout.listeners('error').filter((listener) => listener === ours[0])).toHaveLength(1);
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(() => ours[0]!(epipe)).not.toThrow();
    const other = Object.assign(new Error('write EIO'), { code: 'EIO' });
    expect(() => ours[0]!(other)).toThrow('write EIO');
  });
});

describe('declineOnFailure', () => {
  const ctx = { cliRoot: new URL('file:///cli/'), cwd: '/', env: {}, dirs: { config: '/c', data: '/d', cache: '/k' }, version: '0' };

  it('passes an answer through as it is, synchronous or not', async () => {
    expect(declineOnFailure(() => true)(['x'], ctx)).toBe(true);
    expect(declineOnFailure(() => false)(['x'], ctx)).toBe(false);
    const later = declineOnFailure(async (argv) => argv[0] === 'x')(['x'], ctx);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(true);
  });

  it('declines where the answer throws or rejects', async () => {
    expect(declineOnFailure(() => { throw new Error('boom'); })(['x'], ctx)).toBe(false);
    expect(await declineOnFailure(async () => { throw new Error('boom'); })(['x'], ctx)).toBe(false);
  });
});
