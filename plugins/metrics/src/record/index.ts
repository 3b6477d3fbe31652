import { randomUUID } from 'node:crypto';
import { isLoomError } from '@loomkit/kernel';
import type { LlmMiddleware } from '@loomkit/llm';
import { CALL_RECORD_VERSION, type CallRecord } from '../schema.js';
import type { CallLog } from '../store/call-log.js';
import type { BudgetGuard } from './budget.js';

const PER_MILLION = 1_000_000;

export interface RecorderDeps {
  log: Pick<CallLog, 'append'>;
  project: string;
  /** The running command, from the `command:start` hook, when the call does not name one. */
  command: () => string | null;
  now: () => number;
  budget?: () => BudgetGuard | undefined;
  /** Recording must never fail a call: a failed write is reported here. */
  onWriteError: (error: unknown) => void;
}

/** The `metrics` stage: after budget and events, before retries, so it sees each call once with its retries. */
export function recordingStep(deps: RecorderDeps): LlmMiddleware {
  return async (call, next) => {
    const settle = deps.budget?.()?.admit(call);
    const started = deps.now();
    const base = {
      v: CALL_RECORD_VERSION,
      id: call.id || randomUUID(),
      command: call.options.command ?? deps.command(),
      session: call.options.session ?? null,
      project: deps.project,
      model: call.price.id,
    } as const;
    const write = (record: CallRecord) => {
      try {
        deps.log.append(record);
      } catch (error) {
        deps.onWriteError(error);
      }
    };
    try {
      const result = await next();
      settle?.(result.costUsd);
      const { usage } = result;
      write({
        ...base,
        t: deps.now(),
        ...usage,
        costUsd: result.costUsd,
        savedUsd: (usage.cacheRead * (call.price.input - call.price.cacheRead)) / PER_MILLION,
        latencyMs: deps.now() - started,
        retries: Math.max(0, result.attempts - 1),
        error: null,
      });
      return result;
    } catch (error) {
      settle?.(0);
      write({ ...base, t: deps.now(), input: 0, output: 0, cacheWrite: 0, cacheRead: 0, costUsd: 0, savedUsd: 0, latencyMs: deps.now() - started, retries: Math.max(0, call.attempts - 1), error: errorCode(error) });
      throw error;
    }
  };
}

/** Errors reach this stage as the retry stage left them: a LoomError, or the SDK's error with its HTTP status. */
function errorCode(error: unknown): string {
  if (isLoomError(error)) return error.code;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? `HTTP_${status}` : 'UNKNOWN';
}
