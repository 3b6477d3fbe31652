import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { LoomError } from '@loomkit/kernel';
import type { TokenUsage } from './pricing.js';
import type { ModelPrice } from './schema.js';

export type LlmRequest = Omit<MessageCreateParamsNonStreaming, 'stream'>;

/** A request whose model and max_tokens may be left to config. */
export type LlmRequestInput = Omit<LlmRequest, 'model' | 'max_tokens'> & Partial<Pick<LlmRequest, 'model' | 'max_tokens'>>;

export interface CallOptions {
  signal?: AbortSignal;
  /** The command making the call, for events and metrics. */
  command?: string;
  session?: string;
  /** What the session had spent before this command started, for the session budget. */
  sessionSpentUsd?: number;
  /** This call's own cap (e.g. from --max-cost); the command budget still applies. */
  maxCostUsd?: number;
}

export type StreamEvent = { type: 'text'; text: string } | { type: 'restart'; attempt: number; reason: string };

export interface LlmCall {
  readonly id: string;
  /** Middleware may rewrite it (redaction); what the transport sends is what it holds last. */
  request: LlmRequest;
  readonly options: CallOptions;
  readonly price: ModelPrice & { id: string };
  readonly stream: ((event: StreamEvent) => void) | undefined;
  attempts: number;
}

export interface LlmResult {
  message: Message;
  model: string;
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
  attempts: number;
}

export type Next = () => Promise<LlmResult>;
export type LlmMiddleware = (call: LlmCall, next: Next) => Promise<LlmResult>;

/**
 * Every call passes these stages in this order, whatever order plugins registered in:
 * policy (security: redact or block) → budget → observe (llm:* events) → metrics →
 * retry → limit (concurrency and tokens per minute) → the SDK. Within a stage, middleware
 * runs in registration order, which is the kernel's plugin setup order.
 */
export const LLM_STAGES = ['policy', 'budget', 'observe', 'metrics', 'retry', 'limit'] as const;
export type LlmStage = (typeof LLM_STAGES)[number];
/** The stages plugins may add to; the others belong to this package. */
export const PLUGIN_STAGES: readonly LlmStage[] = ['policy', 'metrics'];

interface Entry {
  stage: LlmStage;
  name: string;
  middleware: LlmMiddleware;
}

export class Pipeline {
  private readonly entries: Entry[] = [];

  use(stage: LlmStage, name: string, middleware: LlmMiddleware): void {
    if (!LLM_STAGES.includes(stage)) {
      throw new LoomError('LLM_STAGE_UNKNOWN', `no pipeline stage "${stage}"`, { hint: `stages are ${LLM_STAGES.join(', ')}` });
    }
    this.entries.push({ stage, name, middleware });
  }

  /** Names in the order a call passes them, for doctor and tests. */
  order(): string[] {
    return this.sorted().map((entry) => `${entry.stage}:${entry.name}`);
  }

  run(call: LlmCall, terminal: (call: LlmCall) => Promise<LlmResult>): Promise<LlmResult> {
    const chain = this.sorted();
    const at = (index: number): Promise<LlmResult> =>
      index === chain.length ? terminal(call) : chain[index]!.middleware(call, () => at(index + 1));
    return at(0);
  }

  private sorted(): Entry[] {
    // Array.prototype.sort is stable, so registration order holds within a stage.
    return [...this.entries].sort((a, b) => LLM_STAGES.indexOf(a.stage) - LLM_STAGES.indexOf(b.stage));
  }
}
