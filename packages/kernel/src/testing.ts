import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigLayer } from './config.js';
import { Kernel, type PluginCandidate } from './kernel.js';
import { createLogger, type LogSink } from './logger.js';
import type { LoomPlugin } from './manifest.js';
import { resolvePaths, type Paths } from './paths.js';
import type { Token } from './tokens.js';

/**
 * A definePlugin result whatever its config schema. `LoomPlugin<S>` is invariant in S (config
 * is read, setup's ctx is written), so no single S accepts every plugin; only these keys are read.
 */
type AnyLoomPlugin = Pick<LoomPlugin, '$loomPlugin' | 'name'>;

export interface TestKernelOptions {
  /** Plugins to load, first-party unless wrapped as `{ plugin, firstParty: false }`. */
  plugins?: Array<AnyLoomPlugin | { plugin: unknown; firstParty: boolean; origin?: string }>;
  services?: Array<readonly [Token<unknown>, unknown]>;
  /** The project config, as if it were loom.config.json. */
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Defaults to a fresh temp folder. */
  cwd?: string;
  strict?: boolean;
  kernelVersion?: string;
}

export interface TestKernel extends Kernel {
  paths: Paths;
  /** Every line the kernel logged, as `level: line`. */
  logs: string[];
}

/** A started kernel in a throw-away project: five lines of set-up for any plugin test. */
export async function createTestKernel(options: TestKernelOptions = {}): Promise<TestKernel> {
  const root = options.cwd ?? mkdtempSync(join(tmpdir(), 'loom-test-'));
  const paths = resolvePaths({ cwd: root, userConfigDir: join(root, '.user-config'), dataDir: join(root, '.user-data'), cacheDir: join(root, '.user-cache') });
  const logs: string[] = [];
  const sink: LogSink = (level, line) => logs.push(`${level}: ${line}`);
  const candidates: PluginCandidate[] = (options.plugins ?? []).map((item, index) => {
    const wrapped = 'plugin' in item && 'firstParty' in item ? item : { plugin: item, firstParty: true, origin: undefined };
    const plugin = wrapped.plugin as { name?: unknown };
    const origin = wrapped.origin ?? (typeof plugin?.name === 'string' ? `test-plugin-${plugin.name}` : `test-plugin-${index}`);
    return { origin, firstParty: wrapped.firstParty, load: () => wrapped.plugin };
  });
  const configLayers: ConfigLayer[] = options.config ? [{ source: paths.projectConfigFile, values: options.config }] : [];
  const kernel = new Kernel({
    plugins: candidates,
    paths,
    configLayers,
    env: options.env ?? {},
    logger: createLogger('debug', sink),
    services: options.services,
    strict: options.strict,
    kernelVersion: options.kernelVersion,
  });
  await kernel.start();
  // Kernel exposes `paths` through a getter; assigning it would throw.
  return Object.assign(kernel, { logs });
}
