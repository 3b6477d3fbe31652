import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFingerprint, hasLoomSettings, keyPaths, stampedKeys, stampFile, writeEarlyStamp } from '../src/early-stamp.js';

let root: string;
let place: { projectRoot: string; dirs: { config: string; data: string; cache: string }; version: string };

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-stamp-')));
  place = { projectRoot: join(root, 'project'), dirs: { config: join(root, 'c'), data: join(root, 'd'), cache: join(root, 'k') }, version: '0.1.0' };
  for (const dir of [place.projectRoot, place.dirs.config, place.dirs.data]) mkdirSync(dir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the early-answer stamp of a clean boot', () => {
  it('flattens a config file into the key paths it sets, objects with their children, arrays as leaves', () => {
    expect(keyPaths({ logLevel: 'info', security: { injection: { threshold: 0.4 }, disabledRules: ['a', 'b'] }, empty: {}, unset: null })).toEqual([
      'logLevel',
      'security',
      'security.injection',
      'security.injection.threshold',
      'security.disabledRules',
      'empty',
      'unset',
    ]);
  });

  it('tells its keys back while every file is as stamped, and nothing once one differs', () => {
    const project = join(place.projectRoot, 'loom.config.json');
    writeFileSync(project, '{"session":{"notesFile":"N.md"}}');
    writeEarlyStamp(place, configFingerprint(place), ['session.notesFile', 'session', 'session']);
    expect(stampedKeys(place)).toEqual(['session', 'session.notesFile']);
    // Same size, other bytes: the CRC tells them apart.
    writeFileSync(project, '{"session":{"notesFile":"M.md"}}');
    expect(stampedKeys(place)).toBeUndefined();
    writeFileSync(project, '{"session":{"notesFile":"N.md"}}');
    expect(stampedKeys(place)).toEqual(['session', 'session.notesFile']);
    expect(stampedKeys({ ...place, version: '0.2.0' })).toBeUndefined();
    // Another project's stamp file is not this project's.
    expect(stampedKeys({ ...place, projectRoot: join(root, 'other') })).toBeUndefined();
  });

  it('does not write the same stamp again: a boot of an unchanged project leaves the file as it was', () => {
    writeFileSync(join(place.projectRoot, 'loom.config.json'), '{}');
    writeEarlyStamp(place, configFingerprint(place), ['a']);
    const first = statSync(stampFile(place));
    writeEarlyStamp(place, configFingerprint(place), ['a']);
    expect(statSync(stampFile(place)).ino).toBe(first.ino);
    writeEarlyStamp(place, configFingerprint(place), ['a', 'b']);
    expect(statSync(stampFile(place)).ino).not.toBe(first.ino);
    expect(stampedKeys(place)).toEqual(['a', 'b']);
  });

  it('stamps the files as they were before the boot read them: an edit meanwhile is not stamped clean', () => {
    const user = join(place.dirs.config, 'config.json');
    writeFileSync(user, '{}');
    const before = configFingerprint(place);
    writeFileSync(user, '{"logLevel":"debug"}');
    writeEarlyStamp(place, before, []);
    expect(stampedKeys(place)).toBeUndefined();
  });

  it('never reads a config that is a FIFO or a link to /dev/zero (it would hang): such files match no stamp', () => {
    const project = join(place.projectRoot, 'loom.config.json');
    writeFileSync(project, '{}');
    writeEarlyStamp(place, configFingerprint(place), []);
    expect(stampedKeys(place)).toEqual([]);
    rmSync(project);
    execFileSync('mkfifo', [project]);
    expect(JSON.parse(configFingerprint(place))).toEqual(['0.1.0', '-', '!', '-']);
    expect(stampedKeys(place)).toBeUndefined();
    rmSync(project);
    symlinkSync('/dev/zero', project);
    expect(JSON.parse(configFingerprint(place))[2]).toBe('!');
    // A stamp file that is a FIFO is no stamp either.
    rmSync(project);
    writeFileSync(project, '{}');
    rmSync(stampFile(place));
    execFileSync('mkfifo', [stampFile(place)]);
    expect(stampedKeys(place)).toBeUndefined();
  });

  it('reads a damaged or foreign stamp as none, and leaves no temporary file behind', () => {
    writeEarlyStamp(place, configFingerprint(place), ['a']);
    expect(readdirSync(join(place.dirs.cache, 'early-answers'))).toHaveLength(1);
    const valid = { v: 1, projectRoot: place.projectRoot, fingerprint: configFingerprint(place), keys: ['a'] };
    // Each differs from a valid stamp in one way only.
    for (const stamp of [{ ...valid, v: 2 }, { ...valid, projectRoot: join(root, 'other') }, { ...valid, fingerprint: 'x' }, { ...valid, keys: 'a' }, { ...valid, keys: undefined }]) {
      const text = JSON.stringify(stamp);
      writeFileSync(stampFile(place), text);
      expect({ text, keys: stampedKeys(place) }).toEqual({ text, keys: undefined });
    }
    for (const text of ['{', '']) {
      writeFileSync(stampFile(place), text);
      expect({ text, keys: stampedKeys(place) }).toEqual({ text, keys: undefined });
    }
    writeFileSync(stampFile(place), JSON.stringify(valid));
    expect(stampedKeys(place)).toEqual(['a']);
    // Keys that are not strings are not keys.
    writeFileSync(stampFile(place), JSON.stringify({ ...valid, keys: ['a', 3, null, 'b.c'] }));
    expect(stampedKeys(place)).toEqual(['a', 'b.c']);
  });

  it('gives up quietly where the stamp cannot be written, and leaves no temporary file', () => {
    // The stamp's place is a folder: the temporary file is written, the rename fails.
    mkdirSync(stampFile(place), { recursive: true });
    expect(() => writeEarlyStamp(place, configFingerprint(place), ['a'])).not.toThrow();
    expect(readdirSync(join(place.dirs.cache, 'early-answers'))).toEqual([stampFile(place).split('/').at(-1)]);
    expect(stampedKeys(place)).toBeUndefined();
    // The cache folder is a file: nothing can be written at all.
    writeFileSync(join(root, 'cache-file'), '');
    const blocked = { ...place, dirs: { ...place.dirs, cache: join(root, 'cache-file') } };
    expect(() => writeEarlyStamp(blocked, configFingerprint(blocked), ['a'])).not.toThrow();
    expect(stampedKeys(blocked)).toBeUndefined();
  });

  it('counts LOOM_* variables as settings, except oclif\'s folders', () => {
    expect(hasLoomSettings({ LOOM_CONFIG_DIR: 'a', LOOM_DATA_DIR: 'b', LOOM_CACHE_DIR: 'c', HOME: '/' })).toBe(false);
    expect(hasLoomSettings({ LOOM_SECURITY__ON_SECRET: 'block' })).toBe(true);
  });
});
