import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoomError, LoomError, manifestSchema } from '@loomkit/kernel';
import { ROUTES_FILE } from '../cache/index.js';
import type { RouteEntry } from '../types.js';

export { ROUTES_FILE };

/** An installed package that may carry routes: an oclif plugin, the CLI itself included. */
export interface RouteSource {
  /** The npm package name. */
  name: string;
  version: string;
  root: string;
  /** The `loom` field of package.json: the module whose default export is the plugin. */
  entry?: string | undefined;
  /** Bundled with Loom; a bundled plugin's bad route is a bug, a third party's only disables its routes. */
  firstParty: boolean;
}


const routesSchema = manifestSchema.shape.routes;

export interface ReadRoutes {
  routes: RouteEntry[];
  /** One per package whose routes were left out, naming the package and the bad field. */
  problems: LoomError[];
}

/**
 * Every route of every source: from `loom.routes.json` when the package ships one (no
 * code is imported), else from its plugin's `routes`. A package whose routes do not match
 * the contract loses its routes, with one problem naming it; the others keep routing.
 * Later commands with the same id (a plugin overriding another) replace earlier ones.
 */
export async function readRoutes(sources: readonly RouteSource[]): Promise<ReadRoutes> {
  const byCommand = new Map<string, RouteEntry>();
  const problems: LoomError[] = [];
  for (const source of sources) {
    try {
      const found = await routesOf(source);
      if (!found) continue;
      const parsed = routesSchema.safeParse(found.routes);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new LoomError('AUTO_ROUTES_INVALID', `${source.name}: routes.${issue.path.map(String).join('.')}: ${issue.message}`, {
          hint: 'its commands still run, but `loom auto` leaves them out until the plugin is fixed',
          plugin: source.name,
        });
      }
      for (const route of parsed.data) byCommand.set(route.command, { ...route, plugin: found.plugin });
    } catch (error) {
      problems.push(asLoomError(error, source.name));
    }
  }
  return { routes: [...byCommand.values()], problems };
}

async function routesOf(source: RouteSource): Promise<{ plugin: string; routes: unknown } | undefined> {
  const file = join(source.root, ROUTES_FILE);
  if (existsSync(file)) return { plugin: source.name, routes: JSON.parse(readFileSync(file, 'utf8')) };
  if (!source.entry) return undefined;
  const module = (await import(pathToFileURL(join(source.root, source.entry)).href)) as { default?: { name?: unknown; routes?: unknown } };
  const plugin = module.default;
  if (!plugin || plugin.routes === undefined) return undefined;
  return { plugin: typeof plugin.name === 'string' ? plugin.name : source.name, routes: plugin.routes };
}

function asLoomError(error: unknown, name: string): LoomError {
  if (isLoomError(error)) return error;
  return new LoomError('AUTO_ROUTES_UNREADABLE', `${name}: its routes could not be read: ${(error as Error)?.message ?? String(error)}`, {
    hint: 'its commands still run; reinstall the plugin if this persists',
    plugin: name,
  });
}
