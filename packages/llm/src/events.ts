import type { TokenUsage } from './pricing.js';

export interface LlmEventBase {
  callId: string;
  model: string;
  command: string | undefined;
  session: string | undefined;
}

declare module '@loomkit/kernel' {
  interface LoomEvents {
    /** A call is about to be sent (after policy and budget, so its content is what leaves). */
    'llm:request': LlmEventBase & { estimatedInputTokens: number; maxTokens: number; batch: boolean };
    'llm:response': LlmEventBase & { tokens: TokenUsage; costUsd: number; latencyMs: number; attempts: number; batch: boolean };
    'llm:error': LlmEventBase & { code: string; message: string; latencyMs: number; attempts: number };
  }
}

export {};
