import type { SimpleGit } from 'simple-git';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { Logger } from './logger.js';
import type { Paths } from './paths.js';
import { createToken } from './tokens.js';

export interface ConfigService {
  /** The merged configuration with every validated section's defaults filled in. */
  readonly values: Readonly<Record<string, unknown>>;
  get(key: string): unknown;
  /** Where the value of `key` came from: a file path, `env`, `flags` or `default`. */
  origin(key: string): string;
}

/** The services every kernel registers before any plugin sets up. */
export const CoreTokens = {
  Config: createToken<ConfigService>('loom.config'),
  Paths: createToken<Paths>('loom.paths'),
  Events: createToken<EventBus>('loom.events'),
  Logger: createToken<Logger>('loom.logger'),
  Clock: createToken<Clock>('loom.clock'),
  /** simple-git bound to the project root, created on first use. */
  Git: createToken<SimpleGit>('loom.git'),
  /** Aborted when the user cancels the running command (Ctrl-C). */
  Signal: createToken<AbortSignal>('loom.signal'),
} as const;
