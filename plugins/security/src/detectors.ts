import { detectionVersion } from './detection-version.js';
import { createInjectionGuard } from './injection/index.js';
import { createSecretScanner } from './secrets/index.js';
import type { InjectionGuard, InjectionGuardRecipe, SecretScanner, SecretScannerRecipe } from './types.js';

/**
 * The scanner and the guard as the plugin provides them, built from plain settings (their
 * `recipe`), so another thread (a worker scoring files in parallel) builds the same ones: equal
 * recipes, equal versions, equal findings and verdicts. A light module: no plugin, no kernel.
 */
export function secretScannerFrom(recipe: SecretScannerRecipe): SecretScanner {
  const own = { baseline: [...recipe.baseline], disabledRules: [...recipe.disabledRules] };
  return stamped(createSecretScanner(own), own, () => detectionVersion('secrets', [...own.baseline].sort(), own.disabledRules));
}

export function injectionGuardFrom(recipe: InjectionGuardRecipe): InjectionGuard {
  const own = recipe.threshold === undefined ? {} : { threshold: recipe.threshold };
  return stamped(createInjectionGuard(own), own, () => detectionVersion('injection', own.threshold ?? null));
}

/** Stamps a service with its recipe and the version of what decides its results, computed when first read (callers that cache by it). */
function stamped<T extends object, R>(service: T, recipe: R, version: () => string): T {
  let value: string | undefined;
  Object.defineProperty(service, 'recipe', { value: recipe, enumerable: true });
  return Object.defineProperty(service, 'version', { get: () => (value ??= version()), enumerable: true });
}

/** The redactor's text transform, for callers that scanned the text already. */
export { placeholder, replaceFindings } from './redaction/replace.js';
