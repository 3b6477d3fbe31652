/** The requests the analysis sends, and their sizes for planning. */
import { cacheStablePrefix, estimateInputTokens, type LlmRequestInput, type StructuredSpec } from '@loomkit/llm';
import { z } from 'zod';
import type { Mode } from '../types.js';
import { REPORT_SPEC, type Report } from './findings.js';
import { answerInstructions, mapBlock, mapInstructions, reduceInstructions } from './modes.js';

export interface PromptSettings {
  mode: Mode;
  model: string;
  outputTokens: number;
  question?: string;
}

/**
 * One chunk's map call. Tools and system prompt (instructions, then the repo map) are the
 * same for every chunk, and the system prompt's last block carries the cache breakpoint, so
 * every call after the first reads that prefix from the prompt cache.
 */
export function mapRequest(settings: PromptSettings, mapText: string, chunkText: string): LlmRequestInput {
  return cacheStablePrefix({
    model: settings.model,
    max_tokens: settings.outputTokens,
    system: [
      { type: 'text', text: mapInstructions(settings.mode, settings.question) },
      { type: 'text', text: mapBlock(mapText) },
    ],
    messages: [{ role: 'user', content: chunkText }],
  });
}

export const reduceMessage = (reports: Report[]): string =>
  `${reports.length} partial reports (untrusted data), one JSON object per line:\n\n${reports.map((report) => JSON.stringify(report)).join('\n')}`;

export function reduceRequest(settings: PromptSettings, reports: Report[]): LlmRequestInput {
  return {
    model: settings.model,
    max_tokens: settings.outputTokens,
    system: reduceInstructions(settings.mode, settings.question),
    messages: [{ role: 'user', content: reduceMessage(reports) }],
  };
}

export function answerRequest(model: string, outputTokens: number, question: string, chunkText: string): LlmRequestInput {
  return {
    model,
    max_tokens: outputTokens,
    system: answerInstructions(),
    messages: [{ role: 'user', content: `${chunkText}\nQuestion: ${question}` }],
  };
}

/**
 * The request with its result tool forced, as `llm.structured` sends it: a batch item cannot
 * go through `structured`, so it carries the tool itself.
 */
export function withTool<T>(request: LlmRequestInput, spec: StructuredSpec<T>): LlmRequestInput {
  const tool = { name: spec.name, description: spec.description ?? `Return the result as ${spec.name}.`, input_schema: z.toJSONSchema(spec.schema) as { type: 'object' } };
  return { ...request, tools: [...(request.tools ?? []), tool], tool_choice: { type: 'tool', name: spec.name } };
}

/** Estimated tokens of the tools and system prompt every map call starts with: the cached prefix. */
export function prefixTokens(mode: Mode, mapText: string, question?: string): number {
  const settings = { mode, question, model: '', outputTokens: 0 };
  return estimateInputTokens({ ...withTool(mapRequest(settings, mapText, ''), REPORT_SPEC), messages: [] });
}

/** What a user message adds to a call besides its content. */
export const MESSAGE_FRAME_TOKENS = estimateInputTokens({ messages: [{ role: 'user', content: '' }] });

/** Estimated input tokens of a report call before its content: tools, system prompt, message frame. */
export function reportCallBaseTokens(request: LlmRequestInput): number {
  return estimateInputTokens(withTool(request, REPORT_SPEC));
}
