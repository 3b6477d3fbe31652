import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchCreateParams, MessageBatch } from '@anthropic-ai/sdk/resources/messages/batches';
import { LoomError, writeConfigFile as writeJsonFile, type EventBus } from '@loomkit/kernel';
import { checkBudget, worstCaseUsd, type Ledger } from './budget.js';
import { classify, noApiKey, toLlmError } from './errors.js';
import type { LlmRequest, LlmRequestInput, LlmResult } from './pipeline.js';
import { costOf, findModel, usageFromApi } from './pricing.js';
import type { LlmConfig, ModelTable } from './schema.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { Sleep } from './sleep.js';
import type { Transport } from './transport.js';

export interface BatchItem {
  /** Unique within the batch: how a result finds its request. */
  customId: string;
  request: LlmRequestInput;
}

export type BatchStatus = 'in_progress' | 'canceling' | 'ended' | 'collected';

/** What Loom keeps under .loom/batches/<id>.json so a killed process can pick a batch up. */
export interface BatchRecord {
  id: string;
  label: string;
  createdAt: string;
  status: BatchStatus;
  requests: number;
  counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
  estimatedUsd: number;
}

export type BatchOutcome =
  | { customId: string; type: 'succeeded'; result: LlmResult }
  | { customId: string; type: 'errored' | 'canceled' | 'expired'; error: LoomError };

export interface BatchService {
  /** Sends every request as one Message Batch (half price) and records its id. */
  submit(items: BatchItem[], options?: { label?: string }): Promise<BatchRecord>;
  /** Polls with backoff until the batch has ended; safe to call again after a crash. */
  wait(id: string, options?: { onProgress?: (record: BatchRecord) => void; signal?: AbortSignal }): Promise<BatchRecord>;
  /** Streams the results of an ended batch, priced at the batch rate. */
  results(id: string): AsyncIterable<BatchOutcome>;
  /** Batches submitted but not yet collected, oldest first: what to resume. */
  pending(): Promise<BatchRecord[]>;
  cancel(id: string): Promise<BatchRecord>;
}

export interface BatchDeps {
  transport: Transport;
  models: ModelTable;
  ledger: Ledger;
  budget: LlmConfig['budget'];
  complete: (request: LlmRequestInput) => LlmRequest;
  available: () => boolean;
  stateDir: string;
  events: Pick<EventBus, 'emit'>;
  now: () => number;
  sleep: Sleep;
  signal: () => AbortSignal | undefined;
  /** The policy of every request kind: a busy API delays a batch, it does not fail it. */
  retry: RetryPolicy;
  scrub: (text: string) => string;
}

const FIRST_POLL_MS = 1_000;
/** How far the API's clock may run behind ours when a lost create is looked for. */
const CLOCK_SKEW_MS = 60_000;

/**
 * One batch create, however often it is attempted. An attempt that ended without an answer
 * (the idle clock, a dropped connection) may still have made the batch, and the API takes no
 * idempotency key; a plain retry would then pay for every request twice. So after such an
 * attempt, the next one first looks among the newest batches for one made since the first
 * attempt with as many requests, and takes it instead of creating another. An error the API
 * answered (429, 529, 5xx) made nothing, and is simply sent again.
 */
function createOnce(deps: BatchDeps, requests: BatchCreateParams['requests']): () => Promise<MessageBatch> {
  const since = deps.now() - CLOCK_SKEW_MS;
  let answerLost = false;
  return async () => {
    if (answerLost) {
      const made = (await deps.transport.recentBatches(deps.signal())).find(
        (batch) => Date.parse(batch.created_at) >= since && batch.processing_status !== 'canceling' && total(batch.request_counts) === requests.length,
      );
      if (made) return made;
    }
    try {
      return await deps.transport.createBatch(requests, deps.signal());
    } catch (error) {
      answerLost ||= classify(error).status === undefined;
      throw error;
    }
  };
}

const total = (counts: MessageBatch['request_counts']) => counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired;
const MAX_POLL_MS = 60_000;

