import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorJson, normalizeError, renderError, USAGE_EXIT } from '../src/command/render-error.js';
import { LoomError } from '../src/errors.js';

const INTERNAL_HINT = 'this is a bug in Loom or a plugin; run again with --verbose and report it';

/** An error shaped like oclif's CLIError: a message and `oclif.exit`. */
function oclifError(message: string, exit?: number): Error & { oclif?: { exit?: number } } {
  return Object.assign(new Error(message), exit === undefined ? {} : { oclif: { exit } });
}

describe('normalizeError', () => {
  it('returns a LoomError as it is', () => {
    const error = new LoomError('SESSION_MISSING', 'no session', { hint: 'start one', exitCode: 4 });
    expect(normalizeError(error, 'session:end')).toBe(error);
  });

  it('returns a LoomError of another copy of the kernel (recognised by its brand) as it is', () => {
    const foreign = { $brand: 'loom.error', code: 'FOREIGN', message: 'from a plugin', exitCode: 5 };
    expect(normalizeError(foreign)).toBe(foreign);
  });

  it('turns oclif’s “command not found” into COMMAND_NOT_FOUND, exit 2, whatever the case', () => {
    for (const message of ['command nope not found', 'Command session:nope Not Found\nDid you mean session?']) {
      const cause = new Error(message);
      const error = normalizeError(cause, 'session:nope');
      expect(error).toBeInstanceOf(LoomError);
      expect(error.code).toBe('COMMAND_NOT_FOUND');
      expect(error.message).toBe(message.replace('\n', ' '));
      expect(error.hint).toBe('run `loom --help` to list the commands');
      expect(error.exitCode).toBe(2);
      expect(error.cause).toBe(cause);
    }
  });

  it('needs a word between “command” and “not found” to call it COMMAND_NOT_FOUND', () => {
    expect(normalizeError(new Error('command not found')).code).toBe('INTERNAL');
  });

  it('turns an oclif error with exit 2 into USAGE, exit 2, with the first line of its message', () => {
    const cause = oclifError('\n  Flag --model expects a value  \n\nSee more help with --help', 2);
    const error = normalizeError(cause, 'llm:ask');
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe('Flag --model expects a value');
    expect(error.exitCode).toBe(USAGE_EXIT);
    expect(USAGE_EXIT).toBe(2);
    expect(error.cause).toBe(cause);
  });

  it('names the command, with spaces for colons, in the USAGE hint', () => {
    expect(normalizeError(oclifError('bad', 2), 'plugins:link:dev').hint).toBe('run `loom plugins link dev --help` to see what it takes');
    expect(normalizeError(oclifError('bad', 2), 'doctor').hint).toBe('run `loom doctor --help` to see what it takes');
  });

  it('points to the top-level help when it does not know the command', () => {
    expect(normalizeError(oclifError('bad', 2)).hint).toBe('run `loom --help` to see what it takes');
    expect(normalizeError(oclifError('bad', 2), '').hint).toBe('run `loom --help` to see what it takes');
  });

  it.each(['Missing 1 required arg:\nname', 'Unexpected argument: b', 'Nonexistent flag: --nope', 'Expected --n=integer'])(
    'recognises the parse error “%s” by its wording even without an exit code',
    (message) => {
      const error = normalizeError(oclifError(message), 'probe');
      expect(error.code).toBe('USAGE');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(message.replace('\n', ' '));
      expect(error.hint).toBe('run `loom probe --help` to see what it takes');
    },
  );

  it('keeps every line of a multi-line usage error on one line, without the help pointer', () => {
    const error = normalizeError(oclifError('Missing 1 required arg:\nkey  Dotted key, e.g. logLevel\nSee more help with --help', 2), 'config:get');
    expect(error.message).toBe('Missing 1 required arg: key Dotted key, e.g. logLevel');
    expect(error.hint).toBe('run `loom config get --help` to see what it takes');
  });

  it('recognises that wording only at the start of the message', () => {
    expect(normalizeError(oclifError('Flag is Missing')).code).toBe('INTERNAL');
    expect(normalizeError(oclifError('missing lower-case')).code).toBe('INTERNAL');
  });

  it('turns what a flag\'s own parse threw, as oclif rewrites it, into one USAGE line naming the flag', () => {
    const plain = new Error('Parsing --max-cost \n\tnot a number\nSee more help with --help');
    const error = normalizeError(plain, 'query:mega');
    expect(error).toMatchObject({ code: 'USAGE', message: '--max-cost: not a number', hint: 'run `loom query mega --help` to see what it takes', exitCode: 2 });
  });

  it('keeps the reason as it is when it names the flag, and the hint of a LoomError thrown by the parse', () => {
    const thrown = new LoomError('USAGE', 'Parsing --max-cost \n\t--max-cost takes dollars\nSee more help with --help', { hint: 'write --max-cost 0.50' });
    expect(normalizeError(thrown)).toMatchObject({ code: 'USAGE', message: '--max-cost takes dollars', hint: 'write --max-cost 0.50', exitCode: 2 });
  });

  it('reads the flag and its reason however oclif spaced them, trimmed, and gives the help hint when the parse gave none', () => {
    expect(normalizeError(new Error('Parsing --depth\n\t  not a whole number  \nSee more help with --help'), 'query')).toMatchObject({
      code: 'USAGE',
      message: '--depth: not a whole number',
      hint: 'run `loom query --help` to see what it takes',
    });
    expect(normalizeError(new LoomError('USAGE', 'Parsing --depth \n\t--depth wants a number  '), 'query')).toMatchObject({ message: '--depth wants a number', hint: 'run `loom query --help` to see what it takes' });
  });

  it('takes a message as a flag error only when it starts with oclif’s wording', () => {
    expect(normalizeError(new Error('while Parsing --depth \n\tbad')).code).toBe('INTERNAL');
  });

  it('drops only the lines that start with a help pointer, keeping one that merely mentions it', () => {
    const error = normalizeError(oclifError('Missing 1 required arg:\nfield  The Note: field\nNote: run it again', 2));
    expect(error.message).toBe('Missing 1 required arg: field The Note: field');
  });

  it('takes the first line with words in it as the message of an internal error', () => {
    expect(normalizeError(new Error('\n   \n  the real failure  \nat somewhere')).message).toBe('the real failure');
  });

  it('treats an oclif error with another exit code as INTERNAL', () => {
    const error = normalizeError(oclifError('it broke', 1), 'doctor');
    expect(error.code).toBe('INTERNAL');
    expect(error.exitCode).toBe(1);
  });

  it('turns anything else into INTERNAL, exit 1, with a hint to report it', () => {
    const cause = new TypeError('cannot read x of undefined\n    at somewhere');
    const error = normalizeError(cause, 'doctor');
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('cannot read x of undefined');
    expect(error.hint).toBe(INTERNAL_HINT);
    expect(error.exitCode).toBe(1);
    expect(error.cause).toBe(cause);
  });

  it('turns Node\'s error about a file or folder into FS_<code>, naming the path and where Loom\'s folders are set', () => {
    let thrown: unknown;
    try {
      mkdirSync(join(tmpdir(), 'loom-no-such-parent', 'child'));
    } catch (error) {
      thrown = error;
    }
    const error = normalizeError(thrown, 'metrics:budget:set');
    expect(error.code).toBe('FS_ENOENT');
    expect(error.message).toBe(`ENOENT: no such file or directory, mkdir '${join(tmpdir(), 'loom-no-such-parent', 'child')}'`);
    expect(error.hint).toBe(`check ${join(tmpdir(), 'loom-no-such-parent', 'child')} and its permissions; Loom's own folders are set by LOOM_CONFIG_DIR, LOOM_DATA_DIR and LOOM_CACHE_DIR`);
    expect(error.exitCode).toBe(1);
    expect(error.cause).toBe(thrown);
    // The others it names the same way: a folder under a file, a folder that is there.
    const failing = (make: () => void): unknown => {
      try {
        make();
      } catch (caught) {
        return caught;
      }
      return undefined;
    };
    expect(normalizeError(failing(() => mkdirSync(join(import.meta.filename, 'below')))).code).toBe('FS_ENOTDIR');
    expect(normalizeError(failing(() => mkdirSync(tmpdir()))).code).toBe('FS_EEXIST');
    // A code without a path, or a path without a file-system code, is still a bug to report.
    expect(normalizeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', syscall: 'read', path: '/x' })).code).toBe('INTERNAL');
    expect(normalizeError(Object.assign(new Error('gone'), { code: 'ENOENT' })).code).toBe('INTERNAL');
    expect(normalizeError(Object.assign(new Error('gone'), { code: 'ENOENT', path: '/x' })).code).toBe('INTERNAL');
    expect(normalizeError(Object.assign(new Error('gone'), { code: 'ENOENT', syscall: 'open' })).code).toBe('INTERNAL');
  });

  it('turns thrown values that are not errors into INTERNAL too', () => {
    expect(normalizeError('plain string').message).toBe('plain string');
    expect(normalizeError(42).message).toBe('42');
    expect(normalizeError(undefined).message).toBe('undefined');
    const fromNull = normalizeError(null);
    expect(fromNull.code).toBe('INTERNAL');
    expect(fromNull.message).toBe('null');
    expect(fromNull.cause).toBeNull();
  });

  it('keeps an all-blank message blank rather than failing', () => {
    expect(normalizeError(new Error(' \n  \n')).message).toBe('');
  });
});

describe('renderError', () => {
  it('prints `error[CODE]: message` and a hint line', () => {
    const error = new LoomError('CONFIG_INVALID', 'loom.config.json: logLevel: bad', { hint: 'run `loom config set logLevel <value>`' });
    expect(renderError(error)).toBe('error[CONFIG_INVALID]: loom.config.json: logLevel: bad\nhint: run `loom config set logLevel <value>`');
  });

  it('prints one line when there is no hint', () => {
    expect(renderError(new LoomError('X', 'what happened'))).toBe('error[X]: what happened');
  });

  it('leaves stacks out unless verbose', () => {
    const error = new LoomError('X', 'm', { hint: 'h', cause: new Error('root') });
    expect(renderError(error, false)).toBe('error[X]: m\nhint: h');
  });

  it('adds the stack of the error and of each cause when verbose, up to one that is not an Error', () => {
    const root = new Error('root cause');
    const middle = new Error('middle', { cause: root });
    const error = new LoomError('X', 'm', { hint: 'h', cause: middle });
    expect(renderError(error, true)).toBe(['error[X]: m', 'hint: h', error.stack, middle.stack, root.stack].join('\n'));

    const odd = new LoomError('Y', 'n', { cause: { message: 'not an Error' } });
    expect(renderError(odd, true)).toBe(['error[Y]: n', odd.stack].join('\n'));
  });

  it('skips an error without a stack but still follows its cause', () => {
    const root = new Error('root');
    const stackless = new Error('no stack', { cause: root });
    stackless.stack = undefined;
    const error = new LoomError('X', 'm', { cause: stackless });
    expect(renderError(error, true)).toBe(['error[X]: m', error.stack, root.stack].join('\n'));
  });

  it('prints each error of a cause cycle once instead of looping forever', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    first.cause = second;
    const error = new LoomError('X', 'm', { cause: first });
    expect(renderError(error, true)).toBe(['error[X]: m', error.stack, first.stack, second.stack].join('\n'));
  });
});

describe('errorJson', () => {
  it('wraps the error’s JSON form under `error`', () => {
    const error = new LoomError('PLUGIN_TIMEOUT', 'too slow', { hint: 'raise it', plugin: 'session', cause: new Error('hidden'), exitCode: 3 });
    expect(errorJson(error)).toEqual({ error: { code: 'PLUGIN_TIMEOUT', message: 'too slow', hint: 'raise it', plugin: 'session' } });
    expect(JSON.parse(JSON.stringify(errorJson(new LoomError('X', 'm'))))).toEqual({ error: { code: 'X', message: 'm' } });
  });
});
