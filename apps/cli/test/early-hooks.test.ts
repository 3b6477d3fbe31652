import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const manifest = new URL('../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { earlyHooks: Record<string, string[]>; oclif: { plugins: string[] } };
const require = createRequire(manifest);

/** A bundled plugin's definition, from its package's `loom` entry, as the kernel loads it. */
async function definitionOf(name: string): Promise<{ name: string; hooks?: Record<string, unknown> } | undefined> {
  const file = require.resolve(`${name}/package.json`);
  const { loom } = JSON.parse(readFileSync(file, 'utf8')) as { loom?: string };
  return loom === undefined ? undefined : ((await import(pathToFileURL(join(dirname(file), loom)).href)) as { default: { name: string; hooks?: Record<string, unknown> } }).default;
}

describe('the CLI\'s early hooks', () => {
  it('list, for each event an early answer emits, exactly the bundled plugins whose manifest hooks it', async () => {
    const definitions = (await Promise.all(pkg.oclif.plugins.filter((name) => name.startsWith('@loomkit/')).map(definitionOf))).filter((definition) => definition !== undefined);
    expect(definitions.map((definition) => definition.name)).toEqual(expect.arrayContaining(['mcp', 'mega-query', 'metrics', 'session']));
    expect(Object.keys(pkg.earlyHooks)).toEqual(expect.arrayContaining(['mega-query:finished', 'mega-query:report']));
    for (const [event, modules] of Object.entries(pkg.earlyHooks)) {
      const hooking = definitions.filter((definition) => typeof definition.hooks?.[event] === 'function').map((definition) => definition.name);
      const listed: string[] = [];
      for (const specifier of modules) {
        const module = (await import(pathToFileURL(require.resolve(specifier)).href)) as { plugin: string; hooks: Record<string, unknown> };
        expect({ specifier, event, handler: typeof module.hooks[event] }).toEqual({ specifier, event, handler: 'function' });
        listed.push(module.plugin);
      }
      expect({ event, plugins: listed.sort() }).toEqual({ event, plugins: hooking.sort() });
    }
  });
});
