export { LoomError, isLoomError, toLoomError, type LoomErrorJson, type LoomErrorOptions } from './errors.js';
export { createToken, tokenName, type Token } from './tokens.js';
export { KERNEL_API_VERSION, PLUGIN_SPEC_VERSION } from './version.js';
export {
  definePlugin,
  parseManifest,
  manifestSchema,
  type LoomPlugin,
  type Manifest,
  type PluginDefinition,
  type Permissions,
  type Route,
} from './manifest.js';
export type { PluginContext, Provider } from './context.js';
export { resolvePlugins, type Resolution, type ResolverEntry, type ResolverFailure } from './resolver.js';
export { createEventBus, type EventBus, type EventHandler, type EventName, type LoomEvents, type HandlerFailure } from './events.js';
export {
  CORE_SECTIONS,
  LOG_LEVELS,
  assignmentsLayer,
  coreConfigSchema,
  envLayer,
  getPath,
  mergeLayers,
  originOf,
  parseValue,
  readConfigFile,
  setPath,
  splitKey,
  unsetPath,
  validateSection,
  type ConfigLayer,
  type CoreConfig,
  type MergedConfig,
} from './config.js';
export { writeConfigFile } from './config-file.js';
export { DEFAULT_MAX_READ_BYTES, readRegularFileSync } from './read-file.js';
export { collectBounded, readFileBounded } from './read-bounded.js';
export { fstatSyncSafe, lstatSyncSafe, statSyncSafe } from './stat-sync.js';
export { makeDirectorySync } from './make-directory.js';
export { CoreTokens, type ConfigService } from './core-tokens.js';
export { Kernel, startKernel, type KernelOptions, type PluginCandidate, type PluginState, type PluginStatus } from './kernel.js';
export { createLogger, stderrSink, type LogLevel, type LogSink, type Logger } from './logger.js';
export { systemClock, type Clock } from './clock.js';
export { PROJECT_CONFIG_FILE, PROJECT_STATE_DIR, climbsOut, findProjectRoot, isWithin, resolvePaths, type Paths, type PathsInput } from './paths.js';
export { isStandardSchema, type InferOutput, type StandardSchemaV1 } from './standard-schema.js';
export { withTimeout } from './timeout.js';
export { currentInvocation, runInvocation } from './invocation.js';
export {
  CORE_WEAKENING_KEYS,
  TRUST_FILE,
  applyTrust,
  configDigest,
  isTrusted,
  listTrusted,
  revokeTrust,
  trustConfig,
  weakeningKeys,
  withoutWeakeningKeys,
  type TrustRecord,
} from './trust.js';
export { closest, editDistance } from './suggest.js';
export type { EarlyAnswer, EarlyContext } from './early-answer.js';
