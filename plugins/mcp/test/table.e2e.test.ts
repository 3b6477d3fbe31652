/**
 * The tool table cached on disk: `loom mcp serve` (the built CLI, as Claude Code starts it)
 * answers tools/list from it, and never when what it was built from changed — a plugin's
 * routes, a plugin linked or unlinked, the project's config. Needs `pnpm build` first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, linkHelloCopy, requireBuild, type Project } from './support/project.js';

interface Tool {
  name: string;
  title?: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
}

describe('the tool table behind tools/list', () => {
  let project: Project;
  /** A copy of the example third-party plugin, linked instead of it, that the tests edit. */
  let plugin: string;
  const tableDir = () => join(project.env.LOOM_CACHE_DIR!, 'mcp');
  const tableFile = () => join(tableDir(), readdirSync(tableDir()).find((name) => name.startsWith('tools-'))!);

  /** The first tools/list of a fresh server, then (with `changed`) the list after it said its list changed. */
  async function start(options: { changed?: boolean } = {}): Promise<{ first: Tool[]; after?: Tool[] }> {
    let said: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (said = resolve));
    const { client } = await project.connect({}, (client) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => said()));
    try {
      const first = (await client.listTools()).tools as Tool[];
      if (!options.changed) return { first };
      await changed;
      return { first, after: (await client.listTools()).tools as Tool[] };
    } finally {
      await client.close();
    }
  }
  const hello = (tools: Tool[]) => tools.find((tool) => tool.name === 'hello');

  beforeAll(async () => {
    requireBuild();
    project = await createProject({ 'src/index.ts': 'export const answer = 42;\n' });
    plugin = await linkHelloCopy(project);
  }, 120_000);

  afterAll(() => project?.remove());

  let built: Tool[];

  it('is built from the kernel on the first start, core commands included with their hints', async () => {
    expect(existsSync(tableDir())).toBe(false);
    built = (await start()).first;
    expect(hello(built)?.title).toBe('Greet someone with the configured greeting.');
    const byName = new Map(built.map((tool) => [tool.name, tool]));
    for (const name of ['doctor', 'config_get', 'config_list', 'plugins']) expect(byName.get(name)?.annotations, name).toMatchObject({ readOnlyHint: true });
    for (const name of ['config_set', 'config_unset', 'trust']) expect(byName.get(name)?.annotations, name).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('init')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(byName.has('mcp_serve')).toBe(false);
    expect((JSON.parse(readFileSync(tableFile(), 'utf8')) as { tools: Tool[] }).tools).toEqual(built);
  });

  it('serves the table on the next start: the same list the kernel built', async () => {
    expect((await start()).first).toEqual(built);
  });

  it('answers from the table, then says the list changed when the kernel\'s differs, and rewrites the table', async () => {
    // The table is believed as long as its inputs are unchanged: edited here, it shows; the
    // booted kernel then disagrees, the client is told, and the list is the kernel's.
    const file = tableFile();
    writeFileSync(file, readFileSync(file, 'utf8').replace('Greet someone with the configured greeting.', 'From the table.'));
    const { first, after } = await start({ changed: true });
    expect(hello(first)?.title).toBe('From the table.');
    expect(after).toEqual(built);
    expect(readFileSync(file, 'utf8')).not.toContain('From the table.');
  });

  it('is not served once a plugin\'s routes changed', async () => {
    const entry = join(plugin, 'dist/index.js');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('Greet someone with the configured greeting.', 'Greet someone, as edited.'));
    expect(hello((await start()).first)?.title).toBe('Greet someone, as edited.');
  });

  it('is not served once a plugin is unlinked, nor once it is linked again', async () => {
    expect((await project.loom(['plugins', 'unlink', plugin])).code).toBe(0);
    expect(hello((await start()).first)).toBeUndefined();
    expect((await project.loom(['plugins', 'link', plugin, '--no-install'])).code).toBe(0);
    expect(hello((await start()).first)?.title).toBe('Greet someone, as edited.');
  });

  it('is not served once the user\'s config disables a plugin', async () => {
    // (A project's config may not: kernel.disabledPlugins weakens security until the project is trusted.)
    mkdirSync(project.env.LOOM_CONFIG_DIR!, { recursive: true });
    writeFileSync(join(project.env.LOOM_CONFIG_DIR!, 'config.json'), JSON.stringify({ kernel: { disabledPlugins: ['hello'] } }));
    expect(hello((await start()).first)).toBeUndefined();
  });
});
