import { isLoomError, LoomError } from '@loomkit/kernel';

export const CANCELLED_EXIT = 130;

export const cancelled = () =>
  new LoomError('CANCELLED', 'cancelled', { hint: 'nothing was kept from the cancelled call', exitCode: CANCELLED_EXIT });

export const noApiKey = () =>
  new LoomError('NO_API_KEY', 'this needs Claude, and ANTHROPIC_API_KEY is not set', {
    hint: 'export ANTHROPIC_API_KEY=… (from console.anthropic.com); offline commands keep working without it',
  });

interface ApiErrorLike {
  status?: number;
  headers?: { get(name: string): string | null } | Headers;
  error?: { error?: { type?: string; message?: string } };
  message?: string;
  name?: string;
}

/** An SDK or network error, classified for retrying. */
export interface Classified {
  retryable: boolean;
  /** The server's requested wait (retry-after-ms or retry-after), if it sent one. */
  retryAfterMs: number | undefined;
  status: number | undefined;
}

const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 529]);
/** Our own failures of an attempt that another attempt may not have. */
const RETRYABLE_CODES = new Set(['LLM_STREAM_CUT', 'LLM_IDLE_TIMEOUT']);

export function classify(error: unknown, now = Date.now()): Classified {
  const apiError = error as ApiErrorLike;
  const status = typeof apiError?.status === 'number' ? apiError.status : undefined;
  if (isLoomError(error)) return { retryable: RETRYABLE_CODES.has(error.code), retryAfterMs: undefined, status };
  const aborted = apiError?.name === 'APIUserAbortError' || apiError?.name === 'AbortError';
  // No status and not an abort: the connection failed or timed out; worth another try.
  const retryable = aborted ? false : status === undefined ? true : RETRYABLE_STATUS.has(status);
  return { retryable, retryAfterMs: retryAfter(apiError?.headers, now), status };
}

function retryAfter(headers: ApiErrorLike['headers'], now: number): number | undefined {
  const get = (name: string) => (headers && typeof headers.get === 'function' ? headers.get(name) : null);
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  // A number is a delay or nothing: V8's Date.parse would read "-3" as a date in 2001.
  if (!Number.isNaN(seconds)) return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const BY_STATUS: Record<number, [code: string, hint: string]> = {
  400: ['LLM_BAD_REQUEST', 'this is a bug in Loom or a plugin; run with --verbose and report it'],
  401: ['LLM_AUTH_FAILED', 'check ANTHROPIC_API_KEY: the API did not accept it'],
  403: ['LLM_FORBIDDEN', 'the key has no access to this model or feature'],
  404: ['LLM_NOT_FOUND', 'check the model id (`loom config get llm.model`)'],
  413: ['LLM_TOO_LARGE', 'send less: narrow the paths or lower the chunk size'],
  429: ['LLM_RATE_LIMITED', 'lower llm.limits.* to your tier, or try again later'],
  529: ['LLM_OVERLOADED', 'Anthropic is overloaded; try again in a few minutes'],
};

/** The final form of a failed call: one LoomError, with the API key scrubbed from the text. */
export function toLlmError(error: unknown, attempts: number, scrub: (text: string) => string): LoomError {
  if (isLoomError(error)) return error;
  const apiError = error as ApiErrorLike;
  if (apiError?.name === 'APIUserAbortError' || apiError?.name === 'AbortError') return cancelled();
  const detail = scrub(apiError?.error?.error?.message ?? apiError?.message ?? String(error));
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const status = apiError?.status;
  if (status === undefined) {
    const timeout = apiError?.name === 'APIConnectionTimeoutError';
    return new LoomError(timeout ? 'LLM_TIMEOUT' : 'LLM_CONNECTION', `could not reach the Claude API${tries}: ${detail}`, {
      hint: 'check the network (and ANTHROPIC_BASE_URL if set)',
      cause: error,
    });
  }
  const [code, hint] = BY_STATUS[status] ?? (status >= 500 ? ['LLM_SERVER_ERROR', 'the API failed; try again later'] : ['LLM_API_ERROR', 'run with --verbose for details']);
  return new LoomError(code, `Claude API ${status}${tries}: ${detail}`, { hint, cause: error });
}
