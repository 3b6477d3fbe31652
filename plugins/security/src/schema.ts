import { z } from 'zod';
import { SEVERITIES } from './types.js';

/** The `security` section of loom.config.json. */
export const securityConfigSchema = z.strictObject({
  onSecret: z.enum(['redact', 'block']).default('redact').describe('What to do when a call to Claude contains a secret'),
  baselineFile: z.string().default('.loom-secrets-baseline.json').describe('Fingerprints of accepted findings, relative to the project root'),
  disabledRules: z.array(z.string()).default([]).describe('Secret rules not to run, by id'),
  failOn: z.enum(SEVERITIES as [string, ...string[]]).default('medium').describe('Lowest severity that makes `loom security scan` exit 1'),
  injection: z
    .strictObject({
      threshold: z.number().min(0).max(1).optional().describe('Score at which text counts as an injection (default: the shipped model\'s)'),
    })
    .default({}),
  policy: z
    .strictObject({
      allowPaths: z.array(z.string()).default([]).describe('Globs outside the project that may be read (~ is your home)'),
      allowCredentials: z.array(z.string()).default([]).describe('Globs of credentials stores that may be read all the same (best given for one run: --set)'),
      denyPaths: z.array(z.string()).default([]).describe('Globs never read, added to the built-in list'),
      allowCommands: z.array(z.string()).default([]).describe('If set, only commands matching these globs may run'),
      denyCommands: z.array(z.string()).default([]).describe('Commands never run, added to the built-in list'),
      maxInputBytes: z.number().int().positive().default(2_000_000).describe('Largest single input (file or text) Loom reads for Claude'),
    })
    .default({ allowPaths: [], allowCredentials: [], denyPaths: [], allowCommands: [], denyCommands: [], maxInputBytes: 2_000_000 }),
});

/** Keys an untrusted project may not set: each one switches a protection off or widens what is read or run. */
export const WEAKENING_KEYS = ['disabledRules', 'baselineFile', 'injection.threshold', 'policy.allowPaths', 'policy.allowCredentials', 'policy.allowCommands'];

export type SecurityConfig = z.output<typeof securityConfigSchema>;
