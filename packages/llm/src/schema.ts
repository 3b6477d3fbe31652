import { z } from 'zod';

export const modelPriceSchema = z.strictObject({
  contextWindow: z.number().int().positive(),
  /** USD per million tokens. */
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  cacheRead: z.number().nonnegative(),
  aliases: z.array(z.string()).default([]),
});

export const modelTableSchema = z.object({
  updated: z.string(),
  source: z.string(),
  batchDiscount: z.number().min(0).max(1),
  models: z.record(z.string(), modelPriceSchema),
});

export type ModelPrice = z.output<typeof modelPriceSchema>;
export type ModelTable = z.output<typeof modelTableSchema>;

/** The `llm` section of loom.config.json. The API key is deliberately not here: env only. */
export const llmConfigSchema = z.strictObject({
  model: z.string().min(1).default('claude-sonnet-4-6').describe('Model used when a command does not choose one'),
  baseUrl: z.url().optional().describe('API base URL (ANTHROPIC_BASE_URL wins over it)'),
  maxTokens: z.number().int().positive().default(4096).describe('Default max_tokens of a call'),
  budget: z
    .strictObject({
      perCommandUsd: z.number().positive().optional().describe('Most one command may spend (also --max-cost)'),
      perSessionUsd: z.number().positive().optional().describe('Most one session may spend'),
    })
    .default({}),
  retry: z
    .strictObject({
      // Ten: under a 50% rate of 529s, five attempts lost about one call in thirty and most
      // multi-call runs with it (pnpm bench llm-faults); ten lose one in a thousand.
      maxAttempts: z.number().int().min(1).max(20).default(10),
      baseDelayMs: z.number().int().nonnegative().default(500),
      maxDelayMs: z.number().int().positive().default(30_000),
      deadlineMs: z.number().int().positive().default(600_000).describe('Longest a call may take, retries included'),
      idleTimeoutMs: z.number().int().positive().default(60_000).describe('An attempt that receives nothing this long (first byte, or between stream events) is abandoned and retried'),
    })
    .default({ maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000, deadlineMs: 600_000, idleTimeoutMs: 60_000 }),
  limits: z
    .strictObject({
      concurrency: z.number().int().min(1).default(4),
      // Anthropic's tier-1 limits: a fan-out is throttled to them instead of being rejected.
      requestsPerMinute: z.number().int().positive().default(50),
      inputTokensPerMinute: z.number().int().positive().default(30_000),
      outputTokensPerMinute: z.number().int().positive().default(8_000),
    })
    .default({ concurrency: 4, requestsPerMinute: 50, inputTokensPerMinute: 30_000, outputTokensPerMinute: 8_000 }),
  models: z.record(z.string(), modelPriceSchema.partial().extend({ aliases: z.array(z.string()).optional() })).default({}).describe('Price overrides or extra models, USD per million tokens'),
});

export type LlmConfig = z.output<typeof llmConfigSchema>;
