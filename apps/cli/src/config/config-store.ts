import {
  CORE_SECTIONS,
  closest,
  Kernel,
  LoomError,
  createLogger,
  getPath,
  parseValue,
  readConfigFile,
  setPath,
  splitKey,
  unsetPath,
  writeConfigFile,
  type ConfigLayer,
  type Paths,
  type PluginCandidate,
} from '@loomkit/kernel';

export interface ConfigEntry {
  key: string;
  value: unknown;
  /** A file path, `env`, `flags` or `default`. */
  origin: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaves of the config as dotted keys; arrays are values, not branches. */
export function flattenConfig(values: Record<string, unknown>, prefix: string[] = []): Array<{ key: string; value: unknown }> {
  return Object.entries(values).flatMap(([key, value]) =>
    isPlainObject(value) && Object.keys(value).length > 0 ? flattenConfig(value, [...prefix, key]) : [{ key: [...prefix, key].join('.'), value }],
  );
}

export function listEntries(kernel: Kernel): ConfigEntry[] {
  return flattenConfig(kernel.validatedConfig()).map(({ key, value }) => ({ key, value, origin: kernel.configOrigin(key) }));
}

export function getEntry(kernel: Kernel, key: string): ConfigEntry {
  const value = getPath(kernel.validatedConfig(), splitKey(key));
  if (value === undefined) throw unknownKey(kernel, key);
  return { key, value, origin: kernel.configOrigin(key) };
}

function unknownKey(kernel: Kernel, key: string): LoomError {
  const section = splitKey(key)[0]!;
  const nearest = closest(key, kernel.knownConfigKeys(), Math.max(2, Math.floor(key.length / 4)));
  const didYouMean = nearest ? `did you mean "${nearest}"? ` : '';
  const ready = kernel.status().filter((status) => status.state === 'ready').map((status) => status.name);
  if (!CORE_SECTIONS.has(section) && !ready.includes(section)) {
    const sections = [...CORE_SECTIONS, ...ready].filter((name) => name !== '$schema');
    return new LoomError('CONFIG_UNKNOWN_KEY', `no config section "${section}": no installed plugin reads it`, {
      hint: `${didYouMean}sections: ${sections.join(', ')}; \`loom config list\` shows every key`,
    });
  }
  const inSection = getPath(kernel.validatedConfig(), [section]);
  const keys = isPlainObject(inSection) ? Object.keys(inSection).join(', ') : 'none';
  return new LoomError('CONFIG_UNKNOWN_KEY', `no config key "${key}"`, { hint: `${didYouMean}keys under ${section}: ${keys}` });
}

export type Scope = 'project' | 'user';

export interface ChangeRequest {
  paths: Paths;
  plugins: PluginCandidate[];
  scope: Scope;
  key: string;
  /** A raw value, parsed as JSON where it is JSON; undefined removes the key. */
  raw: string | undefined;
}

export interface ChangeResult {
  key: string;
  value: unknown;
  file: string;
}

/**
 * Sets or removes one key in the user or project file. The whole config is checked with
 * the change applied, by the same schemas a run uses, before the file is written.
 */
export async function changeConfig(request: ChangeRequest): Promise<ChangeResult> {
  const { paths, scope, key } = request;
  const file = scope === 'user' ? paths.userConfigFile : paths.projectConfigFile;
  const path = splitKey(key);
  const values = structuredClone(readConfigFile(file)?.values ?? {});
  const value = request.raw === undefined ? undefined : parseValue(request.raw);
  if (value === undefined) {
    if (!unsetPath(values, path)) {
      throw new LoomError('CONFIG_UNKNOWN_KEY', `${file} does not set "${key}"`, { hint: '`loom config list` shows each key with the file that sets it' });
    }
  } else {
    setPath(values, path, value);
  }

  const layers: ConfigLayer[] = [paths.userConfigFile, paths.projectConfigFile].flatMap((source) =>
    source === file ? [{ source, values }] : (readConfigFile(source) ?? []),
  );
  const kernel = await new Kernel({
    plugins: request.plugins,
    paths,
    configLayers: layers,
    strict: false,
    setUp: false,
    logger: createLogger('silent'),
  }).start();
  const section = path[0]!;
  const owner = kernel.status().find((status) => status.name === section);
  if (owner?.error?.code === 'CONFIG_INVALID') throw owner.error;
  if (value !== undefined) {
    if (!CORE_SECTIONS.has(section) && owner?.state !== 'ready') throw unknownKey(kernel, key);
    if (getPath(kernel.validatedConfig(), path) === undefined) throw unknownKey(kernel, key);
  }
  await writeConfigFile(file, values);
  return { key, value: value ?? null, file };
}
