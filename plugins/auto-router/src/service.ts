import { LoomError } from '@loomkit/kernel';
import { MODEL_FORMAT, modelPath, readCache, routesStamp, sameFingerprint, userPluginsHash, writeCache, type Fingerprint } from './cache/index.js';
import { fit } from './model/index.js';
import { trainingTexts } from './model/training.js';
import { createRouter, type Router } from './router.js';
import { readRoutes, type RouteSource } from './routes/index.js';
import type { CommandSpec } from './types.js';

export interface RouterEnvironment {
  sources: RouteSource[];
  /** oclif's manifest entry of a command id (`session export`); undefined when not installed. */
  specOf: (command: string) => CommandSpec | undefined;
  cacheDir: string;
  dataDir: string;
}

export interface LoadedRouter {
  router: Router;
  /** Packages whose routes were left out, one error each. */
  problems: LoomError[];
  /** True when the model was fitted now rather than read from the cache. */
  fitted: boolean;
}

/**
 * The router for what is installed: the cached model when its fingerprint (every plugin
 * and version, the user's plugin list) still matches, else routes are read, the model is
 * fitted and cached. Problems are returned, not printed.
 */
export async function loadRouter(environment: RouterEnvironment): Promise<LoadedRouter> {
  const fingerprint: Fingerprint = {
    format: MODEL_FORMAT,
    plugins: environment.sources.map(({ name, version, root, entry }) => ({ name, version, root, stamp: routesStamp(root, entry) })),
    userPlugins: userPluginsHash(environment.dataDir),
  };
  const file = modelPath(environment.cacheDir);
  const cached = readCache(file);
  if (cached && sameFingerprint(cached.fingerprint, fingerprint)) {
    return { router: createRouter(cached.data), problems: cached.problems.map((problem) => new LoomError(problem.code, problem.message, problem)), fitted: false };
  }
  const { routes: read, problems } = await readRoutes(environment.sources);
  const specs: Record<string, CommandSpec> = {};
  // A route for a command that is not installed could never run: it is left out.
  const routes = read.filter((route) => {
    const spec = environment.specOf(route.command);
    if (spec) specs[route.command] = spec;
    return spec !== undefined;
  });
  const data = { model: fit(trainingTexts(routes)), routes, specs };
  writeCache(file, fingerprint, data, problems.map((problem) => problem.toJSON()));
  return { router: createRouter(data), problems, fitted: true };
}
