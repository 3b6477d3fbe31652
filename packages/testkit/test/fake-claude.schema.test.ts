import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleFromSchema } from '../src/index.js';

const valid = (schema: Record<string, unknown>) => {
  const value = sampleFromSchema(schema);
  const result = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value);
  return { value, ok: result.success, issues: result.success ? [] : result.error.issues };
};

describe('sampleFromSchema: a minimal valid value for a tool input', () => {
  const schemas: Record<string, Record<string, unknown>> = {
    'required only': { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a'] },
    'string bounds': { type: 'object', properties: { s: { type: 'string', minLength: 3, maxLength: 5 } }, required: ['s'] },
    formats: {
      type: 'object',
      properties: { when: { type: 'string', format: 'date-time' }, mail: { type: 'string', format: 'email' }, id: { type: 'string', format: 'uuid' }, link: { type: 'string', format: 'uri' } },
      required: ['when', 'mail', 'id', 'link'],
    },
    pattern: { type: 'object', properties: { code: { type: 'string', pattern: '^[0-9]+$' } }, required: ['code'] },
    'number bounds': {
      type: 'object',
      properties: { a: { type: 'integer', minimum: 5 }, b: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, c: { type: 'integer', maximum: -3 }, d: { type: 'integer', minimum: 7, multipleOf: 5 } },
      required: ['a', 'b', 'c', 'd'],
    },
    'enum and const': { type: 'object', properties: { e: { enum: ['x', 'y'] }, k: { const: 42 }, b: { type: 'boolean' } }, required: ['e', 'k', 'b'] },
    arrays: { type: 'object', properties: { list: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2 } }, required: ['list'] },
    nested: {
      type: 'object',
      properties: { inner: { type: 'object', properties: { deep: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }, minItems: 1 } }, required: ['deep'] } },
      required: ['inner'],
    },
    'nullable union': { type: 'object', properties: { maybe: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 2 }] } }, required: ['maybe'] },
    'type list': { type: 'object', properties: { t: { type: ['null', 'integer'], minimum: 3 } }, required: ['t'] },
    refs: { type: 'object', $defs: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } }, properties: { p: { $ref: '#/$defs/Point' } }, required: ['p'] },
    allOf: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer', minimum: 1 } }, required: ['b'] }] },
    minProperties: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, minProperties: 1 },
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`is valid: ${name}`, () => {
      const { value, ok, issues } = valid(schema);
      expect(issues).toEqual([]);
      expect(ok).toBe(true);
      expect(value).toBeTypeOf('object');
    });
  }

  it('is valid for schemas zod itself emits', () => {
    const tool = z.object({
      path: z.string().min(1),
      mode: z.enum(['read', 'write']),
      lines: z.array(z.number().int().positive()).min(1),
      options: z.object({ recursive: z.boolean(), depth: z.number().int().min(2).max(9) }),
      comment: z.string().optional(),
      tags: z.array(z.string()).nullable(),
    });
    const value = sampleFromSchema(z.toJSONSchema(tool));
    expect(tool.parse(value)).toEqual({ path: 'x', mode: 'read', lines: [1], options: { recursive: false, depth: 2 }, tags: [] });
  });

  it('leaves optional properties out and picks enum[0]', () => {
    expect(sampleFromSchema({ type: 'object', properties: { a: { enum: ['first', 'second'] }, b: { type: 'string' } }, required: ['a'] })).toEqual({ a: 'first' });
  });
});
