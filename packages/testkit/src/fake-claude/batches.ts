import { invalidRequest, notFound, type ErrorBody } from './errors.js';
import { page } from './models.js';
import type { JsonObject } from './types.js';

export type BatchResult =
  | { type: 'succeeded'; message: unknown }
  | { type: 'errored'; error: ErrorBody }
  | { type: 'canceled' }
  | { type: 'expired' };

interface Batch {
  id: string;
  createdAt: Date;
  endedAt: Date | null;
  cancelInitiatedAt: Date | null;
  status: 'in_progress' | 'canceling' | 'ended';
  polls: number;
  items: Array<{ customId: string; result: BatchResult }>;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const DAY_MS = 24 * 60 * 60_000;

/** Runs one batch item; answers its result (a scripted error becomes `errored`). */
export type BatchItemRunner = (params: unknown, batchId: string, customId: string) => Promise<BatchResult>;

/**
 * Message Batches: a batch answers `in_progress` to `pollsUntilEnded` retrieves, then is
 * `ended` with its `results_url` pointing at this fake. Items run (and meet the reply
 * script) when the batch is created; a cancel before the end turns them `canceled`.
 */
export class BatchStore {
  private batches = new Map<string, Batch>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly pollsUntilEnded: number,
  ) {}

  clear(): void {
    this.batches = new Map();
  }

  async create(body: unknown, id: string, run: BatchItemRunner) {
    if (!isObject(body)) throw invalidRequest('Request body must be a JSON object');
    if (body.requests === undefined) throw invalidRequest('requests: Field required');
    if (!Array.isArray(body.requests)) throw invalidRequest('requests: Input should be a valid list');
    if (body.requests.length === 0) throw invalidRequest('requests: List should have at least 1 item after validation, not 0');
    const seen = new Set<string>();
    body.requests.forEach((request, index) => {
      if (!isObject(request)) throw invalidRequest(`requests.${index}: Input should be a valid dictionary`);
      if (request.custom_id === undefined) throw invalidRequest(`requests.${index}.custom_id: Field required`);
      if (typeof request.custom_id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(request.custom_id)) {
        throw invalidRequest(`requests.${index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
      }
      if (seen.has(request.custom_id)) throw invalidRequest(`Duplicate custom_id: ${request.custom_id}. custom_id must be unique within a batch.`);
      seen.add(request.custom_id);
      if (!isObject(request.params)) throw invalidRequest(`requests.${index}.params: Field required`);
      if (request.params.stream === true) throw invalidRequest(`requests.${index}.params.stream: Streaming is not supported in Message Batches`);
    });
    const items: Batch['items'] = [];
    for (const request of body.requests as Array<{ custom_id: string; params: unknown }>) {
      items.push({ customId: request.custom_id, result: await run(request.params, id, request.custom_id) });
    }
    const batch: Batch = { id, createdAt: new Date(), endedAt: null, cancelInitiatedAt: null, status: 'in_progress', polls: 0, items };
    this.batches.set(id, batch);
    return this.view(batch);
  }

  retrieve(id: string) {
    const batch = this.get(id);
    if (batch.status === 'canceling' || (batch.status === 'in_progress' && batch.polls >= this.pollsUntilEnded)) this.end(batch);
    else if (batch.status === 'in_progress') batch.polls++;
    return this.view(batch);
  }

  cancel(id: string) {
    const batch = this.get(id);
    if (batch.status === 'ended') throw invalidRequest(`Batch ${id} has already ended and cannot be canceled`);
    if (batch.status === 'in_progress') {
      batch.status = 'canceling';
      batch.cancelInitiatedAt = new Date();
      for (const item of batch.items) item.result = { type: 'canceled' };
    }
    return this.view(batch);
  }

  delete(id: string) {
    const batch = this.get(id);
    if (batch.status !== 'ended') throw invalidRequest(`Batch ${id} cannot be deleted while it is still processing; cancel it first`);
    this.batches.delete(id);
    return { id, type: 'message_batch_deleted' as const };
  }

  list(query: Record<string, string>) {
    const all = [...this.batches.values()].reverse().map((batch) => this.view(batch));
    return page(all, query);
  }

  /** The JSONL results of an ended batch. */
  results(id: string): string {
    const batch = this.get(id);
    if (batch.status !== 'ended') throw invalidRequest(`Batch ${id} is still processing; its results are available once it has ended`);
    return batch.items.map((item) => JSON.stringify({ custom_id: item.customId, result: item.result }) + '\n').join('');
  }

  private get(id: string): Batch {
    const batch = this.batches.get(id);
    if (!batch) throw notFound(`Batch not found: ${id}`);
    return batch;
  }

  private end(batch: Batch): void {
    batch.status = 'ended';
    batch.endedAt = new Date();
  }

  private view(batch: Batch) {
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (batch.status === 'ended') for (const item of batch.items) counts[item.result.type]++;
    else counts.processing = batch.items.length;
    return {
      id: batch.id,
      type: 'message_batch' as const,
      processing_status: batch.status,
      request_counts: counts,
      created_at: batch.createdAt.toISOString(),
      expires_at: new Date(batch.createdAt.getTime() + DAY_MS).toISOString(),
      ended_at: batch.endedAt?.toISOString() ?? null,
      cancel_initiated_at: batch.cancelInitiatedAt?.toISOString() ?? null,
      archived_at: null,
      results_url: batch.status === 'ended' ? `${this.baseUrl()}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}
