/**
 * Public types of the fake Claude API. They describe the wire format loosely (plain JSON
 * objects): the fake is checked against the real `@anthropic-ai/sdk` in this package's
 * tests, and does not import it, so users of the testkit need not install the SDK.
 */

export type JsonObject = Record<string, unknown>;

/** The `type` of an API error body (`{"type":"error","error":{"type":…}}`). */
export type FakeErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

export type FakeStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

/** An error a script or a fault makes the fake answer with. */
export interface FakeErrorReply {
  /** HTTP status, e.g. 400, 429, 500, 529. */
  status: number;
  /** Defaults to the type the real API uses for that status (429 → rate_limit_error, …). */
  type?: FakeErrorType;
  /** Defaults to the real API's wording for that status. */
  message?: string;
  /** Seconds sent in `retry-after` (429 and 529 only; default 1 for 429, none for 529). */
  retryAfterSeconds?: number;
}

export interface FakeToolCall {
  name: string;
  /**
   * The tool input, sent as it is, valid or not (so a test can script an invalid input to
   * exercise repair). Left out: a minimal object valid against the tool's `input_schema`.
   */
  input?: unknown;
  /** Defaults to a generated `toolu_…` id. */
  id?: string;
}

/** What the fake answers a Messages request with, in full. */
export interface FakeReplySpec {
  /** A text block (first, before any tool calls). */
  text?: string;
  /** One or more tool_use blocks (after the text). */
  toolUse?: FakeToolCall | FakeToolCall[];
  /** Defaults to `tool_use` when there are tool calls, else `end_turn` (or `max_tokens` / `stop_sequence` when those cut the text). */
  stopReason?: FakeStopReason;
  /** Answer with this error instead of a message (in a batch: an `errored` result). */
  error?: FakeErrorReply;
}

/** A plain string is a text reply. */
export type FakeReply = string | FakeReplySpec;

export interface FakeReplyContext {
  /** 0-based count of Messages requests (plain, streaming and batch items) the script has been asked about. */
  index: number;
  /** True for `stream: true` requests. */
  stream: boolean;
  /** Set for requests inside a Message Batch. */
  batch?: { id: string; customId: string };
}

/**
 * A test's script: the request body in, the reply out; `undefined` means "the default reply"
 * (see {@link startFakeClaude}). A single reply answers every request; an array answers the
 * n-th request with its n-th entry, then falls back to the default.
 */
export type FakeReplyScript =
  | ((request: FakeMessagesRequest, context: FakeReplyContext) => FakeReply | undefined | Promise<FakeReply | undefined>)
  | FakeReply
  | FakeReply[];

/** The body of a Messages request, as parsed JSON (only what the fake reads is typed). */
export interface FakeMessagesRequest extends JsonObject {
  model: string;
  max_tokens: number;
  messages: Array<{ role: string; content: unknown }>;
  system?: unknown;
  tools?: Array<JsonObject & { name?: string; input_schema?: JsonObject }>;
  tool_choice?: JsonObject & { type?: string; name?: string };
  stop_sequences?: string[];
  stream?: boolean;
}

/**
 * What happens to one request picked by `sequence`: `200` or `'ok'` serves it normally;
 * another number answers with that error status (its real type and message); `'hang'` never
 * answers (until the client gives up or the fake closes); `'cut'` destroys the socket, after
 * `cutAfterEvents` events (default 3) of a streaming response, or before answering otherwise;
 * `'lost'` serves a JSON request (a batch is created, say) but its answer never leaves: the
 * connection stays open as with `'hang'`, so the client cannot know the request took effect;
 * `'truncate'` ends a streaming response cleanly after 3 events, with no error event and no
 * `message_stop`, as a proxy that closes early would (a JSON answer is sent whole).
 */
export type FakeFaultStep = number | 'ok' | 'hang' | 'cut' | 'lost' | 'truncate';

/**
 * Faults for a test. Everything is deterministic: rates draw from a PRNG seeded by `seed`.
 * Precedence for a request: `hang`, then the next `sequence` step, then `rate`, then normal.
 */