export function createBatchService(deps: BatchDeps): BatchService {
  const dir = join(deps.stateDir, 'batches');
  const file = (id: string) => join(dir, `${id.replace(/[^\w-]/g, '_')}.json`);

  const read = async (id: string): Promise<BatchRecord> => {
    try {
      return JSON.parse(await readFile(file(id), 'utf8')) as BatchRecord;
    } catch {
      throw new LoomError('LLM_BATCH_UNKNOWN', `no batch ${id} in ${dir}`, { hint: 'list what can be resumed with the batches API of this project, or submit again' });
    }
  };
  const save = (record: BatchRecord) => writeJsonFile(file(record.id), record as unknown as Record<string, unknown>).then(() => record);
  const update = (record: BatchRecord, batch: MessageBatch): BatchRecord => ({
    ...record,
    status: record.status === 'collected' ? 'collected' : batch.processing_status,
    counts: batch.request_counts,
  });
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    const tally = { attempts: 0 };
    try {
      return await withRetry(deps.retry, tally, work);
    } catch (error) {
      throw toLlmError(error, tally.attempts, deps.scrub);
    }
  };

  return {
    async submit(items, options = {}) {
      if (!deps.available()) throw noApiKey();
      const requests = items.map((item) => ({ custom_id: item.customId, params: deps.complete(item.request) }));
      const estimatedUsd = requests.reduce(
        (sum, { params }) => sum + worstCaseUsd(params, findModel(deps.models, params.model), { batch: true, batchDiscount: deps.models.batchDiscount }),
        0,
      );
      if (deps.budget.perCommandUsd !== undefined) {
        checkBudget(estimatedUsd, [{ name: 'command', capUsd: deps.budget.perCommandUsd, usedUsd: deps.ledger.spentUsd + deps.ledger.reservedUsd, hint: 'raise it with --max-cost, or send fewer requests' }]);
      }
      const batch = await guard(createOnce(deps, requests));
      return save({
        id: batch.id,
        label: options.label ?? 'batch',
        createdAt: new Date(deps.now()).toISOString(),
        status: batch.processing_status,
        requests: requests.length,
        counts: batch.request_counts,
        estimatedUsd,
      });
    },

    async wait(id, options = {}) {
      let record = await read(id);
      let delay = FIRST_POLL_MS;
      while (record.status === 'in_progress' || record.status === 'canceling') {
        const batch = await guard(() => deps.transport.retrieveBatch(id, options.signal ?? deps.signal()));
        record = await save(update(record, batch));
        options.onProgress?.(record);
        if (record.status !== 'ended') {
          await deps.sleep(delay, options.signal ?? deps.signal());
          delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
        }
      }
      return record;
    },

    async *results(id) {
      const record = await read(id);
      if (record.status !== 'ended' && record.status !== 'collected') {
        throw new LoomError('LLM_BATCH_NOT_ENDED', `batch ${id} is still ${record.status}`, { hint: 'wait for it first (it is resumable)' });
      }
      let total = 0;
      for await (const entry of await guard(async () => deps.transport.batchResults(id, deps.signal()))) {
        const outcome = entry.result;
        if (outcome.type === 'succeeded') {
          const message = outcome.message;
          const usage = usageFromApi(message.usage);
          const costUsd = costOf(findModel(deps.models, message.model), usage, { batch: true, batchDiscount: deps.models.batchDiscount });
          total += costUsd;
          const result: LlmResult = { message, model: message.model, usage, costUsd, latencyMs: 0, attempts: 1 };
          await deps.events.emit('llm:response', { callId: `${id}/${entry.custom_id}`, model: message.model, command: undefined, session: undefined, tokens: usage, costUsd, latencyMs: 0, attempts: 1, batch: true });
          yield { customId: entry.custom_id, type: 'succeeded', result };
        } else {
          const detail = outcome.type === 'errored' ? deps.scrub(JSON.stringify(outcome.error)) : outcome.type;
          yield { customId: entry.custom_id, type: outcome.type, error: new LoomError(`LLM_BATCH_${outcome.type.toUpperCase()}`, `request ${entry.custom_id} of batch ${id}: ${detail}`, { hint: 'submit that request again' }) };
        }
      }
      deps.ledger.spentUsd += total;
      await save({ ...record, status: 'collected' });
    },

    async pending() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const records = await Promise.all(names.filter((name) => name.endsWith('.json')).map((name) => readFile(join(dir, name), 'utf8').then((text) => JSON.parse(text) as BatchRecord)));
      return records.filter((record) => record.status !== 'collected').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async cancel(id) {
      const record = await read(id);
      const batch = await guard(() => deps.transport.cancelBatch(id));
      return save(update(record, batch));
    },
  };
}
