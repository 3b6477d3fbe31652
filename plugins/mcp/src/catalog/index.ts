import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Config } from '@oclif/core';
import { LoomError, manifestSchema, type Kernel, type Route } from '@loomkit/kernel';
import { effectOf, SPEND_NOTE } from './effects.js';
import type { Parameter, ToolSpec } from './types.js';

export { annotationsOf, effectOf, SPEND_NOTE } from './effects.js';
export { inputSchemaOf, parseArguments, toArgv, type ParsedArguments } from './input.js';
export type { Effect, JsonSchemaObject, Parameter, ToolSpec } from './types.js';

/** Flags every LoomCommand has: the server sets --json itself, the rest is the user's own setup. */
const GLOBAL_FLAGS = new Set(['json', 'verbose', 'set', 'help']);
const PATH_NAMES = /^(path|paths|file|files|dir|folder|output|out|baseline|target|workflow)$/;

export type FindCommand = (id: string) => Command.Loadable | undefined;

/**
 * One tool per installed command that has a route (third-party ones included) and prints
 * `--json` data: the route gives the summary, examples and argument descriptions; oclif's
 * manifest (no command module imported) gives the arguments' and flags' shapes.
 */
export function buildCatalog(routes: ReadonlyArray<Route & { plugin: string }>, find: FindCommand): ToolSpec[] {
  const tools = new Map<string, ToolSpec>();
  for (const route of routes) {
    const command = find(route.command.replaceAll(' ', ':'));
    if (!command?.enableJsonFlag) continue;
    const parameters = parametersOf(command, route.args);
    // A route that says what it does is believed; the verb is only a third party's fallback.
    const effect = route.effect ?? effectOf(route.command, parameters.map((parameter) => parameter.name));
    const spec: ToolSpec = {
      name: toolName(route.command),
      command: route.command,
      plugin: route.plugin,
      summary: route.summary,
      description: describe(route, command, effect),
      examples: route.examples,
      parameters,
      effect,
    };
    tools.set(spec.name, spec);
  }
  return [...tools.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The tools of the running CLI: its own core commands (doctor, config, init, trust, plugins)
 * and every ready plugin's routes but this one's (the server is no tool of itself).
 */
export function catalogOf(kernel: Pick<Kernel, 'routes'>, config: Pick<Config, 'findCommand' | 'root'>): ToolSpec[] {
  return buildCatalog(
    [...coreRoutes(config.root), ...kernel.routes().filter((route) => route.plugin !== 'mcp')],
    (id) => config.findCommand(id),
  );
}

/** The file beside the CLI's package.json that routes its core commands (no plugin declares them). */
export const CORE_ROUTES_FILE = 'loom.routes.json';

/** The CLI's core routes, checked like a plugin's; a CLI without the file has none. */
export function coreRoutes(cliRoot: string): Array<Route & { plugin: string }> {
  let text: string;
  try {
    text = readFileSync(join(cliRoot, CORE_ROUTES_FILE), 'utf8');
  } catch {
    return [];
  }
  const parsed = manifestSchema.shape.routes.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoomError('MCP_CORE_ROUTES_INVALID', `${join(cliRoot, CORE_ROUTES_FILE)}: ${issue.path.map(String).join('.')}: ${issue.message}`, { hint: 'reinstall loom' });
  }
  return parsed.data.map((route) => ({ ...route, plugin: 'loom' }));
}

/** `query mega` → `query_mega`; MCP names are [a-zA-Z0-9_-], at most 64 characters. */
export function toolName(command: string): string {
  return command.trim().replace(/[^a-zA-Z0-9]+/g, '_').slice(0, 64);
}

function describe(route: Route, command: Command.Loadable, effect: ToolSpec['effect']): string {
  const lines = [route.summary.replace(/\.?$/, '.')];
  if (effect === 'spend') lines.push(SPEND_NOTE);
  lines.push(`Runs \`loom ${route.command} --json\` in the project; the result is its JSON data.`);
  const examples = route.examples.slice(0, 3).map((example) => `"${example}"`).join(', ');
  lines.push(`For requests like: ${examples}.`);
  if (command.deprecationOptions || command.state === 'deprecated') lines.push('Deprecated.');
  return lines.join('\n');
}

function parametersOf(command: Command.Loadable, described: Record<string, string>): Parameter[] {
  const args = Object.entries(command.args ?? {}).map(([name, arg]): Parameter => ({
    name,
    kind: 'arg',
    type: 'string',
    description: described[name] ?? arg.description ?? '',
    required: Boolean(arg.required),
    multiple: false,
    options: arg.options ? [...arg.options] : undefined,
    default: typeof arg.default === 'string' ? arg.default : undefined,
    allowNo: false,
    path: PATH_NAMES.test(name),
  }));
  const flags = Object.entries(command.flags ?? {})
    .filter(([name, flag]) => !GLOBAL_FLAGS.has(name) && !flag.hidden)
    .map(([name, flag]): Parameter => ({
      name,
      kind: 'flag',
      type: flag.type === 'boolean' ? 'boolean' : 'string',
      description: described[name] ?? flag.description ?? flag.summary ?? '',
      required: Boolean(flag.required),
      multiple: flag.type === 'option' && Boolean(flag.multiple),
      options: flag.type === 'option' && flag.options ? [...flag.options] : undefined,
      default: typeof flag.default === 'string' || typeof flag.default === 'boolean' ? flag.default : undefined,
      allowNo: flag.type === 'boolean' && Boolean(flag.allowNo),
      path: PATH_NAMES.test(name),
    }));
  // A command that takes more words than it declares (`strict = false`, e.g. `security scan
  // [paths…]`) takes them as a list in its last argument, or as `rest` when it declares none.
  if (command.strict === false) {
    const last = args.at(-1);
    if (last) last.multiple = true;
    else args.push({ name: 'rest', kind: 'arg', type: 'string', description: 'the words of the command line', required: false, multiple: true, allowNo: false, path: false });
  }
  return [...args, ...flags];
}
