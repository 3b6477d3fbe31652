import type { Clock } from './clock.js';
import type { ConfigLayer } from './config.js';
import type { LoomError } from './errors.js';
import type { Logger } from './logger.js';
import type { Permissions } from './manifest.js';
import type { Paths } from './paths.js';
import type { ResolverEntry } from './resolver.js';
import type { Token } from './tokens.js';

export interface PluginCandidate {
  /** The npm package the plugin comes from. */
  origin: string;
  /** Bundled with Loom: its failures abort; a third-party plugin's only disable it. */
  firstParty: boolean;
  /**
   * Returns the plugin's `definePlugin(...)` export (usually a dynamic import). It runs
   * under kernel.phaseTimeoutMs; `deadline` aborts, with the timeout error, when that
   * time is up, so a loader can stop work the kernel no longer waits for.
   */
  load: (options: { deadline: AbortSignal }) => unknown;
}

export type PluginState = 'ready' | 'failed' | 'disabled';

export interface PluginStatus {
  name: string;
  origin: string;
  version: string | undefined;
  firstParty: boolean;
  state: PluginState;
  error: LoomError | undefined;
  permissions: Permissions | undefined;
}

export interface KernelOptions {
  plugins?: PluginCandidate[];
  paths: Paths;
  /** Config files in ascending precedence (user, then project); env and flags come after. */
  configLayers?: ConfigLayer[];
  env?: NodeJS.ProcessEnv;
  flags?: ConfigLayer;
  logger?: Logger;
  clock?: Clock;
  signal?: AbortSignal;
  /** Services registered before plugins set up, e.g. test doubles or the CLI's own. */
  services?: Array<readonly [Token<unknown>, unknown]>;
  /** When false, a first-party failure is reported in `status()` instead of thrown (doctor). */
  strict?: boolean;
  /** When false, start() stops after checking plugins and config: nothing runs (config commands). */
  setUp?: boolean;
  kernelVersion?: string;
}

export const DEFAULT_PHASE_TIMEOUT_MS = 10_000;

/** A candidate that loaded: its manifest, its status row, and (once resolved) its config. */
export interface Loaded {
  entry: ResolverEntry;
  status: PluginStatus;
  config: unknown;
}
