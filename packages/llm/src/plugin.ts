import { createRequire } from 'node:module';
import { CoreTokens, definePlugin } from '@loomkit/kernel';
import { createLlm } from './client.js';
import { llmConfigSchema } from './schema.js';
import { LlmToken } from './tokens.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Provides `loom.llm`. Other plugins add redaction or metrics with `llm.use(stage, …)`. */
export default definePlugin({
  name: 'llm',
  version,
  kernel: '^1.0.0',
  description: 'The one door to Claude: budgets, pricing, retries, limits, caching, batches.',
  provides: [LlmToken],
  config: llmConfigSchema,
  // A project could point the API (and the user's key) at its own server.
  weakensSecurity: ['baseUrl'],
  permissions: { network: ['api.anthropic.com'] },
  setup(ctx) {
    ctx.provide(LlmToken, {
      factory: () =>
        createLlm({
          config: ctx.config,
          env: process.env,
          events: ctx.events,
          paths: ctx.paths,
          logger: ctx.logger,
          signal: ctx.get(CoreTokens.Signal),
        }),
    });
  },
});
