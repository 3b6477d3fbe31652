import { LoomError } from '@loomkit/kernel';

/** Called whenever bytes arrive: the attempt is alive, its idle clock starts again. */
export type Touch = () => void;

export const idleTimeout = (ms: number) =>
  new LoomError('LLM_IDLE_TIMEOUT', `the API sent nothing for ${ms} ms; the attempt was abandoned`, {
    hint: 'it is retried; raise llm.retry.idleTimeoutMs if your network is that slow',
  });

/**
 * Runs one attempt under an idle clock: if nothing arrives for `ms` (before the first byte or
 * between two stream events), the attempt is aborted and fails with LLM_IDLE_TIMEOUT, which
 * the retry policy retries. A hung connection then costs seconds, not the whole deadline.
 * The caller's signal (Ctrl-C) still aborts as a cancellation.
 */
export async function withIdleTimeout<T>(ms: number, signal: AbortSignal | undefined, attempt: (signal: AbortSignal, touch: Touch) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let idle = false;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      controller.abort();
    }, ms);
  };
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  touch();
  try {
    return await attempt(controller.signal, touch);
  } catch (error) {
    throw idle && !signal?.aborted ? idleTimeout(ms) : error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
