import { LoomError } from './errors.js';
import { trapExit } from './exit-trap.js';
import type { PluginCandidate, PluginStatus } from './kernel-types.js';
import { parseManifest } from './manifest.js';
import type { ResolverEntry } from './resolver.js';
import { withTimeout } from './timeout.js';

/**
 * Loads one candidate under `timeoutMs` (its `deadline` aborts with the timeout error, and a
 * `process.exit` from its code is trapped) and checks its manifest; `status` gets the
 * plugin's name, version and permissions. Throws what went wrong.
 */
export async function loadCandidate(candidate: PluginCandidate, status: PluginStatus, timeoutMs: number): Promise<ResolverEntry> {
  const deadline = new AbortController();
  const expired = () => {
    deadline.abort(phaseTimeout(candidate.origin, 'loading', timeoutMs));
    return deadline.signal.reason as LoomError;
  };
  const module = await trapExit(candidate.origin, 'loading', () => withTimeout(() => candidate.load({ deadline: deadline.signal }), timeoutMs, expired));
  const manifest = parseManifest(unwrapDefault(module), candidate.origin);
  Object.assign(status, { name: manifest.name, version: manifest.version, permissions: manifest.permissions });
  return { manifest, origin: candidate.origin, firstParty: candidate.firstParty };
}

function unwrapDefault(module: unknown): unknown {
  const value = module as { default?: unknown; $loomPlugin?: unknown } | null;
  if (value && typeof value === 'object' && value.$loomPlugin === undefined && value.default !== undefined) return value.default;
  return module;
}

/** `error` naming `plugin`: re-wrapped, keeping code, hint and exit code, only if it names none. */
export function naming(error: LoomError, plugin: string): LoomError {
  return error.plugin ? error : new LoomError(error.code, error.message, { hint: error.hint, plugin, cause: error, exitCode: error.exitCode });
}

export function phaseTimeout(plugin: string, phase: string, ms: number): LoomError {
  return new LoomError('PLUGIN_TIMEOUT', `plugin ${plugin} did not finish ${phase} within ${ms} ms`, {
    hint: 'raise kernel.phaseTimeoutMs, or report the slow plugin to its authors',
    plugin,
  });
}
