import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, stderrSink, type LogLevel } from '../src/logger.js';

function capture(level?: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger(level, (at, line) => lines.push(`${at}|${line}`));
  const all = () => {
    logger.error('e');
    logger.warn('w');
    logger.info('i');
    logger.debug('d');
  };
  return { logger, lines, all };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createLogger', () => {
  it.each<[LogLevel, string[]]>([
    ['silent', []],
    ['error', ['error|e']],
    ['warn', ['error|e', 'warn|w']],
    ['info', ['error|e', 'warn|w', 'info|i']],
    ['debug', ['error|e', 'warn|w', 'info|i', 'debug|d']],
  ])('at %s writes only lines at that level or more severe', (level, expected) => {
    const { lines, all } = capture(level);
    all();
    expect(lines).toEqual(expected);
  });

  it('defaults to warn', () => {
    const { lines, all } = capture();
    all();
    expect(lines).toEqual(['error|e', 'warn|w']);
  });

  it('reads a level given as a function at every write, in children too', () => {
    let level: LogLevel = 'error';
    const lines: string[] = [];
    const logger = createLogger(() => level, (at, line) => lines.push(`${at}|${line}`));
    const child = logger.child('c');
    logger.info('before');
    child.info('before');
    level = 'info';
    logger.info('after');
    child.info('after');
    expect(lines).toEqual(['info|after', 'info|[c] after']);
  });

  it('prefixes a child’s lines with its scope, nesting scopes with a colon', () => {
    const { logger, lines } = capture('debug');
    const child = logger.child('session');
    child.info('started');
    child.child('store').debug('opened');
    logger.info('plain');
    expect(lines).toEqual(['info|[session] started', 'debug|[session:store] opened', 'info|plain']);
  });

  it('keeps the level in a child', () => {
    const { logger, lines } = capture('warn');
    logger.child('x').info('hidden');
    logger.child('x').warn('shown');
    expect(lines).toEqual(['warn|[x] shown']);
  });
});

describe('stderrSink', () => {
  it('writes to stderr, prefixing every level but info', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stderrSink('info', 'hello');
    stderrSink('warn', 'careful');
    stderrSink('error', 'broken');
    stderrSink('debug', 'detail');
    expect(write.mock.calls.map(([text]) => text)).toEqual(['hello\n', 'warn: careful\n', 'error: broken\n', 'debug: detail\n']);
  });
});
