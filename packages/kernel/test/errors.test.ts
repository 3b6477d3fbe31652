import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoomError, isLoomError, toLoomError } from '../src/errors.js';

describe('LoomError', () => {
  it('carries code, message, hint, plugin and exit code', () => {
    const error = new LoomError('SOME_CODE', 'what happened', { hint: 'what to do', plugin: 'session', exitCode: 3 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LoomError');
    expect(error.code).toBe('SOME_CODE');
    expect(error.message).toBe('what happened');
    expect(error.hint).toBe('what to do');
    expect(error.plugin).toBe('session');
    expect(error.exitCode).toBe(3);
  });

  it('defaults to exit code 1 and no hint, plugin or cause', () => {
    const error = new LoomError('X', 'm');
    expect(error.exitCode).toBe(1);
    expect(error.hint).toBeUndefined();
    expect(error.plugin).toBeUndefined();
    // No `cause` property at all rather than `cause: undefined`, so Node prints no empty cause.
    expect('cause' in error).toBe(false);
  });

  it('keeps the cause it is given', () => {
    const cause = new Error('root');
    expect(new LoomError('X', 'm', { cause }).cause).toBe(cause);
  });

  it('serialises to code, message, hint and plugin only', () => {
    const error = new LoomError('X', 'm', { hint: 'h', plugin: 'p', cause: new Error('secret'), exitCode: 4 });
    expect(error.toJSON()).toEqual({ code: 'X', message: 'm', hint: 'h', plugin: 'p' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'X', message: 'm', hint: 'h', plugin: 'p' });
  });
});

describe('isLoomError', () => {
  it('recognises a LoomError', () => {
    expect(isLoomError(new LoomError('X', 'm'))).toBe(true);
  });

  it('recognises an error from another copy of the module by its brand', () => {
    const foreign = Object.assign(new Error('from elsewhere'), { $brand: 'loom.error', code: 'FOREIGN' });
    expect(isLoomError(foreign)).toBe(true);
    expect(isLoomError({ $brand: 'loom.error', code: 'PLAIN_OBJECT' })).toBe(true);
  });

  it('rejects values without the brand or without a string code', () => {
    expect(isLoomError(new Error('plain'))).toBe(false);
    expect(isLoomError({ code: 'X' })).toBe(false);
    expect(isLoomError({ $brand: 'other.error', code: 'X' })).toBe(false);
    expect(isLoomError({ $brand: 'loom.error' })).toBe(false);
    expect(isLoomError({ $brand: 'loom.error', code: 42 })).toBe(false);
    expect(isLoomError(null)).toBe(false);
    expect(isLoomError(undefined)).toBe(false);
    expect(isLoomError('loom.error')).toBe(false);
    expect(isLoomError(Object.assign(() => undefined, { $brand: 'loom.error', code: 'X' }))).toBe(false);
  });
});

describe('toLoomError', () => {
  it('returns a LoomError unchanged', () => {
    const error = new LoomError('KEEP', 'm', { hint: 'h' });
    expect(toLoomError(error, 'OTHER', 'other hint')).toBe(error);
  });

  it('wraps an Error, keeping its message and the original as cause', () => {
    const original = new TypeError('bad type');
    const wrapped = toLoomError(original);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('bad type');
    expect(wrapped.cause).toBe(original);
    expect(wrapped.hint).toBeUndefined();
    expect(isLoomError(wrapped)).toBe(true);
  });

  it('uses the given code and hint', () => {
    const wrapped = toLoomError(new Error('x'), 'PLUGIN_SETUP_FAILED', 'report it');
    expect(wrapped.code).toBe('PLUGIN_SETUP_FAILED');
    expect(wrapped.hint).toBe('report it');
  });

  it('makes Node\'s error about a file or folder FS_<code> naming the path, unless the caller gives a code or a hint', () => {
    const missing = join(tmpdir(), `loom-no-such-${process.pid}`, 'file.txt');
    const failure = (() => {
      try {
        readFileSync(missing);
      } catch (error) {
        return error;
      }
      throw new Error('expected a throw');
    })();
    const wrapped = toLoomError(failure);
    expect([wrapped.code, wrapped.cause]).toEqual(['FS_ENOENT', failure]);
    expect(wrapped.message).toContain(missing);
    expect(wrapped.hint).toContain(`check ${missing}`);
    expect(toLoomError(failure, 'PLUGIN_LOAD_FAILED').code).toBe('PLUGIN_LOAD_FAILED');
    expect(toLoomError(failure, 'INTERNAL', 'a hint of the caller').code).toBe('INTERNAL');
    // A code Node gives without naming a path stays what the caller says.
    expect(toLoomError(Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE', syscall: 'write' })).code).toBe('INTERNAL');
  });

  it('turns a thrown non-Error into its string', () => {
    const wrapped = toLoomError('just a string');
    expect(wrapped.message).toBe('just a string');
    expect(wrapped.cause).toBe('just a string');
    expect(toLoomError(42).message).toBe('42');
  });
});
