import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { definePlugin } from '@loomkit/kernel';
import { LlmToken } from '@loomkit/llm';
import { injectionGuardFrom, secretScannerFrom } from './detectors.js';
import { createPolicy } from './policy/policy.js';
import { createRedactor } from './redaction/redactor.js';
import { securityConfigSchema, WEAKENING_KEYS } from './schema.js';
import { readBaseline } from './secrets/index.js';
import { InjectionGuardToken, PolicyToken, RedactorToken, SecretsToken } from './tokens.js';
import { securityRoutes } from './routes.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export default definePlugin({
  name: 'security',
  version,
  kernel: '^1.0.0',
  description: 'No secret leaves the machine; injected instructions are caught; paths and commands follow a policy.',
  dependsOn: { llm: '^0.1.0' },
  provides: [SecretsToken, RedactorToken, InjectionGuardToken, PolicyToken],
  config: securityConfigSchema,
  weakensSecurity: WEAKENING_KEYS,
  routes: securityRoutes,
  permissions: { shell: true },
  setup(ctx) {
    const config = ctx.config;
    const baselinePath = isAbsolute(config.baselineFile) ? config.baselineFile : join(ctx.paths.projectRoot, config.baselineFile);
    ctx.provide(SecretsToken, {
      factory: () => {
        const baseline = existsSync(baselinePath) ? readBaseline(baselinePath) : [];
        return secretScannerFrom({ baseline, disabledRules: config.disabledRules });
      },
    });
    ctx.provide(RedactorToken, { factory: () => createRedactor(ctx.get(SecretsToken), config.onSecret, ctx.events) });
    ctx.provide(InjectionGuardToken, {
      factory: () => injectionGuardFrom(config.injection.threshold === undefined ? {} : { threshold: config.injection.threshold }),
    });
    ctx.provide(PolicyToken, { factory: () => createPolicy(config.policy, ctx.paths.projectRoot) });
    // Every call to Claude passes the redactor first: the stage, not import order, puts it there.
    ctx.get(LlmToken).use('policy', 'security:redact', (call, next) => ctx.get(RedactorToken).middleware(call, next));
  },
});

export { SecretsToken, RedactorToken, InjectionGuardToken, PolicyToken } from './tokens.js';
export { securityConfigSchema, type SecurityConfig } from './schema.js';
export type { Policy, PolicySummary, PathDecision, PathOptions } from './policy/policy.js';
export type { Decision } from './policy/commands.js';
export type { Redactor, RedactionResult } from './redaction/redactor.js';
/** The redactor's text transform, for callers that scanned the text already. */
export { placeholder, replaceFindings } from './redaction/redactor.js';
/** What the scanner never reads as text: by extension, and by a NUL byte in the first 8 KiB. */
export { isBinaryContent, isBinaryPath } from './secrets/binary.js';
export type * from './types.js';
/** Digest of the code and data that decide findings and verdicts: part of every scanner's and guard's `version`. */
export { detectionVersion } from './detection-version.js';
/** The scanner and guard rebuilt from their `recipe` (also `@loomkit/plugin-security/detectors`, which loads no plugin code). */
export { injectionGuardFrom, secretScannerFrom } from './detectors.js';
