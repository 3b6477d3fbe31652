import { toLoomError, type LoomError, type LoomErrorJson } from './errors.js';

/**
 * The events of the kernel. Other packages add theirs by declaration merging:
 * `declare module '@loomkit/kernel' { interface LoomEvents { 'llm:response': … } }`.
 */
export interface LoomEvents {
  'command:start': { command: string; argv: string[] };
  'command:end': { command: string; durationMs: number };
  'command:error': { command: string; error: LoomErrorJson };
  'plugin:ready': { plugin: string; version: string };
  'plugin:disabled': { plugin: string; error: LoomErrorJson };
  'plugin:disposed': { plugin: string };
}

export type EventName = keyof LoomEvents & string;
export type EventHandler<E extends EventName> = (payload: LoomEvents[E]) => void | Promise<void>;

export interface HandlerFailure {
  event: string;
  owner: string | undefined;
  error: LoomError;
}

export interface SubscribeOptions {
  /** Who registered the handler (a plugin name), for reports. */
  owner?: string;
  /** Called instead of the bus's default reporter when this handler throws. */
  onFailure?: (failure: HandlerFailure) => void;
}

export interface EventBus {
  on<E extends EventName>(event: E, handler: EventHandler<E>, options?: SubscribeOptions): () => void;
  /** Runs handlers in subscription order; a throwing handler is reported, never fatal. */
  emit<E extends EventName>(event: E, payload: LoomEvents[E]): Promise<void>;
  /** Removes every handler registered with this owner. */
  removeOwner(owner: string): void;
}

interface Subscription {
  handler: (payload: unknown) => void | Promise<void>;
  options: SubscribeOptions;
}

export function createEventBus(report: (failure: HandlerFailure) => void): EventBus {
  const handlers = new Map<string, Subscription[]>();
  return {
    on(event, handler, options = {}) {
      const subscription: Subscription = { handler: handler as Subscription['handler'], options };
      handlers.set(event, [...(handlers.get(event) ?? []), subscription]);
      return () => {
        handlers.set(event, (handlers.get(event) ?? []).filter((s) => s !== subscription));
      };
    },
    async emit(event, payload) {
      // Copy first: a handler may unsubscribe itself or others while we iterate.
      for (const { handler, options } of [...(handlers.get(event) ?? [])]) {
        try {
          await handler(payload);
        } catch (error) {
          const failure = { event, owner: options.owner, error: toLoomError(error, 'HOOK_FAILED') };
          (options.onFailure ?? report)(failure);
        }
      }
    },
    removeOwner(owner) {
      for (const [event, list] of handlers) {
        handlers.set(event, list.filter((s) => s.options.owner !== owner));
      }
    },
  };
}
