import type { PluginContext, Provider } from './context.js';
import { LoomError } from './errors.js';
import type { EventBus, HandlerFailure } from './events.js';
import type { Loaded } from './kernel-types.js';
import type { Logger } from './logger.js';
import type { Paths } from './paths.js';
import { tokenName, type Token } from './tokens.js';

/** What a plugin's context reaches of its kernel. */
export interface KernelSide {
  paths: Paths;
  logger: Logger;
  events: EventBus;
  get: <T>(token: Token<T>) => T;
  getOptional: <T>(token: Token<T>) => T | undefined;
  /** A handler the plugin subscribed failed. */
  onHandlerFailure: (failure: HandlerFailure) => void;
}

/**
 * The `ctx` a plugin's setup and hooks get: its own config, a logger and event handlers
 * owned by it, and `provide`, which stages only the tokens its manifest declares (the
 * kernel registers them once setup succeeded).
 */
export function pluginContext(plugin: Loaded, staged: Array<[symbol, Provider<unknown>]>, kernel: KernelSide): PluginContext {
  const { manifest, firstParty } = plugin.entry;
  const owner = manifest.name;
  return {
    plugin: { name: manifest.name, version: manifest.version, firstParty },
    config: plugin.config,
    paths: kernel.paths,
    logger: kernel.logger.child(owner),
    events: {
      on: (event, handler) => kernel.events.on(event, handler, { owner, onFailure: kernel.onHandlerFailure }),
      emit: (event, payload) => kernel.events.emit(event, payload),
    },
    get: kernel.get,
    getOptional: kernel.getOptional,
    provide: (token, provider) => {
      if (!manifest.provides.includes(token)) {
        throw new LoomError('PLUGIN_UNDECLARED_TOKEN', `plugin ${owner} provides ${tokenName(token)} without declaring it`, {
          hint: `add it to provides in definePlugin({...}) of ${owner}`,
          plugin: owner,
        });
      }
      staged.push([token, provider as Provider<unknown>]);
    },
  };
}
