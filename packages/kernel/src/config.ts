import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isLoomError, LoomError } from './errors.js';
import { readRegularFileSync } from './read-file.js';
import { issuePath, type StandardSchemaV1 } from './standard-schema.js';

/**
 * Layered configuration: defaults < user file < project file < LOOM_* env < flags.
 * Each layer remembers where it came from so that a bad value names its file and key.
 */
export interface ConfigLayer {
  /** A file path, `env` or `flags`. */
  source: string;
  values: Record<string, unknown>;
  /** False for a project file the user has not trusted: its security-weakening keys are dropped. */
  trusted?: boolean;
}

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;

/** Keys the kernel owns; every other top-level key is a plugin's section. */
export const coreConfigSchema = z.object({
  $schema: z.string().optional().describe('JSON Schema for editors'),
  logLevel: z.enum(LOG_LEVELS).default('warn').describe('How much Loom writes to stderr'),
  kernel: z
    .strictObject({
      disabledPlugins: z.array(z.string()).default([]).describe('Plugins not to load, by name'),
      phaseTimeoutMs: z
        .number()
        .int()
        .positive()
        .default(10_000)
        .describe('Longest a plugin may take to load, set up or dispose'),
    })
    .default({ disabledPlugins: [], phaseTimeoutMs: 10_000 }),
});

export type CoreConfig = z.output<typeof coreConfigSchema>;
export const CORE_SECTIONS: ReadonlySet<string> = new Set(Object.keys(coreConfigSchema.shape));

type Json = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Assigning to this key would reach Object.prototype, so no config key may use it. */
const PROTO_KEY = '__proto__';

/** A config file is a few KiB; anything bigger is not one. */
export const CONFIG_MAX_BYTES = 1_048_576;
/** Deeper than any real config (the schemas nest three levels); far below what would overflow the stack. */
export const CONFIG_MAX_DEPTH = 64;

