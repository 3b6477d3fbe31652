import { invalidRequest, notFound } from './errors.js';
import type { FakeModel } from './types.js';

interface CatalogEntry extends Required<Omit<FakeModel, 'line'>> {
  line: string | null;
}

/**
 * The default catalog: the models `@anthropic-ai/sdk` 1.13 names, and the older ones Loom
 * prices. Dated ids answer to their undated alias too, as on the real API.
 */
export const DEFAULT_FAKE_MODELS: FakeModel[] = [
  { id: 'claude-opus-5-5', line: 'opus', created_at: '2026-11-05T00:00:00Z' },
  { id: 'claude-sonnet-5-5', line: 'sonnet', created_at: '2026-11-05T00:00:00Z' },
  { id: 'claude-haiku-5-5', line: 'haiku', created_at: '2026-11-05T00:00:00Z' },
  { id: 'claude-fable-5-2', line: 'fable', created_at: '2026-10-01T00:00:00Z' },
  { id: 'claude-mythos-5-2', line: 'mythos', created_at: '2026-10-01T00:00:00Z' },
  { id: 'claude-fable-5-1', line: 'fable', created_at: '2026-08-01T00:00:00Z' },
  { id: 'claude-mythos-5-1', line: 'mythos', created_at: '2026-08-01T00:00:00Z' },
  { id: 'claude-sonnet-5', line: 'sonnet', created_at: '2026-06-01T00:00:00Z' },
  { id: 'claude-opus-5', line: 'opus', created_at: '2026-06-01T00:00:00Z' },
  { id: 'claude-fable-5', line: 'fable', created_at: '2026-06-01T00:00:00Z' },
  { id: 'claude-mythos-5', line: 'mythos', created_at: '2026-06-01T00:00:00Z' },
  { id: 'claude-opus-4-8', line: 'opus', created_at: '2026-04-01T00:00:00Z', max_input_tokens: 1_000_000 },
  { id: 'claude-opus-4-7', line: 'opus', created_at: '2026-03-01T00:00:00Z' },
  { id: 'claude-opus-4-6', line: 'opus', created_at: '2026-02-05T00:00:00Z', max_input_tokens: 1_000_000 },
  { id: 'claude-sonnet-4-6', line: 'sonnet', created_at: '2026-02-17T00:00:00Z', max_input_tokens: 1_000_000 },
  { id: 'claude-mythos-preview', line: 'mythos', created_at: '2026-01-15T00:00:00Z', lifecycle: 'deprecated' },
  { id: 'claude-haiku-4-5-20251001', aliases: ['claude-haiku-4-5'], line: 'haiku', created_at: '2025-10-01T00:00:00Z' },
  { id: 'claude-opus-4-5-20251101', aliases: ['claude-opus-4-5'], line: 'opus', created_at: '2025-11-01T00:00:00Z', lifecycle: 'deprecated' },
  { id: 'claude-sonnet-4-5-20250929', aliases: ['claude-sonnet-4-5'], line: 'sonnet', created_at: '2025-09-29T00:00:00Z', lifecycle: 'deprecated' },
  { id: 'claude-opus-4-1-20250805', aliases: ['claude-opus-4-1'], line: 'opus', created_at: '2025-08-05T00:00:00Z', lifecycle: 'deprecated' },
  { id: 'claude-opus-4-20250514', aliases: ['claude-opus-4', 'claude-opus-4-0'], line: 'opus', created_at: '2025-05-14T00:00:00Z', lifecycle: 'deprecated' },
  { id: 'claude-sonnet-4-20250514', aliases: ['claude-sonnet-4', 'claude-sonnet-4-0'], line: 'sonnet', created_at: '2025-05-14T00:00:00Z', lifecycle: 'deprecated' },
  { id: 'claude-3-5-haiku-20241022', aliases: ['claude-3-5-haiku', 'claude-3-5-haiku-latest'], line: 'haiku', created_at: '2024-10-22T00:00:00Z', lifecycle: 'deprecated' },
];

