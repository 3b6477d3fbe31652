import semver from 'semver';
import { LoomError } from './errors.js';
import type { Manifest } from './manifest.js';
import { tokenName } from './tokens.js';

export interface ResolverEntry {
  manifest: Manifest;
  /** The npm package it came from, for messages. */
  origin: string;
  firstParty: boolean;
}

export interface ResolverFailure {
  entry: ResolverEntry;
  error: LoomError;
}

export interface Resolution {
  /** Plugins in setup order: every plugin after all of its present dependencies. */
  order: ResolverEntry[];
  failures: ResolverFailure[];
}

export interface ResolveOptions {
  kernelVersion: string;
  /** Tokens the kernel itself provides; a plugin may not provide them again. */
  reservedTokens?: readonly symbol[];
  reservedNames?: ReadonlySet<string>;
}

/**
 * Checks the plugin graph and orders it. Pure: every failure is a value naming the
 * plugin, and a plugin that fails takes down the plugins that need it, by name.
 */
export function resolvePlugins(entries: readonly ResolverEntry[], options: ResolveOptions): Resolution {
  const failures: ResolverFailure[] = [];
  const fail = (entry: ResolverEntry, code: string, message: string, hint: string) => {
    failures.push({ entry, error: new LoomError(code, message, { hint, plugin: entry.manifest.name }) });
  };

  const claimed = new Set<ResolverEntry>();
  const seen = new Map<string, ResolverEntry>();
  // First-party plugins claim their names first: a third-party plugin named `security`
  // is refused by name, whatever order oclif listed them in.
  for (const entry of byPrecedence(entries)) {
    const { name, kernel } = entry.manifest;
    const twin = seen.get(name);
    if (options.reservedNames?.has(name)) {
      fail(entry, 'PLUGIN_NAME_RESERVED', `plugin name "${name}" (from ${entry.origin}) is reserved by the kernel`, 'rename the plugin');
    } else if (twin?.firstParty && !entry.firstParty) {
      fail(
        entry,
        'PLUGIN_NAME_TAKEN',
        `plugin name "${name}" (from ${entry.origin}) is taken by the bundled plugin ${twin.origin}`,
        `uninstall it with \`loom plugins uninstall ${entry.origin}\`, or ask its authors to rename it`,
      );
    } else if (twin) {
      fail(
        entry,
        'PLUGIN_DUPLICATE',
        `plugin ${name} is installed twice: ${twin.origin} and ${entry.origin}`,
        `remove one with \`loom plugins uninstall ${entry.origin}\``,
      );
    } else if (!semver.satisfies(options.kernelVersion, kernel, { includePrerelease: true })) {
      fail(
        entry,
        'PLUGIN_KERNEL_INCOMPATIBLE',
        `plugin ${name}@${entry.manifest.version} needs kernel ${kernel}, but this Loom has kernel ${options.kernelVersion}`,
        `install a version of ${entry.origin} built for kernel ${semver.major(options.kernelVersion)}.x, or upgrade loom`,
      );
    } else {
      seen.set(name, entry);
      claimed.add(entry);
    }
  }
  // Back in the given order, which setup order follows among independent plugins.
  let alive = entries.filter((entry) => claimed.has(entry));

  alive = dropTokenConflicts(alive, options.reservedTokens ?? [], fail);

  // Dependencies: a failure removes the plugin, which may break others; repeat to a fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    const byName = new Map(alive.map((entry) => [entry.manifest.name, entry]));
    const failedNames = new Set(failures.map((failure) => failure.entry.manifest.name));
    for (const entry of alive) {
      const problem = dependencyProblem(entry, byName, failedNames);
      if (problem) {
        fail(entry, problem.code, problem.message, problem.hint);
        alive = alive.filter((other) => other !== entry);
        changed = true;
        break;
      }
    }
  }

  return { order: orderByDependencies(alive, fail), failures };
}

/** First-party entries first, each group in its given order (the sort is stable). */
function byPrecedence(entries: readonly ResolverEntry[]): ResolverEntry[] {
  return [...entries].sort((a, b) => Number(b.firstParty) - Number(a.firstParty));
}

type Fail = (entry: ResolverEntry, code: string, message: string, hint: string) => void;