/** How deep arrays and objects nest in `value`, counted without recursion, stopping past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const unreadable = (message: string) =>
  new LoomError('CONFIG_UNREADABLE', message, {
    hint: 'a Loom config file is a small JSON file; replace it with one (`loom init` writes one), or remove it',
  });

export function readConfigFile(file: string): ConfigLayer | undefined {
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readRegularFileSync(file, CONFIG_MAX_BYTES).toString('utf8');
  } catch (error) {
    // The reader's own errors already name the file and say why.
    throw unreadable(isLoomError(error) ? error.message : `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text it stopped at, line breaks and all: kept on the error's one line.
    throw new LoomError('CONFIG_PARSE_ERROR', `${file}: not valid JSON (${(error as Error).message.replace(/\s*[\r\n]\s*/g, ' ')})`, {
      hint: 'fix the file by hand, or delete it and run `loom init`',
    });
  }
  if (!isPlainObject(parsed)) {
    throw new LoomError('CONFIG_PARSE_ERROR', `${file}: expected a JSON object at the top`, {
      hint: 'a Loom config file looks like { "logLevel": "info" }',
    });
  }
  if (depthOf(parsed, CONFIG_MAX_DEPTH) > CONFIG_MAX_DEPTH) {
    throw new LoomError('CONFIG_TOO_DEEP', `${file}: objects and arrays nest more than ${CONFIG_MAX_DEPTH} levels deep`, {
      hint: 'no Loom setting nests that deep; fix the file by hand, or delete it and run `loom init`',
    });
  }
  return { source: file, values: parsed };
}

/** Parses a command-line or environment value: JSON where it is JSON, else the string. */
export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const camel = (snake: string) => snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * `LOOM_LOG_LEVEL=debug` sets `logLevel`; `LOOM_SECURITY__ON_SECRET=block` sets
 * `security.onSecret`. Only variables whose first segment names a known section count,
 * so oclif's own `LOOM_DATA_DIR` and friends are left alone.
 */
export function envLayer(env: NodeJS.ProcessEnv, sections: ReadonlySet<string>): ConfigLayer {
  const values: Json = {};
  // A plugin named `my-plugin` is reached as LOOM_MY_PLUGIN__KEY: match sections by their camel form.
  const byCamel = new Map([...sections].map((section) => [section.includes('-') ? camel(section.replaceAll('-', '_')) : section, section]));
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('LOOM_') || raw === undefined) continue;
    const [first, ...rest] = name.slice(5).split('__').map(camel);
    const section = byCamel.get(first!);
    if (section === undefined) continue;
    setPath(values, [section, ...rest], parseValue(raw));
  }
  return { source: 'env', values };
}

/** `key.path=value` pairs, as given to `--set`. */
export function assignmentsLayer(assignments: readonly string[], source = 'flags'): ConfigLayer {
  const values: Json = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) {
      throw new LoomError('CONFIG_BAD_ASSIGNMENT', `"${assignment}" is not key=value`, {
        hint: 'write it as --set security.onSecret=block',
      });
    }
    setPath(values, splitKey(assignment.slice(0, at)), parseValue(assignment.slice(at + 1)));
  }
  return { source, values };
}

export function splitKey(key: string): string[] {
  const path = key.split('.');
  if (path.some((segment) => segment.length === 0 || segment === PROTO_KEY)) {
    throw new LoomError('CONFIG_BAD_KEY', `"${key}" is not a config key`, {
      hint: 'keys are dotted names such as kernel.phaseTimeoutMs',
    });
  }
  return path;
}

export function getPath(values: unknown, path: readonly string[]): unknown {
  let node = values;
  for (const segment of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

export function setPath(values: Json, path: readonly string[], value: unknown): void {
  let node = values;
  for (const segment of path.slice(0, -1)) {
    if (!isPlainObject(node[segment])) node[segment] = {};
    node = node[segment] as Json;
  }
  node[path.at(-1)!] = value;
}

export function unsetPath(values: Json, path: readonly string[]): boolean {
  const parent = getPath(values, path.slice(0, -1));
  if (!isPlainObject(parent) || !Object.hasOwn(parent, path.at(-1)!)) return false;
  delete parent[path.at(-1)!];
  return true;
}

export interface MergedConfig {
  values: Json;
  /** Dotted key of every leaf that a layer set, to the layer's source. */
  origins: Map<string, string>;
}

export function mergeLayers(layers: readonly ConfigLayer[]): MergedConfig {
  const values: Json = {};
  const origins = new Map<string, string>();
  const merge = (target: Json, source: Json, prefix: string[], origin: string) => {
    for (const [key, value] of Object.entries(source)) {
      // JSON.parse makes "__proto__" an own key; merging it would pollute Object.prototype.
      if (key === PROTO_KEY) continue;
      const path = [...prefix, key];
      if (isPlainObject(value)) {
        if (!isPlainObject(target[key])) target[key] = {};
        merge(target[key] as Json, value, path, origin);
      } else {
        target[key] = value;
        origins.set(path.join('.'), origin);
      }
    }
  };
  for (const layer of layers) merge(values, layer.values, [], layer.source);
  return { values, origins };
}

/** The source of the value at `path`, or of the nearest parent that a layer set. */
export function originOf(origins: ReadonlyMap<string, string>, path: readonly string[]): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const origin = origins.get(path.slice(0, length).join('.'));
    if (origin) return origin;
  }
  // A missing or wrong object: report the first layer that set anything under it.
  const prefix = `${path.join('.')}.`;
  for (const [key, origin] of origins) if (key.startsWith(prefix)) return origin;
  return undefined;
}

/** Validates one section with its owner's schema; errors name the file, key and expectation. */
export async function validateSection<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
  section: string | undefined,
  merged: MergedConfig,
  plugin?: string,
): Promise<T> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value;
  const issue = result.issues[0]!;
  const path = [...(section ? [section] : []), ...issuePath(issue)];
  const key = path.join('.') || '(root)';
  const origin = originOf(merged.origins, path) ?? 'config';
  const got = getPath(merged.values, path);
  // A leaf value is worth echoing; an object (wrong keys inside it) is not.
  const leaf = got !== undefined && (typeof got !== 'object' || got === null || Array.isArray(got));
  const where = origin === 'env' ? 'the LOOM_* variable' : origin;
  throw new LoomError('CONFIG_INVALID', `${origin}: ${key}: ${issue.message}${leaf ? `, got ${JSON.stringify(got)}` : ''}`, {
    hint: leaf ? `run \`loom config set ${key} <value>\` or edit ${where}` : `edit ${where}`,
    plugin,
  });
}
