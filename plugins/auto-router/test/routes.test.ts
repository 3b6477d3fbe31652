import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRouter, readRoutes } from '../src/index.js';
import { environmentOf, firstPartySources, HELLO, sourceAt, tempDir, writePlugin } from './support/installed.js';

const greetCommand = { id: 'greet', args: { person: { name: 'person', description: 'who to greet', required: true } }, flags: {} } as never;

describe('reading routes from installed packages', () => {
  it('reads every first-party route and a third party\'s, naming the plugin each comes from', async () => {
    const { routes, problems } = await readRoutes([...firstPartySources(), sourceAt(HELLO, false)]);
    expect(problems).toEqual([]);
    const byCommand = new Map(routes.map((route) => [route.command, route.plugin]));
    expect(byCommand.get('hello')).toBe('hello');
    expect(byCommand.get('session export')).toBe('session');
    expect(byCommand.get('query mega')).toBe('mega-query');
    // The CLI's own commands come from its loom.routes.json.
    expect(byCommand.get('doctor')).toBe('loomkit');
  });

  it('reads loom.routes.json instead of importing the plugin when a package ships one', async () => {
    const root = writePlugin(join(tempDir(), 'p'), { name: 'loom-plugin-file', routes: [] });
    writeFileSync(join(root, 'plugin.js'), 'throw new Error("imported")\n');
    writeFileSync(join(root, 'loom.routes.json'), JSON.stringify([{ command: 'greet', summary: 'Greet', examples: ['greet Ada'] }]));
    const { routes, problems } = await readRoutes([sourceAt(root, false)]);
    expect(problems).toEqual([]);
    expect(routes).toEqual([{ command: 'greet', summary: 'Greet', examples: ['greet Ada'], args: {}, plugin: 'loom-plugin-file' }]);
  });

  it('a malformed route in a third-party manifest drops that plugin\'s routes with one problem; the rest keep routing', async () => {
    const bad = writePlugin(join(tempDir(), 'bad'), {
      name: 'loom-plugin-bad',
      routes: [{ command: 'greet', summary: 'Greet', examples: ['greet Ada'] }, { command: 'wave', summary: 'Wave', examples: [] }],
      commands: { greet: greetCommand },
    });
    const sources = [...firstPartySources(), sourceAt(bad, false)];
    const loaded = await loadRouter(environmentOf(sources));
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ code: 'AUTO_ROUTES_INVALID', plugin: 'loom-plugin-bad', message: expect.stringContaining('routes.1.examples') });
    expect(loaded.router.data.routes.map((route) => route.command)).not.toContain('greet');
    expect(loaded.router.route('export the auth-fix session as markdown').command).toBe('session export');
  });

  it('a plugin whose entry cannot be imported is one problem, not a crash', async () => {
    const root = writePlugin(join(tempDir(), 'broken'), { name: 'loom-plugin-broken', routes: [] });
    writeFileSync(join(root, 'plugin.js'), 'export default {;\n');
    const { problems } = await readRoutes([sourceAt(root, false), sourceAt(HELLO, false)]);
    expect(problems.map((problem) => [problem.code, problem.plugin])).toEqual([['AUTO_ROUTES_UNREADABLE', 'loom-plugin-broken']]);
  });
});
