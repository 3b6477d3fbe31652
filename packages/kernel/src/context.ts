import type { EventBus, EventHandler, EventName, LoomEvents } from './events.js';
import type { Logger } from './logger.js';
import type { Paths } from './paths.js';
import type { Token } from './tokens.js';

export type Provider<T> = { value: T } | { factory: () => T };

/**
 * What a plugin's setup receives from the host kernel: its config section, services by
 * token, its own logger and event subscriptions. Plugins never import a container.
 */
export interface PluginContext<C = unknown> {
  readonly plugin: { readonly name: string; readonly version: string; readonly firstParty: boolean };
  readonly config: C;
  readonly paths: Paths;
  readonly logger: Logger;
  readonly events: {
    on<E extends EventName>(event: E, handler: EventHandler<E>): () => void;
    emit<E extends EventName>(event: E, payload: LoomEvents[E]): Promise<void>;
  };
  get<T>(token: Token<T>): T;
  getOptional<T>(token: Token<T>): T | undefined;
  /** Registers a service named in `provides`; a factory runs once, on first use. */
  provide<T>(token: Token<T>, provider: Provider<T>): void;
}

export type { EventBus };
