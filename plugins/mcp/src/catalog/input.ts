import { z } from 'zod';
import { LoomError } from '@loomkit/kernel';
import type { JsonSchemaObject, Parameter, ToolSpec } from './types.js';

/** The tool's `inputSchema`: types, enums, defaults and descriptions of its arguments and flags. */
export function inputSchemaOf(spec: ToolSpec): JsonSchemaObject {
  const properties: JsonSchemaObject['properties'] = {};
  for (const parameter of spec.parameters) {
    const one: Record<string, unknown> =
      parameter.type === 'boolean'
        ? { type: 'boolean' }
        : parameter.options
          ? { type: 'string', enum: parameter.options }
          : // Numbers are accepted for option flags such as max-cost: oclif parses the text.
            { type: ['string', 'number'] };
    const item = parameter.multiple ? { type: 'array', items: one } : one;
    properties[parameter.name] = {
      ...item,
      ...(parameter.description ? { description: parameter.description } : {}),
      ...(parameter.default !== undefined ? { default: parameter.default } : {}),
    };
  }
  const required = spec.parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

export type ParsedArguments = Record<string, string | boolean | string[]>;

const schemas = new WeakMap<ToolSpec, z.ZodType<ParsedArguments>>();

/** Checks a call's arguments against the tool's parameters; every problem at once, each named. */
export function parseArguments(spec: ToolSpec, input: unknown): ParsedArguments {
  let schema = schemas.get(spec);
  if (!schema) schemas.set(spec, (schema = zodSchemaOf(spec)));
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'arguments'}: ${issue.message}`);
  throw new LoomError('MCP_INVALID_ARGUMENTS', `${spec.name}: ${problems.join('; ')}`, {
    hint: `the arguments are: ${spec.parameters.map((parameter) => `${parameter.name}${parameter.required ? ' (required)' : ''}`).join(', ') || 'none'}`,
  });
}

function zodSchemaOf(spec: ToolSpec): z.ZodType<ParsedArguments> {
  const shape: Record<string, z.ZodType> = {};
  for (const parameter of spec.parameters) {
    const one: z.ZodType =
      parameter.type === 'boolean'
        ? z.boolean()
        : parameter.options
          ? z.enum(parameter.options as [string, ...string[]])
          : z.union([z.string(), z.number().transform(String)]);
    // A single value is accepted where a list is: models often send one path as a string.
    const value = parameter.multiple ? z.union([z.array(one), one.transform((item) => [item])]) : one;
    shape[parameter.name] = parameter.required ? value : value.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<ParsedArguments>;
}

/**
 * The command line for checked arguments: flags as `--name=value` (a value starting with a
 * dash stays a value), then the positional arguments in order. A positional left out before
 * one that is given cannot be said on a command line, so it is an error naming it.
 */
export function toArgv(spec: ToolSpec, values: ParsedArguments): string[] {
  const flags: string[] = [];
  const positional: string[] = [];
  let gap: Parameter | undefined;
  for (const parameter of spec.parameters) {
    const value = values[parameter.name];
    if (parameter.kind === 'arg') {
      if (value === undefined) {
        gap ??= parameter;
        continue;
      }
      if (gap) throw new LoomError('MCP_INVALID_ARGUMENTS', `${spec.name}: give ${gap.name} too when giving ${parameter.name}`, { hint: `positional arguments come in order: ${spec.parameters.filter((p) => p.kind === 'arg').map((p) => p.name).join(', ')}` });
      for (const word of [value].flat() as string[]) {
        if (word.startsWith('-')) throw new LoomError('MCP_INVALID_ARGUMENTS', `${spec.name}: ${parameter.name} may not start with "-"`, { hint: 'rephrase the value, e.g. without a leading dash' });
        positional.push(word);
      }
      continue;
    }
    if (value === undefined) continue;
    if (typeof value === 'boolean') {
      if (value) flags.push(`--${parameter.name}`);
      else if (parameter.allowNo) flags.push(`--no-${parameter.name}`);
      continue;
    }
    for (const one of [value].flat()) flags.push(`--${parameter.name}=${one}`);
  }
  return [...positional, ...flags];
}