function dropTokenConflicts(entries: ResolverEntry[], reserved: readonly symbol[], fail: Fail): ResolverEntry[] {
  const owners = new Map<symbol, ResolverEntry | 'kernel'>(reserved.map((token) => [token, 'kernel']));
  // First-party plugins claim their tokens first, so a third-party one cannot shadow them.
  const losers = new Set<ResolverEntry>();
  for (const entry of byPrecedence(entries)) {
    // Check every token before claiming any, so that a loser keeps none of its tokens.
    const token = entry.manifest.provides.find((provided) => owners.has(provided));
    if (token === undefined) {
      for (const provided of entry.manifest.provides) owners.set(provided, entry);
      continue;
    }
    const owner = owners.get(token)!;
    const holder = owner === 'kernel' ? 'the kernel' : `plugin ${owner.manifest.name} (${owner.origin})`;
    fail(
      entry,
      'PLUGIN_TOKEN_CONFLICT',
      `plugin ${entry.manifest.name} provides ${tokenName(token)}, already provided by ${holder}`,
      `uninstall one of the two, or disable one with \`loom config set kernel.disabledPlugins '["${entry.manifest.name}"]'\``,
    );
    losers.add(entry);
  }
  return entries.filter((entry) => !losers.has(entry));
}

function dependencyProblem(
  entry: ResolverEntry,
  byName: ReadonlyMap<string, ResolverEntry>,
  failedNames: ReadonlySet<string>,
): { code: string; message: string; hint: string } | undefined {
  const { name, dependsOn, optionalDependsOn } = entry.manifest;
  for (const [dependency, range] of Object.entries(dependsOn)) {
    const found = byName.get(dependency);
    if (!found) {
      return failedNames.has(dependency)
        ? {
            code: 'PLUGIN_DEPENDENCY_FAILED',
            message: `plugin ${name} needs ${dependency}, which failed to load`,
            hint: `run \`loom doctor\` to see why ${dependency} failed`,
          }
        : {
            code: 'PLUGIN_DEPENDENCY_MISSING',
            message: `plugin ${name} needs plugin ${dependency} ${range}, which is not installed`,
            hint: `install a plugin that provides ${dependency}, e.g. \`loom plugins install <package>\``,
          };
    }
    if (!semver.satisfies(found.manifest.version, range, { includePrerelease: true })) {
      return versionProblem(name, dependency, range, found);
    }
  }
  for (const [dependency, range] of Object.entries(optionalDependsOn)) {
    const found = byName.get(dependency);
    if (found && !semver.satisfies(found.manifest.version, range, { includePrerelease: true })) {
      return versionProblem(name, dependency, range, found);
    }
  }
  return undefined;
}

function versionProblem(name: string, dependency: string, range: string, found: ResolverEntry) {
  return {
    code: 'PLUGIN_DEPENDENCY_VERSION',
    message: `plugin ${name} needs ${dependency} ${range}, but ${dependency}@${found.manifest.version} is installed`,
    hint: `install a version of ${found.origin} that satisfies ${range}`,
  };
}

/** Depth-first topological order; plugins on a cycle fail with the cycle's path. */
function orderByDependencies(entries: ResolverEntry[], fail: Fail): ResolverEntry[] {
  const byName = new Map(entries.map((entry) => [entry.manifest.name, entry]));
  const state = new Map<string, 'visiting' | 'done' | 'cyclic'>();
  const order: ResolverEntry[] = [];

  const visit = (entry: ResolverEntry, stack: string[]): boolean => {
    const name = entry.manifest.name;
    const current = state.get(name);
    if (current === 'done') return true;
    if (current === 'cyclic') return false;
    if (current === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      for (const member of new Set(cycle)) {
        state.set(member, 'cyclic');
        fail(
          byName.get(member)!,
          'PLUGIN_DEPENDENCY_CYCLE',
          `plugins depend on each other in a cycle: ${cycle.join(' -> ')}`,
          'remove one of these dependencies: a cycle cannot be ordered even when an edge is optional',
        );
      }
      return false;
    }
    state.set(name, 'visiting');
    const { dependsOn, optionalDependsOn } = entry.manifest;
    const edges = [
      ...Object.keys(dependsOn).map((dependency) => ({ dependency, optional: false })),
      ...Object.keys(optionalDependsOn).map((dependency) => ({ dependency, optional: true })),
    ];
    for (const { dependency, optional } of edges) {
      const next = byName.get(dependency);
      if (!next || visit(next, [...stack, name])) continue;
      // On the cycle itself: already reported with the cycle's path.
      if (state.get(name) === 'cyclic') return false;
      if (optional) continue;
      state.set(name, 'cyclic');
      fail(entry, 'PLUGIN_DEPENDENCY_FAILED', `plugin ${name} needs ${dependency}, which failed to load`, `run \`loom doctor\` to see why ${dependency} failed`);
      return false;
    }
    state.set(name, 'done');
    order.push(entry);
    return true;
  };

  for (const entry of entries) visit(entry, []);
  return order;
}
