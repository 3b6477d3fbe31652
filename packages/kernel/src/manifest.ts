import semver from 'semver';
import { z } from 'zod';
import { LoomError } from './errors.js';
import type { EventName, LoomEvents } from './events.js';
import type { PluginContext } from './context.js';
import { isStandardSchema, type InferOutput, type StandardSchemaV1 } from './standard-schema.js';
import type { Token } from './tokens.js';
import { PLUGIN_SPEC_VERSION } from './version.js';

export const PLUGIN_BRAND = '$loomPlugin';

const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;
const EVENT_NAME = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

const pluginName = z.string().regex(PLUGIN_NAME, 'lower-case letters, digits and dashes, such as "session"');
const semverRange = z
  .string()
  .refine((range) => semver.validRange(range) !== null, 'a semver range such as "^1.0.0"');
const callable = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'a function');

export const routeSchema = z.strictObject({
  /** The oclif command id, words separated by spaces: `session start`. */
  command: z.string().min(1),
  summary: z.string().min(1),
  /** Requests a user might type that this command answers; `loom auto` learns from them. */
  examples: z.array(z.string().min(1)).min(1),
  /** Argument and flag names with a description each, for the router to fill. */
  args: z.record(z.string(), z.string()).default({}),
  /**
   * What running it does to the world, for clients that ask before acting (MCP's tool hints):
   * `read` changes nothing, `write` only adds, `destroy` replaces or removes, `spend` calls
   * Claude. Left out, it is guessed from the command's last word.
   */
  effect: z.enum(['read', 'write', 'destroy', 'spend']).optional(),
});

export const permissionsSchema = z.strictObject({
  /** Hosts the plugin contacts; empty means none. */
  network: z.array(z.string()).default([]),
  /** Paths outside the project the plugin reads or writes. */
  filesystem: z.array(z.string()).default([]),
  /** Whether it runs other programs. */
  shell: z.boolean().default(false),
});

export const manifestSchema = z.strictObject({
  [PLUGIN_BRAND]: z.literal(PLUGIN_SPEC_VERSION),
  name: pluginName,
  version: z.string().refine((version) => semver.valid(version) !== null, 'a semver version such as "1.2.3"'),
  kernel: semverRange,
  description: z.string().optional(),
  dependsOn: z.record(pluginName, semverRange).default({}),
  optionalDependsOn: z.record(pluginName, semverRange).default({}),
  provides: z.array(z.symbol()).default([]),
  config: z.custom<StandardSchemaV1>(isStandardSchema, 'a zod (Standard Schema) object').optional(),
  routes: z.array(routeSchema).default([]),
  hooks: z.record(z.string().regex(EVENT_NAME, 'an event name such as "command:end"'), callable).default({}),
  permissions: permissionsSchema.default({ network: [], filesystem: [], shell: false }),
  /** Keys of its config section (dotted) that weaken security: an untrusted project may not set them. */
  weakensSecurity: z.array(z.string().min(1)).default([]),
  setup: callable.optional(),
  dispose: callable.optional(),
});

export type Route = z.output<typeof routeSchema>;
export type Permissions = z.output<typeof permissionsSchema>;

type HookHandlers = {
  [E in EventName]?: (payload: LoomEvents[E], ctx: PluginContext) => void | Promise<void>;
};

export interface PluginDefinition<S extends StandardSchemaV1 | undefined = undefined> {
  name: string;
  version: string;
  /** Semver range of the kernel plugin contract (KERNEL_API_VERSION) this plugin supports. */
  kernel: string;
  description?: string;
  dependsOn?: Record<string, string>;
  optionalDependsOn?: Record<string, string>;
  /** Tokens this plugin registers in setup with `ctx.provide`. */
  provides?: Token<unknown>[];
  /** Schema of this plugin's config section, keyed by its name. */
  config?: S;
  routes?: Array<z.input<typeof routeSchema>>;
  hooks?: HookHandlers;
  permissions?: z.input<typeof permissionsSchema>;
  /**
   * Keys of its config section, dotted (`policy.allowPaths`), that weaken security: honoured
   * from the user's config, env and flags, and from a project only once the user trusts it.
   */
  weakensSecurity?: string[];
  setup?: (ctx: PluginContext<InferOutput<S>>) => void | Promise<void>;
  dispose?: () => void | Promise<void>;
}

export type LoomPlugin<S extends StandardSchemaV1 | undefined = undefined> = PluginDefinition<S> & {
  readonly [PLUGIN_BRAND]: typeof PLUGIN_SPEC_VERSION;
};

/** The one way to declare a Loom plugin; the brand is how any kernel copy recognises it. */
export function definePlugin<S extends StandardSchemaV1 | undefined = undefined>(
  definition: PluginDefinition<S>,
): LoomPlugin<S> {
  return { ...definition, [PLUGIN_BRAND]: PLUGIN_SPEC_VERSION };
}

export type Manifest = Omit<z.output<typeof manifestSchema>, 'setup' | 'dispose' | 'hooks'> & {
  setup?: (ctx: PluginContext<unknown>) => void | Promise<void>;
  dispose?: () => void | Promise<void>;
  hooks: Record<string, (payload: unknown, ctx: PluginContext) => void | Promise<void>>;
};

/** Checks an unknown export against the contract; `origin` names it in errors. */
export function parseManifest(value: unknown, origin: string): Manifest {
  const brand = (value as Record<string, unknown> | null)?.[PLUGIN_BRAND];
  if (typeof value !== 'object' || value === null || brand === undefined) {
    throw new LoomError('PLUGIN_NOT_A_PLUGIN', `${origin} does not export a Loom plugin`, {
      hint: 'export default definePlugin({...}) from the file named by the "loom" field of package.json',
      plugin: origin,
    });
  }
  if (brand !== PLUGIN_SPEC_VERSION) {
    throw new LoomError(
      'PLUGIN_SPEC_UNSUPPORTED',
      `${origin} uses plugin contract ${String(brand)}; this kernel reads contract ${PLUGIN_SPEC_VERSION}`,
      { hint: 'upgrade loom, or install a version of the plugin built for this one', plugin: origin },
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw new LoomError('PLUGIN_MANIFEST_INVALID', `${origin}: manifest ${where}: ${issue.message}`, {
      hint: 'fix the definePlugin({...}) call of this plugin',
      plugin: origin,
    });
  }
  return parsed.data as Manifest;
}
