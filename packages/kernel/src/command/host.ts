import type { Kernel } from '../kernel.js';

/**
 * The running `loom` process publishes itself here, under a `Symbol.for` key, so that a
 * command from a separately installed plugin (with its own copy of this module) boots
 * the host's kernel, not its own.
 */
const HOST_KEY = Symbol.for('loom.host');

export interface BootRequest {
  /** oclif's Config of the running CLI. */
  config: unknown;
  cwd: string;
  /** `--set key=value` overrides. */
  assignments: readonly string[];
  signal: AbortSignal;
  verbose: boolean;
  /** Record failures of first-party plugins instead of throwing (doctor). */
  strict: boolean;
  /** Stop after checking plugins and config; run no plugin's setup (config commands). */
  setUp?: boolean;
  /** Boot on the defaults alone, reading no config file, env or --set (doctor, once the config failed). */
  ignoreConfig?: boolean;
}

export interface LoomHost {
  kernelVersion: string;
  boot(request: BootRequest): Promise<Kernel>;
  /** Set by the interactive shell while it runs a command, so Ctrl-C can cancel it. */
  signal?: AbortSignal | undefined;
}

type HostGlobal = typeof globalThis & { [HOST_KEY]?: LoomHost };

export function registerHost(host: LoomHost): void {
  (globalThis as HostGlobal)[HOST_KEY] = host;
}

export function currentHost(): LoomHost | undefined {
  return (globalThis as HostGlobal)[HOST_KEY];
}

export { KERNEL_API_VERSION } from '../version.js';
