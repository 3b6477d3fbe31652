import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractArgs, loadRouter, type Router } from '../src/index.js';
import { environmentOf, firstPartySources, HELLO, sourceAt, tempDir } from './support/installed.js';

let withHello: Router;
let firstPartyOnly: Router;

beforeAll(async () => {
  withHello = (await loadRouter(environmentOf([...firstPartySources(), sourceAt(HELLO, false)]))).router;
  firstPartyOnly = (await loadRouter(environmentOf(firstPartySources()))).router;
});

describe('routing over installed plugins, a third party included', () => {
  it('sends "say hello to Ada" to the third-party hello command with Ada filled in', () => {
    const decision = withHello.route('say hello to Ada');
    expect(decision).toMatchObject({ command: 'hello', args: { name: 'Ada' }, argv: ['Ada'] });
    expect(decision.band).not.toBe('none');
  });

  it('never sends it to hello when hello is not installed', () => {
    expect(firstPartyOnly.route('say hello to Ada').command).not.toBe('hello');
  });

  it('picks session export with the id and the format, and says which words decided', () => {
    const decision = withHello.route('export the auth-fix session as markdown');
    expect(decision).toMatchObject({ command: 'session export', argv: ['auth-fix', '--format', 'md'], band: 'run' });
    expect(decision.why).toContain('export');
    expect(decision.alternatives.map((entry) => entry.command)).not.toContain('session export');
  });

  it('answers none for what nothing installed does, with the closest commands', () => {
    for (const text of ['book me a table for four tonight', 'what is the tallest mountain in Africa']) {
      const decision = withHello.route(text);
      expect(decision.command, text).toBe('none');
      expect(decision.band).toBe('none');
      expect(decision.alternatives).toHaveLength(3);
    }
  });

  it('puts a question about the code on query, the question as its argument', () => {
    const decision = withHello.route('where do we parse the JWT in the auth middleware');
    expect(decision.command).toBe('query');
    expect(decision.argv[0]).toBe('where do we parse the JWT in the auth middleware');
  });
});

describe('argument extraction', () => {
  const route = (command: string) => withHello.data.routes.find((entry) => entry.command === command)!;
  const extract = (command: string, text: string, cwd = process.cwd()) => extractArgs(text, route(command), withHello.data.specs[command]!, cwd);

  it('fills an id prefix', () => {
    expect(extract('session show', 'what happened in session 3fk2')).toMatchObject({ args: { session: '3fk2' }, argv: ['3fk2'], missing: [] });
  });

  it('fills a path that exists, spaces and all, and not one that does not', () => {
    const project = tempDir();
    mkdirSync(join(project, 'old notes', 'drafts'), { recursive: true });
    expect(extract('security scan', 'scan old notes/drafts for leaked keys', project).args.paths).toBe('old notes/drafts');
    expect(extract('security scan', 'scan other stuff/drafts for leaked keys', project).args.paths).toBeUndefined();
  });

  it('takes quoted text as the text argument', () => {
    expect(extract('session search', 'search sessions in all projects for "rate limit"').args).toEqual({ text: 'rate limit', 'all-projects': true });
    expect(extract('session search', 'search my sessions for "rate limit"').args).toEqual({ text: 'rate limit' });
  });

  it('turns durations and numbers into flag values', () => {
    const { args, argv } = extract('session cleanup', 'archive sessions older than 30 days but keep my 5 latest, dry run first');
    expect(args).toEqual({ 'older-than': '30d', keep: '5', 'dry-run': true });
    expect(argv).toEqual(['--older-than', '30d', '--keep', '5', '--dry-run']);
    expect(extract('session cleanup', 'clean up sessions idle for 2 weeks').args['older-than']).toBe('2w');
  });

  it('maps a spelled-out format to the option value and a flag from its description', () => {
    expect(extract('session export', 'write session 8a1c out as json').args).toEqual({ session: '8a1c', format: 'json' });
    expect(extract('session end', 'end this session and archive it').argv).toEqual(['--archive']);
  });

  it('maps a period said as an adjective to its option ("daily" → day)', () => {
    const budget = { args: { per: 'the period: day, week or month', usd: 'the budget in US dollars' } };
    const spec = { args: [{ name: 'usd', required: true, description: 'the budget in US dollars' }], flags: [{ name: 'per', boolean: false, required: false, options: ['day', 'week', 'month'], description: 'the period' }] };
    expect(extractArgs('set a daily budget of 5 dollars', budget, spec, process.cwd()).argv).toEqual(['5', '--per', 'day']);
    expect(extractArgs('cap my weekly spend at 20 dollars', budget, spec, process.cwd()).argv).toEqual(['20', '--per', 'week']);
  });

  it('sends a name after "to" to the argument about names', () => {
    // `session rename [first] [name]`: with two arguments the first is the session.
    expect(extract('session rename', 'rename session 3fk2 to auth-fix').args).toEqual({ first: '3fk2', name: 'auth-fix' });
  });

  it('names a required argument it cannot fill', () => {
    // `session export` defaults to the active session; `session import` cannot do without its file.
    expect(extract('session export', 'export the session as markdown')).toMatchObject({ missing: [], argv: ['--format', 'md'] });
    expect(extract('session import', 'bring in my old conversation').missing).toEqual([{ name: 'file', description: 'the transcript (.jsonl) or export (.json)' }]);
  });
});
