// Build step: the JSON Schema of loom.config.json, generated from the zod schemas of the
// kernel and of every first-party plugin bundled in package.json's oclif.plugins.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { coreConfigSchema } from '@loomkit/kernel';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const require = createRequire(new URL('package.json', root));

const sections = {};
// First-party Loom plugins are the @loomkit/* entries; the rest are oclif's own.
for (const name of pkg.oclif.plugins.filter((plugin) => plugin.startsWith('@loomkit/'))) {
  const manifestPath = require.resolve(`${name}/package.json`);
  const { loom } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = typeof loom === 'string' ? loom : loom?.entry;
  if (!entry) continue;
  const module = await import(pathToFileURL(join(dirname(manifestPath), entry)).href);
  const plugin = module.default ?? module;
  if (plugin.config) sections[plugin.name] = z.toJSONSchema(plugin.config, { io: 'input' });
}

const schema = z.toJSONSchema(coreConfigSchema, { io: 'input' });
schema.title = 'Loom configuration (loom.config.json)';
schema.properties = { ...schema.properties, ...sections };
schema.additionalProperties = { type: 'object', description: 'The section of a plugin installed later' };
mkdirSync(new URL('schema/', root), { recursive: true });
writeFileSync(new URL('schema/loom.config.schema.json', root), `${JSON.stringify(schema, null, 2)}\n`);
