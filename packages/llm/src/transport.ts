import type Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCountTokensParams } from '@anthropic-ai/sdk/resources/messages';
import type { BatchCreateParams, MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import { LoomError } from '@loomkit/kernel';
import { noApiKey } from './errors.js';
import { withIdleTimeout } from './idle-timeout.js';
import type { LlmCall } from './pipeline.js';

/** What the pipeline's last step needs from the API; the SDK is its one implementation. */
export interface Transport {
  send(call: LlmCall, signal: AbortSignal | undefined): Promise<Message>;
  countTokens(params: MessageCountTokensParams, signal?: AbortSignal): Promise<number>;
  createBatch(requests: BatchCreateParams['requests'], signal?: AbortSignal): Promise<MessageBatch>;
  retrieveBatch(id: string, signal?: AbortSignal): Promise<MessageBatch>;
  batchResults(id: string, signal?: AbortSignal): AsyncIterable<MessageBatchIndividualResponse>;
  cancelBatch(id: string): Promise<MessageBatch>;
  /** The newest batches of the workspace, newest first (one page). */
  recentBatches(signal?: AbortSignal): Promise<MessageBatch[]>;
}

export interface SdkTransportOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  /** The whole deadline: the SDK's own timeout, a backstop behind the idle clock. */
  timeoutMs: number;
  /** Longest an attempt may wait for its first byte or between two stream events. */
  idleTimeoutMs: number;
}

/**
 * @anthropic-ai/sdk behind the Transport interface. The SDK is imported on the first
 * call, never before, so commands that stay offline do not pay for loading it.
 */
export function sdkTransport(options: SdkTransportOptions): Transport {
  let client: Promise<Anthropic> | undefined;
  const sdk = (): Promise<Anthropic> => {
    if (!options.apiKey) return Promise.reject(noApiKey());
    client ??= import('@anthropic-ai/sdk').then(
      ({ default: AnthropicClient }) =>
        // Retries are ours (see retry.ts): every attempt must pass the limiter and the deadline.
        new AnthropicClient({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, maxRetries: 0, timeout: options.timeoutMs }),
    );
    return client;
  };

  const idle = <T>(signal: AbortSignal | undefined, attempt: Parameters<typeof withIdleTimeout<T>>[2]) => withIdleTimeout(options.idleTimeoutMs, signal, attempt);

  return {
    send(call, signal) {
      // Every Messages call streams on the wire, even when the caller wants only the final
      // message: a non-streamed answer sends no byte until it is complete, so a hung
      // connection could not be told from a long answer. Streamed, the API sends events
      // (and pings) all along, and the idle clock can be short.
      return idle(signal, async (attemptSignal, touch) => {
        const api = await sdk();
        const stream = api.messages.stream(call.request, { signal: attemptSignal });
        for await (const event of stream) {
          touch();
          if (call.stream && event.type === 'content_block_delta' && event.delta.type === 'text_delta') call.stream({ type: 'text', text: event.delta.text });
        }
        const message = await stream.finalMessage();
        if (message.stop_reason === null) {
          throw new LoomError('LLM_STREAM_CUT', 'the stream ended before the message did', { hint: 'it will be retried' });
        }
        return message;
      });
    },
    countTokens(params, signal) {
      return idle(signal, async (attemptSignal) => (await (await sdk()).messages.countTokens(params, { signal: attemptSignal })).input_tokens);
    },
    createBatch(requests, signal) {
      return idle(signal, async (attemptSignal) => (await sdk()).messages.batches.create({ requests }, { signal: attemptSignal }));
    },
    retrieveBatch(id, signal) {
      return idle(signal, async (attemptSignal) => (await sdk()).messages.batches.retrieve(id, null, { signal: attemptSignal }));
    },
    async *batchResults(id, signal) {
      // The idle clock covers the wait for the results' first byte; the JSONL then streams.
      const results = await idle(signal, async (attemptSignal) => (await sdk()).messages.batches.results(id, undefined, { signal: attemptSignal }));
      yield* results;
    },
    async cancelBatch(id) {
      return (await sdk()).messages.batches.cancel(id);
    },
    recentBatches(signal) {
      return idle(signal, async (attemptSignal) => (await (await sdk()).messages.batches.list({ limit: 20 }, { signal: attemptSignal })).data);
    },
  };
}
