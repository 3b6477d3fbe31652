import { createRequire } from 'node:module';
import type { DependencyContainer } from 'tsyringe';
import { systemClock } from './clock.js';
import {
  CORE_SECTIONS,
  coreConfigSchema,
  envLayer,
  getPath,
  mergeLayers,
  originOf,
  splitKey,
  validateSection,
  type CoreConfig,
  type MergedConfig,
} from './config.js';
import { applyTrust, weakeningKeys } from './trust.js';
import type { Provider } from './context.js';
import { CoreTokens, type ConfigService } from './core-tokens.js';
import { LoomError, toLoomError } from './errors.js';
import { createEventBus, type EventBus, type HandlerFailure } from './events.js';
import { createLogger, type Logger } from './logger.js';
import type { Manifest, Route } from './manifest.js';
import type { Paths } from './paths.js';
import { resolvePlugins } from './resolver.js';
import { checkConfigKeys, describeUnknownKey, keyTreeOf, knownKeys, type KeyTree } from './config-keys.js';
import { trapExit } from './exit-trap.js';
import { DEFAULT_PHASE_TIMEOUT_MS, type KernelOptions, type Loaded, type PluginStatus } from './kernel-types.js';
import { pluginContext } from './plugin-context.js';
import { loadCandidate, naming, phaseTimeout } from './plugin-loading.js';
import { withTimeout } from './timeout.js';
import { tokenName, type Token } from './tokens.js';
import { KERNEL_API_VERSION } from './version.js';

export type { KernelOptions, PluginCandidate, PluginState, PluginStatus } from './kernel-types.js';

/**
 * One kernel per command run: loads the plugins it is given, checks and orders them,
 * sets them up with their services in a private tsyringe child container, and disposes
 * them in reverse order.
 */
export class Kernel {
  readonly events: EventBus;
  readonly logger: Logger;
  private readonly statuses: PluginStatus[] = [];
  private readonly ready: Loaded[] = [];
  private container: DependencyContainer | undefined;
  private merged: MergedConfig = { values: {}, origins: new Map() };
  private coreConfig: CoreConfig | undefined;
  private sections: Record<string, unknown> = {};
  /** The merged config with unknown keys left out: what the schemas validate. */
  private known: Record<string, unknown> = {};
  /** Each config section's key tree, rendered on first use (see checkKeys). */
  private sectionTrees = new Map<string, () => KeyTree | undefined>();
  private started = false;

  constructor(private readonly options: KernelOptions) {
    this.logger = options.logger ?? createLogger('warn');
    this.events = createEventBus((failure) => this.reportHandlerFailure(failure));
  }

  get config(): CoreConfig {
    if (!this.coreConfig) throw new LoomError('KERNEL_NOT_STARTED', 'the kernel has not started', { hint: 'await kernel.start() first' });
    return this.coreConfig;
  }

  get paths(): Paths {
    return this.options.paths;
  }

  /** Every plugin found, with its state and, when it is not ready, why. */
  status(): PluginStatus[] {
    return [...this.statuses];
  }

  routes(): Array<Route & { plugin: string }> {
    return this.ready.flatMap(({ entry }) => entry.manifest.routes.map((route) => ({ ...route, plugin: entry.manifest.name })));
  }

  get<T>(token: Token<T>): T {
    const container = this.requireContainer();
    if (!container.isRegistered(token, true)) {
      throw new LoomError('SERVICE_MISSING', `no plugin provides ${tokenName(token)}`, {
        hint: 'run `loom doctor` to see which plugins loaded',
      });
    }
    return container.resolve<T>(token);
  }

  getOptional<T>(token: Token<T>): T | undefined {
    return this.requireContainer().isRegistered(token, true) ? this.get(token) : undefined;
  }

  async start(): Promise<this> {
    if (this.started) throw new LoomError('KERNEL_STARTED', 'the kernel has already started', { hint: 'create a new Kernel per run' });
    this.started = true;
    const loaded = await this.loadCandidates();
    await this.readConfig(loaded);
    const usable = await this.resolveAndConfigure(loaded);
    this.sections = Object.fromEntries(usable.map((plugin) => [plugin.entry.manifest.name, plugin.config]));
    if (this.options.setUp === false) return this;
    this.container = await this.createContainer();
    for (const plugin of usable) await this.setUp(plugin);
    return this;
  }