export interface FakeFaultSpec {
  /** Which requests the faults touch (default: every request). */
  match?: (request: FakeRecordedRequest) => boolean;
  /** One step per matching request, in order; once used up, requests are served normally. */
  sequence?: FakeFaultStep[];
  /** Fraction (0–1) of matching requests to fail with one of `statuses`. */
  rate?: number;
  /** Statuses picked from (uniformly, seeded) for `rate` failures. Default [529]. */
  statuses?: number[];
  /** Seed of the PRNG behind `rate` (default 1). */
  seed?: number;
  /** Added before every matching response (errors included). */
  latencyMs?: number;
  /** Pause between the events of a streaming response. */
  eventDelayMs?: number;
  /** Every matching request hangs (never answered until the client aborts or the fake closes). */
  hang?: boolean;
  /** Cut every matching streaming response after this many SSE events (socket destroyed). */
  cutAfterEvents?: number;
  /** Send an SSE `error` event after this many events of every matching streaming response, then end it. */
  streamErrorAfterEvents?: number;
  /** Type of that error event (default `overloaded_error`). */
  streamErrorType?: FakeErrorType;
  /** `retry-after` seconds on fault-made 429s (default 1) and 529s (default: none sent). */
  retryAfterSeconds?: number;
  /**
   * Hold every matching request until this many requests are in flight at once, then let
   * them all go: a concurrency test proves overlap without timing windows. Held requests go
   * early only after `holdQuietMs` with no new arrival (a call made alone, a run's tail).
   */
  holdUntilInFlight?: number;
  /** Quiet time that releases held requests anyway (default 3000 ms). */
  holdQuietMs?: number;
}

/** Token usage as the fake reported it in an answer. */
export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  service_tier: 'standard' | 'batch';
}

/** One request as the fake saw it. */
export interface FakeRecordedRequest {
  /** 0-based arrival order. */
  seq: number;
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; the values of `x-api-key` and `authorization` are replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when there was none, the raw text when it was not JSON). */
  body: unknown;
  /** The `request-id` the fake answered with. */
  requestId: string;
  /** When the request arrived, in `performance.now()` milliseconds (for tests of waits). */
  receivedAt: number;
  /** Status of the response, once its head is sent (undefined for hung or cut-before-answer requests). */
  status?: number;
  /** The usage a Messages answer reported (streamed or not), so tests can price what the API billed. */
  usage?: FakeUsage;
}

export interface FakeModel {
  id: string;
  display_name?: string;
  /** Other names accepted for this model (e.g. an undated alias). */
  aliases?: string[];
  created_at?: string;
  lifecycle?: 'active' | 'deprecated' | 'retired';
  line?: string | null;
  max_input_tokens?: number;
  /** Largest `max_tokens` a request may ask of this model (default 64000). */
  max_tokens?: number;
}

export interface FakeClaudeOptions {
  /** The key clients must send (as `x-api-key` or `Authorization: Bearer`). Default: a fresh random one. */
  apiKey?: string;
  /** The model catalog (replaces the default one, see `DEFAULT_FAKE_MODELS`). */
  models?: Array<string | FakeModel>;
  /** Retrieves that still answer `in_progress` before a batch is `ended` (default 1: the second retrieve sees it ended). */
  batchPollsUntilEnded?: number;
  /** Breakpoints whose prefix is shorter than this many (estimated) tokens are not cached, as the real API's per-model minimum (default 0). */
  minCacheTokens?: number;
  /** Characters of text per `text_delta` / JSON per `input_json_delta` (default 12). */
  chunkChars?: number;
  /** Seed for generated ids (default 1), so runs are reproducible. */
  seed?: number;
  /** Initial reply script (same as calling `reply()`). */
  reply?: FakeReplyScript;
  /** Initial faults (same as calling `faults()`). */
  faults?: FakeFaultSpec;
}

export interface FakeClaude {
  /** Base URL for the SDK's `baseURL` / `ANTHROPIC_BASE_URL`, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The key the fake accepts. */
  readonly apiKey: string;
  /** Every request so far, in arrival order (a live array: read it after the calls). */
  readonly requests: FakeRecordedRequest[];
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** Most requests ever in flight at once since start or the last `reset()`. */
  readonly peakInFlight: number;
  /** Sets the reply script (`undefined` restores the default replies). */
  reply(script: FakeReplyScript | undefined): void;
  /** Sets the faults (`undefined` removes them); a sequence starts from its first step. */
  faults(spec: FakeFaultSpec | undefined): void;
  /**
   * Back to how `startFakeClaude(options)` left it: forgets requests, peak, prompt cache and
   * batches, restores `options.reply` / `options.faults`, and ids start over.
   */
  reset(): void;
  /** Stops listening and destroys every open connection, hung ones included. */
  close(): Promise<void>;
}
