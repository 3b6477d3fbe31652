import { z } from 'zod';
import { CALL_RECORD_VERSION } from './types.js';

/** The `metrics` section of loom.config.json. */
export const metricsConfigSchema = z.strictObject({
  otlp: z.url().optional().describe('OTLP/HTTP endpoint `loom metrics export` sends to when --otlp is not given, e.g. http://127.0.0.1:4318'),
  claudeDirs: z.array(z.string()).optional().describe('Claude Code config folders to read (default: $CLAUDE_CONFIG_DIR, else ~/.claude and ~/.config/claude)'),
});
export type MetricsConfig = z.output<typeof metricsConfigSchema>;

export { CALL_RECORD_VERSION };

/** One line of the call log: one call through the llm door, successful or not. */
export const callRecordSchema = z.object({
  v: z.literal(CALL_RECORD_VERSION),
  id: z.string(),
  /** Epoch ms when the call ended. */
  t: z.number(),
  command: z.string().nullable(),
  session: z.string().nullable(),
  project: z.string(),
  model: z.string(),
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  cacheWrite: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  savedUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  retries: z.number().int().nonnegative(),
  error: z.string().nullable(),
});
export type CallRecord = z.output<typeof callRecordSchema>;

export const budgetSchema = z.object({
  usd: z.number().positive(),
  per: z.enum(['day', 'week', 'month']),
  /** Warn once spending passes this share of the budget. */
  warnAt: z.number().min(0).max(1).default(0.8),
});
export type Budget = z.output<typeof budgetSchema>;
