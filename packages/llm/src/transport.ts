import type Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCountTokensParams } from '@anthropic-ai/sdk/resources/messages';
import type { BatchCreateParams, MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import { LoomError } from '@loomkit/kernel';
import { noApiKey } from './errors.js';
import type { LlmCall } from './pipeline.js';

/** What the pipeline's last step needs from the API; the SDK is its one implementation. */
export interface Transport {
  send(call: LlmCall, signal: AbortSignal | undefined): Promise<Message>;
  countTokens(params: MessageCountTokensParams, signal?: AbortSignal): Promise<number>;
  createBatch(requests: BatchCreateParams['requests'], signal?: AbortSignal): Promise<MessageBatch>;
  retrieveBatch(id: string, signal?: AbortSignal): Promise<MessageBatch>;
  batchResults(id: string, signal?: AbortSignal): AsyncIterable<MessageBatchIndividualResponse>;
  cancelBatch(id: string): Promise<MessageBatch>;
}

export interface SdkTransportOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  timeoutMs: number;
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

  return {
    async send(call, signal) {
      const api = await sdk();
      if (!call.stream) return api.messages.create({ ...call.request, stream: false }, { signal });
      const stream = api.messages.stream(call.request, { signal });
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') call.stream({ type: 'text', text: event.delta.text });
      }
      const message = await stream.finalMessage();
      if (message.stop_reason === null) {
        throw new LoomError('LLM_STREAM_CUT', 'the stream ended before the message did', { hint: 'it will be retried' });
      }
      return message;
    },
    async countTokens(params, signal) {
      const api = await sdk();
      return (await api.messages.countTokens(params, { signal })).input_tokens;
    },
    async createBatch(requests, signal) {
      return (await sdk()).messages.batches.create({ requests }, { signal });
    },
    async retrieveBatch(id, signal) {
      return (await sdk()).messages.batches.retrieve(id, null, { signal });
    },
    async *batchResults(id, signal) {
      const results = await (await sdk()).messages.batches.results(id, undefined, { signal });
      yield* results;
    },
    async cancelBatch(id) {
      return (await sdk()).messages.batches.cancel(id);
    },
  };
}
