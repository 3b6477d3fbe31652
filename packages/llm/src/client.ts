import { randomUUID } from 'node:crypto';
import type { MessageCountTokensParams } from '@anthropic-ai/sdk/resources/messages';
import { LoomError, type EventBus, type Logger, type Paths } from '@loomkit/kernel';
import { createBatchService, type BatchService } from './batches.js';
import { budgetMiddleware, Ledger, worstCaseUsd } from './budget.js';
import { cancelled, noApiKey, toLlmError } from './errors.js';
import { estimateInputTokens } from './estimate-tokens.js';
import './events.js';
import { PLUGIN_STAGES, Pipeline, type CallOptions, type LlmCall, type LlmMiddleware, type LlmRequest, type LlmRequestInput, type LlmResult, type LlmStage, type StreamEvent } from './pipeline.js';
import { costOf, findModel, modelTable, usageFromApi } from './pricing.js';
import { RateLimiter, type Limits } from './rate-limiter.js';
import { retryMiddleware, withRetry, type RetryPolicy } from './retry.js';
import type { LlmConfig, ModelTable } from './schema.js';
import { sleep as realSleep, type Sleep } from './sleep.js';
import { structuredCall, type StructuredSpec } from './structured.js';
import { sdkTransport, type Transport } from './transport.js';

export interface TokenCount {
  inputTokens: number;
  /** True when counted locally (no key): a planning figure, not the API's. */
  estimated: boolean;
}

export interface CostEstimate {
  inputTokens: number;
  maxOutputTokens: number;
  /** Worst case: all input uncached, all max_tokens used. */
  usd: number;
}

export interface LlmStream extends AsyncIterable<StreamEvent> {
  /** Settles when the call ends: the final message, priced. */
  readonly result: Promise<LlmResult>;
}

export interface Llm {
  /** Whether a key is set: ask before trying, so offline paths stay offline. */
  readonly available: boolean;
  readonly defaultModel: string;
  readonly models: ModelTable;
  /** The rate limits every call is paced to (llm.limits): for planning how long a fan-out takes. */
  readonly limits: Readonly<Limits>;
  /** Adds a step to a plugin stage (`policy` or `metrics`); the stage fixes its place. */
  use(stage: LlmStage, name: string, middleware: LlmMiddleware): void;
  /** Stage-ordered names of the pipeline's steps. */
  pipeline(): string[];
  create(request: LlmRequestInput, options?: CallOptions): Promise<LlmResult>;
  stream(request: LlmRequestInput, options?: CallOptions): LlmStream;
  /** A tool call whose input is validated by `spec.schema`, with one repair attempt. */
  structured<T>(request: LlmRequestInput, spec: StructuredSpec<T>, options?: CallOptions): Promise<{ value: T; result: LlmResult }>;
  countTokens(request: Pick<LlmRequestInput, 'messages' | 'system' | 'tools' | 'model'>, options?: { signal?: AbortSignal }): Promise<TokenCount>;
  estimateCost(request: LlmRequestInput, options?: { batch?: boolean }): CostEstimate;
  /** Dollars this command has spent so far. */
  spentUsd(): number;
  readonly batches: BatchService;
}

export interface LlmDeps {
  config: LlmConfig;
  env: NodeJS.ProcessEnv;
  events: Pick<EventBus, 'emit'>;
  paths: Paths;
  logger: Logger;
  /** The command's signal (Ctrl-C): aborts every call in flight. */
  signal?: AbortSignal;
  /** Tests may give another transport; Loom itself always uses the SDK. */
  transport?: Transport;
  now?: () => number;
  random?: () => number;
  sleep?: Sleep;
}

