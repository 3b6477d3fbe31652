import { createRequire } from 'node:module';
import { definePlugin } from '@loomkit/kernel';
import { LlmToken } from '@loomkit/llm';
import { InjectionGuardToken, PolicyToken, SecretsToken } from '@loomkit/plugin-security';
import { megaQueryConfigSchema } from './schema.js';
import type { MegaQueryService } from './service.js';
import { MegaQueryToken } from './tokens.js';
import { megaQueryRoutes } from './routes.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export default definePlugin({
  name: 'mega-query',
  version,
  kernel: '^1.0.0',
  description: 'Whole-repository analysis: a static report and plan offline, a cited map-reduce over Claude online.',
  dependsOn: { llm: '^0.1.0', security: '^0.1.0' },
  provides: [MegaQueryToken],
  config: megaQueryConfigSchema,
  routes: megaQueryRoutes,
  permissions: { filesystem: ['<path> given to `query` commands, read only (a folder outside the project is read because you named it)'], shell: true },
  setup(ctx) {
    ctx.provide(MegaQueryToken, {
      factory: () =>
        loadOnFirstUse(async () => (await import('./service.js')).createMegaQueryService({
          config: ctx.config,
          paths: ctx.paths,
          llm: () => ctx.get(LlmToken),
          secrets: () => ctx.get(SecretsToken),
          injection: () => ctx.get(InjectionGuardToken),
          policy: () => ctx.get(PolicyToken),
          events: ctx.events,
        })),
    });
  },
});

/**
 * The service, its pipeline modules loaded on the first call: every command boots this
 * plugin, and `loom doctor` or `loom session list` should not pay for the walker, the
 * chunker and the report renderers.
 */
function loadOnFirstUse(load: () => Promise<MegaQueryService>): MegaQueryService {
  let service: Promise<MegaQueryService> | undefined;
  const get = () => (service ??= load());
  return {
    scan: async (request) => (await get()).scan(request),
    mega: async (request) => (await get()).mega(request),
    ask: async (request) => (await get()).ask(request),
    repoMap: async (request) => (await get()).repoMap(request),
    evaluate: async (request) => (await get()).evaluate(request),
  };
}

export { MegaQueryToken } from './tokens.js';
export { megaQueryConfigSchema, type MegaQueryConfig } from './schema.js';
export type { MegaQueryService, MegaRequest, MegaOutcome, AskRequest, AskOutcome, RepoMapOutcome, ScanRequest, ProgressListener, EvalRequest, EvalOutcome } from './service.js';
export type * from './types.js';
// The readers of a term bag (`facts.words`) are not exported here: this entry loads at every boot, and the repomap's code must not.
export type { TermBag } from './repomap/term-bag.js';
export type { StaticReport, LanguageStats, FileSize, CentralFile, Hotspot, SkipSummary } from './report/types.js';
export { MODES } from './types.js';
