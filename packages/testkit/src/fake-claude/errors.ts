import type { FakeErrorReply, FakeErrorType } from './types.js';

/** The error type and wording the real API uses for each status. */
const BY_STATUS: Record<number, [FakeErrorType, string]> = {
  400: ['invalid_request_error', 'Invalid request'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of requests has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timed out'],
  529: ['overloaded_error', 'Overloaded'],
};

export function defaultErrorType(status: number): FakeErrorType {
  return BY_STATUS[status]?.[0] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export interface ErrorBody {
  type: 'error';
  error: { type: FakeErrorType; message: string };
  request_id: string | null;
}

/** `{"type":"error","error":{"type":…,"message":…},"request_id":…}`, as the real API answers. */
export function errorBody(status: number, requestId: string | null, type?: FakeErrorType, message?: string): ErrorBody {
  const [defaultType, defaultMessage] = BY_STATUS[status] ?? [defaultErrorType(status), `Error ${status}`];
  return { type: 'error', error: { type: type ?? defaultType, message: message ?? defaultMessage }, request_id: requestId };
}

/** Thrown inside a handler to answer with an error; the server turns it into the real shape. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: FakeErrorType,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  static from(reply: FakeErrorReply): FakeApiError {
    const body = errorBody(reply.status, null, reply.type, reply.message);
    return new FakeApiError(reply.status, body.error.type, body.error.message, reply.retryAfterSeconds);
  }
}

export const invalidRequest = (message: string) => new FakeApiError(400, 'invalid_request_error', message);
export const notFound = (message: string) => new FakeApiError(404, 'not_found_error', message);