function displayName(id: string): string {
  const words = id.replace(/-\d{8}$/, '').split('-');
  const [first, line, ...version] = words;
  if (first !== 'claude' || !line) return id;
  const title = line.charAt(0).toUpperCase() + line.slice(1);
  return version.length ? `Claude ${title} ${version.join('.')}` : `Claude ${title}`;
}

function entry(model: string | FakeModel): CatalogEntry {
  const spec = typeof model === 'string' ? { id: model } : model;
  return {
    id: spec.id,
    display_name: spec.display_name ?? displayName(spec.id),
    aliases: spec.aliases ?? [],
    created_at: spec.created_at ?? '2026-01-01T00:00:00Z',
    lifecycle: spec.lifecycle ?? 'active',
    line: spec.line ?? null,
    max_input_tokens: spec.max_input_tokens ?? 200_000,
    max_tokens: spec.max_tokens ?? 64_000,
  };
}

const supported = { supported: true };

/** A ModelInfo object as `GET /v1/models` answers it. */
function modelInfo(model: CatalogEntry) {
  return {
    type: 'model' as const,
    id: model.id,
    display_name: model.display_name,
    created_at: model.created_at,
    lifecycle: model.lifecycle,
    deprecated_at: model.lifecycle === 'active' ? null : '2026-10-01T00:00:00Z',
    retires_at: model.lifecycle === 'active' ? null : '2027-01-22T00:00:00Z',
    line: model.line,
    max_input_tokens: model.max_input_tokens,
    max_tokens: model.max_tokens,
    capabilities: {
      batch: supported,
      citations: supported,
      code_execution: supported,
      context_management: { supported: true, clear_thinking_20251015: supported, clear_tool_uses_20250919: supported, compact_20260112: supported },
      effort: { supported: true, low: supported, medium: supported, high: supported, max: supported, xhigh: supported },
      image_input: supported,
      pdf_input: supported,
      server_tools: { supported: true, code_execution: supported, web_search: supported },
      structured_outputs: supported,
      thinking: { supported: true, types: { adaptive: supported, between_tools: supported, disabled: supported, enabled: supported } },
    },
  };
}

export class ModelCatalog {
  private readonly models: CatalogEntry[];

  constructor(models: Array<string | FakeModel> = DEFAULT_FAKE_MODELS) {
    this.models = models.map(entry);
  }

  /** The model an id or alias names, or a 404 `not_found_error` like the real API's. */
  resolve(id: string): CatalogEntry {
    const model = this.models.find((m) => m.id === id || m.aliases.includes(id));
    if (!model || model.lifecycle === 'retired') throw notFound(`model: ${id}`);
    return model;
  }

  retrieve(id: string) {
    const model = this.models.find((m) => m.id === id || m.aliases.includes(id));
    if (!model) throw notFound(`model: ${id}`);
    return modelInfo(model);
  }

  /** A page of `GET /v1/models`: newest first, `limit` (1–1000, default 20), `after_id` / `before_id` cursors. */
  list(query: Record<string, string>) {
    const lifecycles = query['lifecycle[]'] ?? query.lifecycle;
    const wanted = lifecycles ? lifecycles.split(',') : ['active', 'deprecated'];
    const all = this.models.filter((m) => wanted.includes(m.lifecycle)).sort((a, b) => b.created_at.localeCompare(a.created_at));
    return page(all.map(modelInfo), query);
  }
}

/** The real API's cursor page: `{ data, has_more, first_id, last_id }`. */
export function page<T extends { id: string }>(all: T[], query: Record<string, string>) {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw invalidRequest('limit: Input should be an integer between 1 and 1000');
  }
  let start = 0;
  let end = all.length;
  if (query.after_id) {
    start = all.findIndex((item) => item.id === query.after_id) + 1;
    end = Math.min(all.length, start + limit);
  } else if (query.before_id) {
    end = Math.max(0, all.findIndex((item) => item.id === query.before_id));
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(all.length, limit);
  }
  const data = all.slice(start, end);
  const hasMore = query.before_id ? start > 0 : end < all.length;
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
