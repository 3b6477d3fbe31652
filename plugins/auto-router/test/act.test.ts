import { describe, expect, it } from 'vitest';
import { nextStep, onlyReads } from '../src/act.js';
import type { Band, Decision } from '../src/index.js';

const decision = (band: Band, missing: Decision['missing'] = []): Decision => ({
  text: 'export the auth-fix session as markdown',
  command: band === 'none' ? 'none' : 'session export',
  argv: ['auth-fix', '--format', 'md'],
  args: { session: 'auth-fix', format: 'md' },
  missing,
  confidence: 0.5,
  band,
  alternatives: [{ command: 'session show', confidence: 0.2 }, { command: 'session list', confidence: 0.1 }],
  why: ['export'],
});
const context = { bin: 'loom', terminal: false, yes: false, reads: false };

describe('what loom auto does with a decision (the --yes rule)', () => {
  it('run band: runs with --yes; on a terminal runs a read-only command at once and asks for others', () => {
    expect(nextStep(decision('run'), { ...context, yes: true }).kind).toBe('run');
    expect(nextStep(decision('run'), { ...context, terminal: true, reads: true }).kind).toBe('run');
    expect(nextStep(decision('run'), { ...context, terminal: true }).kind).toBe('confirm');
  });

  it('never runs without --yes when there is no terminal, even a read-only command', () => {
    for (const reads of [false, true]) {
      const step = nextStep(decision('run'), { ...context, reads });
      expect(step).toMatchObject({ kind: 'refuse', error: { code: 'AUTO_CONFIRM_REQUIRED', hint: expect.stringContaining('--yes') } });
    }
  });

  it('confirm band: asks on a terminal even for a read-only command, runs with --yes', () => {
    expect(nextStep(decision('confirm'), { ...context, terminal: true, reads: true }).kind).toBe('confirm');
    expect(nextStep(decision('confirm'), { ...context, yes: true }).kind).toBe('run');
    expect(nextStep(decision('confirm'), context)).toMatchObject({ kind: 'refuse', error: { code: 'AUTO_CONFIRM_REQUIRED' } });
  });

  it('choose band: offers the top 3 on a terminal; without one names them, --yes or not', () => {
    expect(nextStep(decision('choose'), { ...context, terminal: true }).kind).toBe('choose');
    const step = nextStep(decision('choose'), { ...context, yes: true });
    expect(step).toMatchObject({ kind: 'refuse', error: { code: 'AUTO_UNSURE', message: expect.stringContaining('session export, session show, session list') } });
  });

  it('none band: an error naming the closest commands, or the fallback command when one is given', () => {
    expect(nextStep(decision('none'), { ...context, terminal: true, yes: true })).toMatchObject({ kind: 'refuse', error: { code: 'AUTO_NO_MATCH', hint: expect.stringContaining('loom session show') } });
    expect(nextStep(decision('none'), { ...context, fallback: 'ask' })).toEqual({ kind: 'fallback', command: 'ask' });
    expect(nextStep(decision('confirm'), { ...context, fallback: 'ask', yes: true })).toEqual({ kind: 'fallback', command: 'ask' });
  });

  it('a missing required argument is asked for on a terminal, else named in one line', () => {
    const missing = [{ name: 'session', description: 'id, id prefix or name' }];
    expect(nextStep(decision('run', missing), { ...context, terminal: true, yes: true }).kind).toBe('ask-arguments');
    expect(nextStep(decision('run', missing), { ...context, yes: true })).toMatchObject({ kind: 'refuse', error: { code: 'AUTO_ARGUMENT_MISSING', message: expect.stringContaining('<session> (id, id prefix or name)') } });
  });

  it('reads only when the summary says it shows or lists', () => {
    expect(onlyReads({ plugin: 's', command: 'session list', summary: 'List sessions', examples: ['x'], args: {} })).toBe(true);
    expect(onlyReads({ plugin: 's', command: 'session end', summary: 'End the active session', examples: ['x'], args: {} })).toBe(false);
  });
});
