import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { MODEL, rejection, useFakeClaude } from './fake-claude.helpers.js';

const start = useFakeClaude();

const item = (customId: string, content: string, model = MODEL) => ({
  custom_id: customId,
  params: { model, max_tokens: 50, messages: [{ role: 'user' as const, content }] },
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('fake Claude: Message Batches', () => {
  it('create → in_progress → ended → results the SDK decodes', async () => {
    const { fake, client } = await start();
    fake.reply((request, context) => (context.batch ? `batch ${context.batch.customId}: ${String(request.messages[0]!.content)}` : undefined));
    const created = await client.messages.batches.create({ requests: [item('a', 'first'), item('b', 'second'), item('bad', 'third', 'claude-unknown')] });
    expect(created.id).toMatch(/^msgbatch_01/);
    expect(created.type).toBe('message_batch');
    expect(created.processing_status).toBe('in_progress');
    expect(created.request_counts).toEqual({ processing: 3, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    expect(created.results_url).toBeNull();

    const polled = await client.messages.batches.retrieve(created.id);
    expect(polled.processing_status).toBe('in_progress');

    const ended = await client.messages.batches.retrieve(created.id);
    expect(ended.processing_status).toBe('ended');
    expect(ended.ended_at).not.toBeNull();
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 });
    expect(ended.results_url).toBe(`${fake.url}/v1/messages/batches/${created.id}/results`);

    const results = await collect(await client.messages.batches.results(created.id));
    expect(results.map((r) => [r.custom_id, r.result.type])).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
      ['bad', 'errored'],
    ]);
    const first = results[0]!.result as Anthropic.Messages.MessageBatchSucceededResult;
    expect(first.message.content[0]).toMatchObject({ type: 'text', text: 'batch a: first' });
    expect(first.message.usage.service_tier).toBe('batch');
    const bad = results[2]!.result as Anthropic.Messages.MessageBatchErroredResult;
    expect(bad.error).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: 'model: claude-unknown' } });
    expect(fake.requests.at(-1)!.path).toBe(`/v1/messages/batches/${created.id}/results`);
  });

  it('takes as many polls as configured, and turns scripted errors into errored results', async () => {
    const { client } = await start({ batchPollsUntilEnded: 3, reply: (_request, context) => (context.batch?.customId === 'x' ? { error: { status: 529 } } : 'fine') });
    const { id } = await client.messages.batches.create({ requests: [item('x', 'one'), item('y', 'two')] });
    // results() retrieves first (one poll), and finds no results_url yet.
    await expect(client.messages.batches.results(id)).rejects.toThrow(/No batch `results_url`/);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.messages.batches.retrieve(id)).processing_status);
    expect(statuses).toEqual(['in_progress', 'in_progress', 'ended']);
    const results = await collect(await client.messages.batches.results(id));
    expect(results[0]!.result).toMatchObject({ type: 'errored', error: { error: { type: 'overloaded_error' } } });
    expect(results[1]!.result.type).toBe('succeeded');
  });

  it('cancel: canceling, then ended with every request canceled', async () => {
    const { client } = await start({ batchPollsUntilEnded: 5 });
    const { id } = await client.messages.batches.create({ requests: [item('a', 'one'), item('b', 'two')] });
    const canceling = await client.messages.batches.cancel(id);
    expect(canceling.processing_status).toBe('canceling');
    expect(canceling.cancel_initiated_at).not.toBeNull();
    const ended = await client.messages.batches.retrieve(id);
    expect(ended.processing_status).toBe('ended');
    expect(ended.request_counts).toMatchObject({ canceled: 2, succeeded: 0 });
    const results = await collect(await client.messages.batches.results(id));
    expect(results.map((r) => r.result.type)).toEqual(['canceled', 'canceled']);
    expect(await rejection(client.messages.batches.cancel(id))).toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('lists newest first, deletes ended batches, 404s unknown ones', async () => {
    const { client } = await start({ batchPollsUntilEnded: 0 });
    const one = await client.messages.batches.create({ requests: [item('a', 'one')] });
    const two = await client.messages.batches.create({ requests: [item('a', 'two')] });
    const listed = await client.messages.batches.list();
    expect(listed.data.map((b) => b.id)).toEqual([two.id, one.id]);
    expect(await rejection(client.messages.batches.delete(one.id))).toBeInstanceOf(Anthropic.BadRequestError);
    await client.messages.batches.retrieve(one.id);
    await expect(client.messages.batches.delete(one.id)).resolves.toMatchObject({ id: one.id, type: 'message_batch_deleted' });
    expect(await rejection(client.messages.batches.retrieve(one.id))).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('refuses a malformed batch with 400', async () => {
    const { client } = await start();
    expect(await rejection(client.messages.batches.create({ requests: [] }))).toBeInstanceOf(Anthropic.BadRequestError);
    const duplicate = await rejection(client.messages.batches.create({ requests: [item('same', 'a'), item('same', 'b')] }));
    expect((duplicate as APIError).apiMessage).toMatch(/Duplicate custom_id/);
  });
});

describe('fake Claude: Models', () => {
  it('lists models with the SDK page fields and auto-pagination', async () => {
    const { client } = await start({ models: ['claude-a-1', { id: 'claude-b-2-20260101', aliases: ['claude-b-2'], created_at: '2026-05-01T00:00:00Z' }, 'claude-c-3'] });
    const page = await client.models.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
    expect(page.data[0]).toMatchObject({ type: 'model', id: 'claude-b-2-20260101', display_name: 'Claude B 2', lifecycle: 'active' });
    expect(page.data[0]!.capabilities?.batch.supported).toBe(true);
    const all: string[] = [];
    for await (const model of client.models.list({ limit: 2 })) all.push(model.id);
    expect(all).toEqual(['claude-b-2-20260101', 'claude-a-1', 'claude-c-3']);
  });

  it('retrieves by id or alias, 404s an unknown model', async () => {
    const { client } = await start();
    await expect(client.models.retrieve('claude-sonnet-4-6')).resolves.toMatchObject({ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' });
    await expect(client.models.retrieve('claude-haiku-4-5')).resolves.toMatchObject({ id: 'claude-haiku-4-5-20251001' });
    const error = await rejection(client.models.retrieve('claude-nope'));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as APIError).type).toBe('not_found_error');
  });
});
