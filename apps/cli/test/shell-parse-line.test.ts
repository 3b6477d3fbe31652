import { describe, expect, it } from 'vitest';
import { commandsUnder, displayName, parseLine, resolveCommand } from '../src/shell/parse-line.js';

const IDS = ['doctor', 'config:get', 'config:set', 'plugins', 'plugins:install', 'query:mega', 'session:start'];

describe('parseLine', () => {
  it('splits a slash command into words, honouring quotes and escapes', () => {
    expect(parseLine('/query mega "what is x"')).toEqual({ kind: 'command', words: ['query', 'mega', 'what is x'] });
    expect(parseLine(`/auto 'fix it' now`)).toEqual({ kind: 'command', words: ['auto', 'fix it', 'now'] });
    expect(parseLine('/query a\\ b "say \\"hi\\""')).toEqual({ kind: 'command', words: ['query', 'a b', 'say "hi"'] });
    expect(parseLine('  /doctor   --json  ')).toEqual({ kind: 'command', words: ['doctor', '--json'] });
    expect(parseLine('/config set --set=a="b c" x ""')).toEqual({ kind: 'command', words: ['config', 'set', '--set=a=b c', 'x', ''] });
  });

  it('keeps shell syntax that means nothing here as plain words', () => {
    expect(parseLine('/auto fix #12 && test $HOME *.ts')).toEqual({
      kind: 'command',
      words: ['auto', 'fix', '#12', '&&', 'test', '$HOME', '*.ts'],
    });
  });

  it('reports an unclosed quote or a trailing backslash instead of guessing', () => {
    expect(parseLine(`/query what's up`)).toMatchObject({ kind: 'invalid', message: 'a quote is not closed' });
    expect(parseLine('/query "open')).toMatchObject({ kind: 'invalid', message: 'a quote is not closed' });
    expect(parseLine('/query x\\')).toMatchObject({ kind: 'invalid', message: 'the line ends with a lone backslash' });
  });

  it('tells blank lines and plain text (kept verbatim) from commands', () => {
    expect(parseLine('')).toEqual({ kind: 'empty' });
    expect(parseLine('   \t ')).toEqual({ kind: 'empty' });
    expect(parseLine(`  what's in "this" repo?  `)).toEqual({ kind: 'text', text: `what's in "this" repo?` });
    expect(parseLine('/')).toEqual({ kind: 'command', words: [] });
  });
});

describe('resolveCommand', () => {
  it('takes the longest run of leading words that is a command id; the rest is argv', () => {
    expect(resolveCommand(['config', 'get', 'logLevel'], IDS)).toEqual({ id: 'config:get', argv: ['logLevel'] });
    expect(resolveCommand(['plugins', 'install', 'x'], IDS)).toEqual({ id: 'plugins:install', argv: ['x'] });
    expect(resolveCommand(['plugins', 'nope'], IDS)).toEqual({ id: 'plugins', argv: ['nope'] });
    expect(resolveCommand(['query', 'mega', 'what is x'], new Set(IDS))).toEqual({ id: 'query:mega', argv: ['what is x'] });
    expect(resolveCommand(['doctor', '--json'], IDS)).toEqual({ id: 'doctor', argv: ['--json'] });
  });

  it('accepts an id typed with colons, and finds nothing for a topic or an unknown word', () => {
    expect(resolveCommand(['config:get', 'k'], IDS)).toEqual({ id: 'config:get', argv: ['k'] });
    expect(resolveCommand(['config'], IDS)).toBeUndefined();
    expect(resolveCommand(['nope', 'doctor'], IDS)).toBeUndefined();
    expect(resolveCommand([], IDS)).toBeUndefined();
  });

  it('lists the commands of a topic and names ids as they are typed', () => {
    expect(commandsUnder(['config'], IDS)).toEqual(['config:get', 'config:set']);
    expect(commandsUnder(['doctor'], IDS)).toEqual([]);
    expect(displayName('config:get')).toBe('config get');
  });
});
