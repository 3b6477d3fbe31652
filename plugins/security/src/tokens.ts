import { createToken } from '@loomkit/kernel';
import type { Policy } from './policy/policy.js';
import type { Redactor } from './redaction/redactor.js';
import type { InjectionGuard, SecretScanner } from './types.js';

export const SecretsToken = createToken<SecretScanner>('loom.security.secrets');
export const RedactorToken = createToken<Redactor>('loom.security.redactor');
export const InjectionGuardToken = createToken<InjectionGuard>('loom.security.injection-guard');
export const PolicyToken = createToken<Policy>('loom.security.policy');