  /**
   * The merged config after validation: defaults filled in for the core and for every
   * plugin that resolved; sections no plugin reads are kept as written.
   */
  validatedConfig(): Record<string, unknown> {
    return { ...this.merged.values, ...this.config, ...this.sections };
  }

  /** Where the value at `key` came from: a file, `env`, `flags`, or `default`. */
  configOrigin(key: string): string {
    return originOf(this.merged.origins, splitKey(key)) ?? 'default';
  }

  async dispose(): Promise<void> {
    const timeout = this.coreConfig?.kernel.phaseTimeoutMs ?? DEFAULT_PHASE_TIMEOUT_MS;
    for (const { entry, status } of [...this.ready].reverse()) {
      this.events.removeOwner(entry.manifest.name);
      try {
        if (entry.manifest.dispose) {
          await withTimeout(entry.manifest.dispose, timeout, () => phaseTimeout(entry.manifest.name, 'dispose', timeout));
        }
        await this.events.emit('plugin:disposed', { plugin: status.name });
      } catch (error) {
        this.logger.warn(`plugin ${status.name} failed to dispose: ${toLoomError(error).message}`);
      }
    }
    this.ready.length = 0;
    this.container?.clearInstances();
  }

  private requireContainer(): DependencyContainer {
    if (!this.container) throw new LoomError('KERNEL_NOT_STARTED', 'the kernel has not started', { hint: 'await kernel.start() first' });
    return this.container;
  }

  private async loadCandidates(): Promise<Loaded[]> {
    const loaded: Loaded[] = [];
    const timeoutMs = this.loadTimeoutMs();
    for (const candidate of this.options.plugins ?? []) {
      const status: PluginStatus = {
        name: candidate.origin,
        origin: candidate.origin,
        version: undefined,
        firstParty: candidate.firstParty,
        state: 'ready',
        error: undefined,
        permissions: undefined,
      };
      this.statuses.push(status);
      try {
        loaded.push({ entry: await loadCandidate(candidate, status, timeoutMs), status, config: undefined });
      } catch (error) {
        this.markFailed(status, naming(toLoomError(error, 'PLUGIN_LOAD_FAILED', `reinstall it: \`loom plugins install ${candidate.origin}\``), candidate.origin));
      }
    }
    return loaded;
  }

  /**
   * kernel.phaseTimeoutMs bounds loading too, but config is validated only once the
   * plugins (whose sections it holds) are loaded: read the one key from the raw layers.
   */
  private loadTimeoutMs(): number {
    const layers = [...(this.options.configLayers ?? []), ...(this.options.env ? [envLayer(this.options.env, CORE_SECTIONS)] : []), ...(this.options.flags ? [this.options.flags] : [])];
    const value = getPath(mergeLayers(layers).values, ['kernel', 'phaseTimeoutMs']);
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_PHASE_TIMEOUT_MS;
  }

  private async readConfig(loaded: Loaded[]): Promise<void> {
    const sections = new Set([...CORE_SECTIONS, ...loaded.map(({ entry }) => entry.manifest.name)]);
    this.weakeningKeys = weakeningKeys(loaded.map(({ entry }) => entry.manifest));
    const trust = applyTrust(this.options.configLayers ?? [], this.weakeningKeys, (line) => this.logger.warn(line));
    this.ignoredKeys = trust.ignored;
    const layers = trust.layers;
    if (this.options.env) layers.push(envLayer(this.options.env, sections));
    if (this.options.flags) layers.push(this.options.flags);
    this.merged = mergeLayers(layers);
    this.checkKeys(loaded);
    const core = Object.fromEntries(Object.entries(this.known).filter(([key]) => CORE_SECTIONS.has(key)));
    this.coreConfig = await validateSection(coreConfigSchema, core, undefined, this.merged);
  }

