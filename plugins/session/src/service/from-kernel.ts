import { createRequire } from 'node:module';
import { CoreTokens, type Kernel } from '@loomkit/kernel';
import { modelTable, type LlmConfig, type ModelTable } from '@loomkit/llm';
import { PolicyToken } from '@loomkit/plugin-security';
import { sessionConfigSchema, type SessionConfig } from '../schema.js';
import { SessionStoreToken } from '../tokens.js';
import { createSessionService, type SessionService } from './session-service.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The session service over the kernel's store, config and clock: what every `session` command calls. */
export function sessionServiceFor(kernel: Kernel): SessionService {
  const config = kernel.get(CoreTokens.Config);
  const clock = kernel.get(CoreTokens.Clock);
  return createSessionService({
    store: kernel.get(SessionStoreToken),
    projectRoot: kernel.paths.projectRoot,
    config: (config.get('session') as SessionConfig | undefined) ?? sessionConfigSchema.parse({}),
    now: () => clock.now(),
    models: prices(config.get('llm') as LlmConfig | undefined),
    version: `loom-session/${version}`,
    checkRead: (path) => kernel.get(PolicyToken).checkPath(path),
  });
}

function prices(llm: LlmConfig | undefined): ModelTable | undefined {
  try {
    return modelTable(llm?.models ?? {});
  } catch {
    return undefined; // an invalid override is reported by llm itself; import falls back to shipped prices
  }
}
