import { describe, expect, it } from 'vitest';
import { createCompleter } from '../src/shell/completer.js';

// Loom's own commands, oclif's plugin commands and an installed plugin's (query, session).
const IDS = ['doctor', 'init', 'config:get', 'config:set', 'config:unset', 'plugins', 'plugins:install', 'query:mega', 'session:start'];
const complete = createCompleter(() => IDS);

describe('createCompleter', () => {
  it('finishes a unique command name and steps past it', () => {
    expect(complete('/do')).toEqual([['/doctor '], '/do']);
    expect(complete('/doctor')).toEqual([['/doctor '], '/doctor']);
    expect(complete('/qu')).toEqual([['/query '], '/qu']);
  });

  it('completes the built-ins /help and /exit', () => {
    expect(complete('/he')).toEqual([['/help '], '/he']);
    expect(complete('/ex')).toEqual([['/exit '], '/ex']);
  });

  it('offers every command on an empty line or a lone slash', () => {
    const all = ['/config', '/doctor', '/exit', '/help', '/init', '/plugins', '/query', '/session'];
    expect(complete('')).toEqual([all, '']);
    expect(complete('/')).toEqual([all, '/']);
  });

  it('completes subcommand words, installed plugins included', () => {
    expect(complete('/config ')).toEqual([['get', 'set', 'unset'], '']);
    expect(complete('/config s')).toEqual([['set '], 's']);
    expect(complete('/query m')).toEqual([['mega '], 'm']);
    expect(complete('/session ')).toEqual([['start '], '']);
    expect(complete('/plugins in')).toEqual([['install '], 'in']);
  });

  it('completes neither arguments, unknown words nor plain text', () => {
    expect(complete('/doctor --js')).toEqual([[], '--js']);
    expect(complete('/query mega wh')).toEqual([[], 'wh']);
    expect(complete('/zzz')).toEqual([[], '/zzz']);
    expect(complete('what is')).toEqual([[], 'what is']);
  });

  it('reads the command list on every call, so newly installed commands complete', () => {
    const ids = ['doctor'];
    const live = createCompleter(() => ids);
    expect(live('/au')).toEqual([[], '/au']);
    ids.push('auto');
    expect(live('/au')).toEqual([['/auto '], '/au']);
  });
});
