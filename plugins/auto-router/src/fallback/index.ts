import type { Llm } from '@loomkit/llm';
import { z } from 'zod';
import { NONE } from '../model/index.js';
import { decisionsPath, readDecisions, writeJsonAtomic } from '../store.js';
import type { RouteEntry } from '../types.js';

/** Cheap and fast: choosing among a handful of commands needs no large model. */
export const FALLBACK_MODEL = 'claude-haiku-4-5';

export interface FallbackOptions {
  dataDir: string;
  model?: string | undefined;
  maxCostUsd?: number | undefined;
  signal?: AbortSignal | undefined;
  command?: string | undefined;
}

/**
 * Asks Claude, in one small forced tool call, which of the candidates (or none) the
 * request means. Answers are kept by request text in the data dir, so the same request
 * never costs twice; `auto fit` reads them as labelled examples.
 */
export async function askClaude(llm: Llm, text: string, candidates: readonly RouteEntry[], options: FallbackOptions): Promise<string> {
  const stored = readDecisions(options.dataDir);
  const ids = candidates.map((route) => route.command);
  const known = stored[text];
  if (known && (known.command === NONE || ids.includes(known.command))) return known.command;
  const schema = z.object({ command: z.enum([NONE, ...ids] as [string, ...string[]]) });
  const list = candidates.map((route) => `- ${route.command}: ${route.summary} (e.g. "${route.examples[0]}")`).join('\n');
  const { value } = await llm.structured(
    {
      model: options.model ?? FALLBACK_MODEL,
      max_tokens: 64,
      system: 'You route a request typed into the Loom command line to the one command that answers it. Answer "none" when no command fits; never guess.',
      messages: [{ role: 'user', content: `Request: ${JSON.stringify(text)}\n\nCommands:\n${list}` }],
    },
    { schema, name: 'pick_command', description: 'The command that answers the request, or "none".' },
    { signal: options.signal, maxCostUsd: options.maxCostUsd, command: options.command ?? 'auto' },
  );
  writeJsonAtomic(decisionsPath(options.dataDir), { ...readDecisions(options.dataDir), [text]: { command: value.command, routes: ids.join(',') } });
  return value.command;
}