  /** Every security-weakening key of the kernel and the loaded plugins, and those an untrusted project tried to set. */
  weakeningKeys: string[] = [];
  ignoredKeys: string[] = [];
  /**
   * Unknown keys are warned about by name, with the nearest known one, and left out. A
   * section's tree is rendered (from its JSON Schema, ~3 ms a plugin) only when the config
   * sets a key in it or a did-you-mean needs every key: most runs set none of most sections.
   */
  private checkKeys(loaded: Loaded[]): void {
    const core = once(() => keyTreeOf(coreConfigSchema));
    this.sectionTrees = new Map([...CORE_SECTIONS].map((section) => [section, once(() => core()?.keys.get(section))]));
    for (const { entry } of loaded) this.sectionTrees.set(entry.manifest.name, once(() => keyTreeOf(entry.manifest.config)));
    const values = this.merged.values;
    const trees = new Map([...this.sectionTrees].map(([section, tree]) => [section, Object.hasOwn(values, section) ? tree() : undefined]));
    const { sections, unknown } = checkConfigKeys(values, trees);
    this.known = sections;
    for (const key of unknown) this.logger.warn(describeUnknownKey(key, originOf(this.merged.origins, splitKey(key.key)) ?? 'config'));
  }

  /** Every config key a loaded plugin or the kernel knows, dotted: for did-you-mean. */
  knownConfigKeys(): string[] {
    return knownKeys(new Map([...this.sectionTrees].map(([section, tree]) => [section, tree()])));
  }

  private async resolveAndConfigure(loaded: Loaded[]): Promise<Loaded[]> {
    const disabled = new Set(this.config.kernel.disabledPlugins);
    for (const plugin of loaded.filter(({ status }) => disabled.has(status.name))) {
      plugin.status.state = 'disabled';
      plugin.status.error = new LoomError('PLUGIN_DISABLED', `plugin ${plugin.status.name} is disabled by kernel.disabledPlugins`, {
        hint: 'remove it from kernel.disabledPlugins to load it',
        plugin: plugin.status.name,
      });
    }
    const enabled = loaded.filter(({ status }) => status.state === 'ready');
    const resolution = resolvePlugins(
      enabled.map(({ entry }) => entry),
      { kernelVersion: this.options.kernelVersion ?? KERNEL_API_VERSION, reservedTokens: Object.values(CoreTokens), reservedNames: CORE_SECTIONS },
    );
    const byEntry = new Map(enabled.map((plugin) => [plugin.entry, plugin]));
    for (const failure of resolution.failures) this.fail(byEntry.get(failure.entry)!, failure.error);

    const usable: Loaded[] = [];
    for (const entry of resolution.order) {
      const plugin = byEntry.get(entry)!;
      try {
        plugin.config = await this.pluginConfig(entry.manifest);
        usable.push(plugin);
      } catch (error) {
        this.fail(plugin, toLoomError(error));
      }
    }
    return usable;
  }

  private async pluginConfig(manifest: Manifest): Promise<unknown> {
    const section = this.known[manifest.name] ?? {};
    if (!manifest.config) return section;
    return validateSection(manifest.config, section, manifest.name, this.merged, manifest.name);
  }

  private async createContainer(): Promise<DependencyContainer> {
    // Loaded here, not at module scope: definePlugin users never pay for tsyringe.
    const { container: root, instanceCachingFactory } = await import('tsyringe');
    const container = root.createChildContainer();
    this.register = (token, provider) =>
      'value' in provider
        ? container.register(token, { useValue: provider.value })
        : container.register(token, { useFactory: instanceCachingFactory(provider.factory) });
    const { paths } = this.options;
    const values: Array<readonly [Token<unknown>, unknown]> = [
      [CoreTokens.Config, this.configService()],
      [CoreTokens.Paths, paths],
      [CoreTokens.Events, this.events],
      [CoreTokens.Logger, this.logger],
      [CoreTokens.Clock, this.options.clock ?? systemClock],
      [CoreTokens.Signal, this.options.signal ?? new AbortController().signal],
      ...(this.options.services ?? []),
    ];
    this.register(CoreTokens.Git, {
      factory: () => {
        const { simpleGit } = createRequire(import.meta.url)('simple-git') as typeof import('simple-git');
        return simpleGit({ baseDir: paths.projectRoot });
      },
    });
    for (const [token, value] of values) this.register(token, { value });
    return container;
  }

  private register: (token: symbol, provider: Provider<unknown>) => void = () => undefined;

  private configService(): ConfigService {
    const validated = this.validatedConfig();
    return {
      values: validated,
      get: (key) => getPath(validated, splitKey(key)),
      origin: (key) => this.configOrigin(key),
    };
  }

