import type { LlmResult } from '@loomkit/llm';
import type { TurnRecord } from '../schema.js';

export interface ContextPlan {
  /** Messages to send, oldest first, within the token budget. */
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  /** Pinned memory (project notes file + session pins), never summarised away; goes in the system prompt. */
  pinned: string[];
  estimatedTokens: number;
  /** Turns left out of the verbatim context, and how they were covered. */
  dropped: number[];
  mode: 'full' | 'summarised' | 'truncated';
  note: string | undefined;
}

export interface CompactionPreview {
  /** Seqs of the turns a compaction would summarise. */
  turns: number[];
  keep: number;
  estimatedTokensBefore: number;
  estimatedTokensAfter: number;
}

/**
 * Conversation with Claude inside a session: `ask` carries the session's context (pinned
 * memory + summary turns + recent turns within budget) and records the turn with usage and
 * cost; `compact` summarises older turns into a visible summary turn (raw turns stay on
 * disk). Offline, context building falls back to truncation with a clear note.
 */
export interface ConversationService {
  /** `question` (optional, added): counted against the budget, so the plan leaves room for it. */
  buildContext(sessionId: string, options?: { question?: string }): Promise<ContextPlan>;
  /**
   * Optional additions: `onRestart` (a stream cut and retried: text shown so far will be sent
   * again), `onContext` (the plan, just before the call: its note can be shown before the
   * answer), and in the answer `context` (that plan) and `compacted` (the summary turn
   * written first when the context was over its budget).
   */
  ask(
    sessionId: string,
    question: string,
    options?: {
      signal?: AbortSignal;
      maxCostUsd?: number;
      onText?: (text: string) => void;
      onRestart?: (attempt: number) => void;
      onContext?: (context: ContextPlan, compacted: TurnRecord | undefined) => void;
    },
  ): Promise<{ turn: TurnRecord; result: LlmResult; context?: ContextPlan; compacted?: TurnRecord }>;
  previewCompaction(sessionId: string, options?: { keep?: number }): Promise<CompactionPreview>;
  /** `signal` and `maxCostUsd` are optional additions, as for `ask`. */
  compact(sessionId: string, options?: { keep?: number; instructions?: string; signal?: AbortSignal; maxCostUsd?: number }): Promise<TurnRecord>;
}
