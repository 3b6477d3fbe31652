import type { StandardSchemaV1 } from './standard-schema.js';
import { closest } from './suggest.js';

/**
 * Unknown config keys, one rule wherever they are (a top-level section no plugin reads, a
 * typo inside a section, from a file, `LOOM_*` or `--set`): each is reported with the
 * nearest known key and left out before validation, so a strict plugin schema never
 * disables its plugin over a typo, and a lenient one never drops it silently.
 *
 * Known keys come from the schema's Standard JSON Schema (`~standard.jsonSchema`, which
 * zod 4 implements): the kernel never depends on the plugin's copy of zod.
 */
export interface KeyTree {
  /** Each known key, with the tree under it when it is an object of known keys. */
  keys: ReadonlyMap<string, KeyTree | undefined>;
}

export interface UnknownKey {
  /** Dotted path of the unknown key. */
  key: string;
  /** Dotted path of the nearest known key at the same level, if one is near. */
  suggestion: string | undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

interface JsonSchemaSource {
  jsonSchema?: { input?: (options: { target: string }) => unknown };
}

/** The known keys of a schema, or undefined when it cannot say (no JSON Schema, or not an object). */
export function keyTreeOf(schema: StandardSchemaV1 | undefined): KeyTree | undefined {
  const source = schema?.['~standard'] as JsonSchemaSource | undefined;
  try {
    return treeOf(source?.jsonSchema?.input?.({ target: 'draft-2020-12' }));
  } catch {
    // A type JSON Schema cannot express (a custom check): such a section is not checked.
    return undefined;
  }
}

/** Only objects that list their properties and allow nothing else are checked; records and unions are not. */
function treeOf(node: unknown): KeyTree | undefined {
  if (!isObject(node) || !isObject(node.properties)) return undefined;
  if (isObject(node.additionalProperties) || node.additionalProperties === true) return undefined;
  return { keys: new Map(Object.entries(node.properties).map(([key, child]) => [key, treeOf(child)])) };
}

/** `values` without the keys `tree` does not know (a copy), and those keys. */
export function pruneUnknown(values: unknown, tree: KeyTree | undefined, prefix: readonly string[] = []): { value: unknown; unknown: UnknownKey[] } {
  if (!tree || !isObject(values)) return { value: values, unknown: [] };
  const value: Json = {};
  const unknown: UnknownKey[] = [];
  for (const [key, child] of Object.entries(values)) {
    if (!tree.keys.has(key)) {
      const near = closest(key, tree.keys.keys(), Math.max(2, Math.floor(key.length / 3)));
      unknown.push({ key: [...prefix, key].join('.'), suggestion: near === undefined ? undefined : [...prefix, near].join('.') });
      continue;
    }
    const pruned = pruneUnknown(child, tree.keys.get(key), [...prefix, key]);
    value[key] = pruned.value;
    unknown.push(...pruned.unknown);
  }
  return { value, unknown };
}

/** Every known dotted key of the trees, sections included: what a did-you-mean picks from. */
export function knownKeys(trees: ReadonlyMap<string, KeyTree | undefined>, prefix: readonly string[] = []): string[] {
  return [...trees].flatMap(([key, tree]) => {
    const path = [...prefix, key];
    return [path.join('.'), ...(tree ? knownKeys(tree.keys, path) : [])];
  });
}

/**
 * The whole config checked at once: top-level keys against the known sections, each
 * section against its tree. Returns the sections to validate, pruned, and what was unknown.
 */
export function checkConfigKeys(values: Json, sections: ReadonlyMap<string, KeyTree | undefined>): { sections: Json; unknown: UnknownKey[] } {
  const { value, unknown } = pruneUnknown(values, { keys: sections });
  return { sections: value as Json, unknown };
}

/** `flags: unknown config key "securty", ignored (did you mean "security"?)` */
export function describeUnknownKey({ key, suggestion }: UnknownKey, origin: string): string {
  return `${origin}: unknown config key "${key}", ignored${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}