  private async setUp(plugin: Loaded): Promise<void> {
    const { manifest } = plugin.entry;
    const failedDependency = Object.keys(manifest.dependsOn).find((name) => !this.ready.some((p) => p.entry.manifest.name === name));
    if (failedDependency) {
      this.fail(plugin, new LoomError('PLUGIN_DEPENDENCY_FAILED', `plugin ${manifest.name} needs ${failedDependency}, which failed to set up`, {
        hint: `run \`loom doctor\` to see why ${failedDependency} failed`,
        plugin: manifest.name,
      }));
      return;
    }
    const staged: Array<[symbol, Provider<unknown>]> = [];
    const ctx = pluginContext(plugin, staged, {
      paths: this.options.paths,
      logger: this.logger,
      events: this.events,
      get: (token) => this.get(token),
      getOptional: (token) => this.getOptional(token),
      onHandlerFailure: (failure) => this.hookFailed(plugin, failure),
    });
    const timeout = this.config.kernel.phaseTimeoutMs;
    try {
      if (manifest.setup) {
        const setup = () => withTimeout(() => manifest.setup!(ctx), timeout, () => phaseTimeout(manifest.name, 'setup', timeout));
        await trapExit(manifest.name, 'setup', setup);
      }
    } catch (error) {
      // What it subscribed before failing must not keep running.
      this.events.removeOwner(manifest.name);
      this.fail(plugin, toLoomError(error, 'PLUGIN_SETUP_FAILED', `report it to the authors of ${plugin.entry.origin}`));
      return;
    }
    // A handler it subscribed may have failed during its own setup, disabling it already.
    if (plugin.status.state !== 'ready') return;
    const missing = manifest.provides.find((token) => !staged.some(([provided]) => provided === token));
    if (missing) {
      this.events.removeOwner(manifest.name);
      this.fail(plugin, new LoomError('PLUGIN_SETUP_FAILED', `plugin ${manifest.name} declares ${tokenName(missing)} in provides but did not provide it in setup`, {
        hint: `call ctx.provide(${tokenName(missing)}, …) in setup, or drop it from provides`,
        plugin: manifest.name,
      }));
      return;
    }
    for (const [token, provider] of staged) this.register(token, provider);
    for (const [event, handler] of Object.entries(manifest.hooks)) {
      this.events.on(event as 'command:start', (payload) => handler(payload, ctx), {
        owner: manifest.name,
        onFailure: (failure) => this.hookFailed(plugin, failure),
      });
    }
    this.ready.push(plugin);
    await this.events.emit('plugin:ready', { plugin: manifest.name, version: manifest.version });
  }

  /** First-party failures abort (unless not strict); third-party ones disable the plugin. */
  private fail(plugin: Loaded, error: LoomError): void {
    this.markFailed(plugin.status, naming(error, plugin.status.name));
  }

  private markFailed(status: PluginStatus, error: LoomError): void {
    status.state = 'failed';
    status.error = error;
    if (status.firstParty && this.options.strict !== false) throw error;
    this.logger.warn(`${status.firstParty ? '' : 'third-party '}plugin ${status.name} disabled: ${error.message}`);
  }

  private hookFailed(plugin: Loaded, failure: HandlerFailure): void {
    const error = new LoomError('HOOK_FAILED', `plugin ${plugin.status.name} failed in ${failure.event}: ${failure.error.message}`, {
      hint: plugin.entry.firstParty ? 'this is a bug in Loom; run with --verbose and report it' : `report it to the authors of ${plugin.entry.origin}`,
      plugin: plugin.status.name,
      cause: failure.error,
    });
    if (plugin.entry.firstParty) throw error;
    // Another of its handlers already failed in this emit: it is disabled once.
    if (plugin.status.state !== 'ready') return;
    this.events.removeOwner(plugin.status.name);
    // Not in `ready` when it failed during its own setup; splice(-1) would drop another plugin.
    const index = this.ready.indexOf(plugin);
    if (index >= 0) this.ready.splice(index, 1);
    this.markFailed(plugin.status, error);
  }

  private reportHandlerFailure(failure: HandlerFailure): void {
    this.logger.warn(`a handler of ${failure.event}${failure.owner ? ` (${failure.owner})` : ''} failed: ${failure.error.message}`);
  }
}

/** Creates and starts a kernel. */
export async function startKernel(options: KernelOptions): Promise<Kernel> {
  return new Kernel(options).start();
}

/** `make`'s value, computed on the first call only. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
