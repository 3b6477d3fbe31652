import { describe, expect, it } from 'vitest';
import { createToken, tokenName } from '../src/tokens.js';

describe('createToken', () => {
  it('returns the global symbol of its name, so two module copies share it', () => {
    const token = createToken<string>('test.tokens.same');
    expect(token).toBe(Symbol.for('test.tokens.same'));
    expect(createToken<number>('test.tokens.same')).toBe(token);
  });

  it('gives different names different tokens', () => {
    expect(createToken('test.tokens.a')).not.toBe(createToken('test.tokens.b'));
  });

  it.each(['loom.session.store', 'a.b', 'my-plugin.cache-2', 'x1.y2.z3'])('accepts %s', (name) => {
    expect(tokenName(createToken(name))).toBe(name);
  });

  it.each([
    ['no dot', 'session'],
    ['upper case', 'Loom.session'],
    ['leading digit', '1loom.session'],
    ['segment with a leading digit', 'loom.1session'],
    ['empty segment', 'loom..session'],
    ['trailing dot', 'loom.session.'],
    ['underscore', 'loom.session_store'],
    ['empty', ''],
    ['surrounding text', 'x loom.session y'],
  ])('rejects a name with %s', (_, name) => {
    expect(() => createToken(name)).toThrow(TypeError);
    expect(() => createToken(name)).toThrow(`token name "${name}" must be dotted lower-case`);
  });
});

describe('tokenName', () => {
  it('names a registered token by its key', () => {
    expect(tokenName(Symbol.for('some.key'))).toBe('some.key');
  });

  it('falls back to the description of a local symbol', () => {
    expect(tokenName(Symbol('local thing'))).toBe('local thing');
  });

  it('calls a symbol without a description anonymous', () => {
    expect(tokenName(Symbol())).toBe('anonymous-token');
  });
});