export function createLlm(deps: LlmDeps): Llm {
  const { config, env } = deps;
  const apiKey = env.ANTHROPIC_API_KEY || undefined;
  const scrub = (text: string) => (apiKey ? text.split(apiKey).join('[api key]') : text);
  const now = deps.now ?? Date.now;
  const pause = deps.sleep ?? realSleep;
  const transport =
    deps.transport ?? sdkTransport({ apiKey, baseURL: env.ANTHROPIC_BASE_URL || config.baseUrl, timeoutMs: config.retry.deadlineMs, idleTimeoutMs: config.retry.idleTimeoutMs });
  const models = modelTable(config.models);
  const ledger = new Ledger();
  const limiter = new RateLimiter(config.limits, now, pause);
  const pipeline = new Pipeline();

  const signalFor = (options: CallOptions): AbortSignal | undefined => {
    const signals = [deps.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  };

  const meta = (call: LlmCall) => ({ callId: call.id, model: call.price.id, command: call.options.command, session: call.options.session });

  pipeline.use('budget', 'budget', budgetMiddleware(config.budget, ledger));
  pipeline.use('observe', 'events', async (call, next) => {
    const started = now();
    await deps.events.emit('llm:request', { ...meta(call), estimatedInputTokens: estimateInputTokens(call.request), maxTokens: call.request.max_tokens, batch: false });
    try {
      const result = await next();
      await deps.events.emit('llm:response', { ...meta(call), tokens: result.usage, costUsd: result.costUsd, latencyMs: result.latencyMs, attempts: result.attempts, batch: false });
      return result;
    } catch (error) {
      const final = toLlmError(error, call.attempts, scrub);
      await deps.events.emit('llm:error', { ...meta(call), code: final.code, message: final.message, latencyMs: now() - started, attempts: call.attempts });
      throw final;
    }
  });
  const retry: RetryPolicy = { config: config.retry, deps: { sleep: pause, now, random: deps.random ?? Math.random }, signal: () => deps.signal };
  pipeline.use('retry', 'retry', retryMiddleware(retry.config, retry.deps, retry.signal));
  pipeline.use('limit', 'rate-limit', async (call, next) => {
    const reservation = await limiter.acquire({ input: estimateInputTokens(call.request), output: call.request.max_tokens }, signalFor(call.options));
    try {
      const result = await next();
      reservation.release({ input: result.usage.input + result.usage.cacheWrite + result.usage.cacheRead, output: result.usage.output });
      return result;
    } catch (error) {
      reservation.release();
      throw error;
    }
  });

  const complete = (input: LlmRequestInput): LlmRequest => ({ ...input, model: input.model ?? config.model, max_tokens: input.max_tokens ?? config.maxTokens });

  const run = async (input: LlmRequestInput, options: CallOptions, stream?: (event: StreamEvent) => void): Promise<LlmResult> => {
    if (!apiKey) throw noApiKey();
    const request = complete(input);
    const call: LlmCall = { id: randomUUID(), request, options, price: findModel(models, request.model), stream, attempts: 0 };
    const signal = signalFor(options);
    if (signal?.aborted) throw cancelled();
    try {
      return await pipeline.run(call, async (final) => {
        const started = now();
        const message = await transport.send(final, signal);
        const usage = usageFromApi(message.usage);
        return { message, model: message.model, usage, costUsd: costOf(final.price, usage), latencyMs: now() - started, attempts: final.attempts };
      });
    } catch (error) {
      throw signal?.aborted ? cancelled() : toLlmError(error, call.attempts, scrub);
    }
  };

  const llm: Llm = {
    available: apiKey !== undefined,
    defaultModel: config.model,
    models,
    use(stage, name, middleware) {
      if (!PLUGIN_STAGES.includes(stage)) {
        throw new LoomError('LLM_STAGE_RESERVED', `stage "${stage}" belongs to @loomkit/llm`, { hint: `plugins add to ${PLUGIN_STAGES.join(' or ')}` });
      }
      pipeline.use(stage, name, middleware);
    },
    pipeline: () => pipeline.order(),
    create: (request, options = {}) => run(request, options),
    stream(request, options = {}) {
      const queue: StreamEvent[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      const result = run(request, options, (event) => {
        queue.push(event);
        wake?.();
      }).finally(() => {
        done = true;
        wake?.();
      });
      // The consumer may only await `result`; do not let an unobserved rejection escape.
      result.catch(() => undefined);
      return {
        result,
        async *[Symbol.asyncIterator]() {
          for (;;) {
            if (queue.length > 0) {
              yield queue.shift()!;
              continue;
            }
            if (done) {
              await result;
              return;
            }
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        },
      };
    },
    structured: (request, spec, options = {}) => structuredCall((next) => run(next, options), request, spec),
    async countTokens(request, options = {}) {
      const estimate = () => ({ inputTokens: estimateInputTokens(request), estimated: true });
      if (!apiKey) return estimate();
      const params = { model: request.model ?? config.model, messages: request.messages, system: request.system, tools: request.tools } as MessageCountTokensParams;
      const tally = { attempts: 0 };
      try {
        return { inputTokens: await withRetry(retry, tally, () => transport.countTokens(params, options.signal ?? deps.signal)), estimated: false };
      } catch (error) {
        throw toLlmError(error, tally.attempts, scrub);
      }
    },
    estimateCost(request, options = {}) {
      const full = complete(request);
      const price = findModel(models, full.model);
      return {
        inputTokens: estimateInputTokens(full),
        maxOutputTokens: full.max_tokens,
        usd: worstCaseUsd(full, price, { batch: options.batch, batchDiscount: models.batchDiscount }),
      };
    },
    spentUsd: () => ledger.spentUsd,
    limits: { ...config.limits },
    batches: createBatchService({
      transport,
      models,
      ledger,
      budget: config.budget,
      complete,
      available: () => apiKey !== undefined,
      stateDir: deps.paths.stateDir,
      events: deps.events,
      now,
      sleep: pause,
      signal: () => deps.signal,
      retry,
      scrub,
    }),
  };
  return llm;
}
