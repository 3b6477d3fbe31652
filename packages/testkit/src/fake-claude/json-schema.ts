import type { JsonObject } from './types.js';

type Schema = JsonObject | boolean;

const FORMATS: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  time: '00:00:00Z',
  email: 'a@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  hostname: 'example.com',
};

const MAX_DEPTH = 16;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A minimal value valid against a JSON schema, for forced tool calls: required properties
 * only, each with the smallest value of its type that meets its constraints (`const`, the
 * first `enum` value, `minLength`, `minimum`, `minItems`, a `format`, a `pattern` when one
 * of a few candidates matches), the first branch of `anyOf` / `oneOf`, `allOf` merged, and
 * local `$ref`s (`#/$defs/…`, `#/definitions/…`) followed.
 */
export function sampleFromSchema(schema: unknown): unknown {
  return sample(isObject(schema) || typeof schema === 'boolean' ? schema : {}, isObject(schema) ? schema : {}, 0);
}

function resolveRef(ref: string, root: JsonObject): Schema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return isObject(node) || typeof node === 'boolean' ? node : {};
}

function merge(schemas: Schema[]): JsonObject {
  const merged: JsonObject = {};
  const properties: JsonObject = {};
  const required = new Set<string>();
  for (const schema of schemas) {
    if (!isObject(schema)) continue;
    Object.assign(merged, schema);
    if (isObject(schema.properties)) Object.assign(properties, schema.properties);
    if (Array.isArray(schema.required)) for (const name of schema.required) required.add(String(name));
  }
  delete merged.allOf;
  if (Object.keys(properties).length) merged.properties = properties;
  if (required.size) merged.required = [...required];
  return merged;
}

function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) {
    const types = schema.type.map(String);
    return types.find((t) => t !== 'null') ?? types[0];
  }
  if (isObject(schema.properties) || Array.isArray(schema.required)) return 'object';
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return 'array';
  if (typeof schema.minLength === 'number' || typeof schema.pattern === 'string' || typeof schema.format === 'string') return 'string';
  if (typeof schema.minimum === 'number' || typeof schema.maximum === 'number') return 'number';
  return undefined;
}

function sample(schema: Schema, root: JsonObject, depth: number): unknown {
  if (typeof schema === 'boolean' || depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string') {
    const { $ref, ...rest } = schema;
    const target = resolveRef($ref as string, root);
    return sample(Object.keys(rest).length ? merge([target, rest]) : target, root, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (Array.isArray(schema.allOf)) return sample(merge(schema.allOf as Schema[]), root, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) {
      // Prefer a branch that is not just `null`, so optional-as-nullable fields get a real value.
      const branch = branches.find((b) => !(isObject(b) && b.type === 'null')) ?? branches[0];
      return sample(merge([{ ...schema, [key]: undefined }, branch as Schema]), root, depth + 1);
    }
  }
  switch (typeOf(schema)) {
    case 'object':
      return sampleObject(schema, root, depth);
    case 'array':
      return sampleArray(schema, root, depth);
    case 'string':
      return sampleString(schema);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return depth === 0 ? {} : null;
  }
}

function sampleObject(schema: JsonObject, root: JsonObject, depth: number): JsonObject {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const names = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (const name of Object.keys(properties)) {
    if (names.length >= minProperties) break;
    if (!names.includes(name)) names.push(name);
  }
  const value: JsonObject = {};
  for (const name of names) value[name] = sample((properties[name] as Schema | undefined) ?? {}, root, depth + 1);
  return value;
}

function sampleArray(schema: JsonObject, root: JsonObject, depth: number): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as Schema[]) : [];
  const minItems = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 0, 0);
  const items = (isObject(schema.items) || typeof schema.items === 'boolean' ? schema.items : {}) as Schema;
  const value: unknown[] = [];
  for (let i = 0; i < minItems; i++) value.push(sample(prefix[i] ?? items, root, depth + 1));
  return value;
}

function sampleString(schema: JsonObject): string {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const formatted = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  const candidates = [formatted, 'x'.repeat(minLength), 'a'.repeat(Math.max(minLength, 1)), '0'.repeat(Math.max(minLength, 1)), 'A'.repeat(Math.max(minLength, 1))];
  const fits = (s: string | undefined): s is string => s !== undefined && s.length >= minLength && s.length <= maxLength;
  if (typeof schema.pattern === 'string') {
    try {
      const pattern = new RegExp(schema.pattern, 'u');
      const match = candidates.find((s) => fits(s) && pattern.test(s));
      if (match !== undefined) return match;
    } catch {
      // An unsupported pattern: fall through to a plain value.
    }
  }
  return candidates.find(fits) ?? '';
}

function sampleNumber(schema: JsonObject, integer: boolean): number {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const min = num('minimum');
  const max = num('maximum');
  // Draft 4 spells exclusive bounds as booleans beside minimum / maximum.
  const xmin = num('exclusiveMinimum') ?? (schema.exclusiveMinimum === true ? min : undefined);
  const xmax = num('exclusiveMaximum') ?? (schema.exclusiveMaximum === true ? max : undefined);
  const multipleOf = num('multipleOf');
  const ok = (v: number) =>
    Number.isFinite(v) &&
    (min === undefined || v >= min) &&
    (max === undefined || v <= max) &&
    (xmin === undefined || v > xmin) &&
    (xmax === undefined || v < xmax) &&
    (!integer || Number.isInteger(v)) &&
    (multipleOf === undefined || multipleOf <= 0 || Math.abs(v / multipleOf - Math.round(v / multipleOf)) < 1e-9);
  const lo = xmin ?? min;
  const hi = xmax ?? max;
  const candidates = [0];
  if (lo !== undefined) candidates.push(lo, Math.ceil(lo), Math.floor(lo) + 1, lo + 1);
  if (lo !== undefined && hi !== undefined) candidates.push((lo + hi) / 2, Math.ceil((lo + hi) / 2));
  if (hi !== undefined) candidates.push(hi, Math.floor(hi), Math.ceil(hi) - 1, hi - 1);
  if (multipleOf !== undefined && multipleOf > 0) {
    for (const base of [lo ?? 0, hi ?? 0]) {
      const k = Math.ceil(base / multipleOf);
      candidates.push(k * multipleOf, (k + 1) * multipleOf, (k - 1) * multipleOf);
    }
  }
  return candidates.find(ok) ?? lo ?? hi ?? 0;
}
