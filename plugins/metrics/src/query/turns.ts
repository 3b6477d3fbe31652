import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCompleteLines } from '../store/lines.js';
import { SUM_FIELDS, type Scan, type Sums } from '../types.js';
import { addSums } from './index.js';
import type { Pricer } from './price.js';

/** One turn of a session: a prompt and the responses it took, or (Loom) an hour of one command. */
export interface Turn extends Sums {
  at: number;
  /** The prompt that started it (Claude Code) or the command (Loom). */
  label: string;
  models: string[];
}

export interface SessionTurns {
  key: string;
  label: string;
  project: string;
  turns: Turn[];
}

const MAX_TURNS = 500;
const PROMPT_LENGTH = 160;
const empty = (): Sums => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0, costUsd: 0, savedUsd: 0, calls: 0, errors: 0, retries: 0, latencyMs: 0 });

/**
 * A session's turns, for the dashboard's link from a costly session. Claude Code: its
 * transcript read again (one file, on a click), each prompt with the responses after it,
 * each response once. Loom: the hours of each command, from the same rows as the reports.
 */
export function sessionTurns(scan: Scan, key: string, pricer: Pricer): SessionTurns | undefined {
  const source = key.slice(0, key.indexOf(':'));
  const id = key.slice(key.indexOf(':') + 1);
  const info = scan.sessions.get(id);
  if (!info || info.source !== source) return undefined;
  const label = info.title ?? info.firstPrompt ?? id;
  if (source === 'loom') {
    const turns: Turn[] = [];
    for (const part of scan.parts) {
      if (part.source !== 'loom') continue;
      for (let at = 0; at < part.length; at++) {
        if (part.text[part.session[at]!] !== id) continue;
        const command = part.command[at]!;
        const turn: Turn = { ...empty(), at: part.t[at]!, label: command < 0 ? '(none)' : part.text[command]!, models: [part.text[part.model[at]!]!] };
        for (const field of SUM_FIELDS) turn[field] = part[field][at]!;
        turns.push(turn);
      }
    }
    turns.sort((a, b) => a.at - b.at);
    return { key, label, project: info.project, turns: turns.slice(0, MAX_TURNS) };
  }
  if (!info.file) return { key, label, project: info.project, turns: [] };
  // Sub-agents write beside the session: <project>/<session>/subagents/*.jsonl, a turn each.
  const agents = join(dirname(info.file), id, 'subagents');
  const agentFiles = existsSync(agents) ? readdirSync(agents).filter((name) => name.endsWith('.jsonl')).sort() : [];
  const turns = [...transcriptTurns(info.file, pricer, null), ...agentFiles.flatMap((name) => transcriptTurns(join(agents, name), pricer, `(sub-agent ${name.replace(/\.jsonl$/, '')})`))];
  return { key, label, project: info.project, turns: turns.sort((a, b) => a.at - b.at).slice(0, MAX_TURNS) };
}

interface Line {
  type?: unknown;
  isMeta?: unknown;
  timestamp?: unknown;
  requestId?: unknown;
  message?: { id?: unknown; model?: unknown; content?: unknown; usage?: Record<string, number> };
}

/** Prompts and the responses after each; a sub-agent's file (`agent` names it) is one turn. */
function transcriptTurns(file: string, pricer: Pricer, agent: string | null): Turn[] {
  const turns: Turn[] = [];
  const seen = new Set<string>();
  let current: Turn | undefined;
  readCompleteLines(file, 0, Number.MAX_SAFE_INTEGER, (chunk, start, end) => {
    for (const text of chunk.toString('utf8', start, end).split('\n')) {
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        continue;
      }
      const at = typeof line.timestamp === 'string' ? Date.parse(line.timestamp) : Number.NaN;
      const prompt = agent === null && line.type === 'user' && line.isMeta !== true ? promptOf(line.message?.content) : null;
      if (prompt !== null && turns.length < MAX_TURNS) {
        current = { ...empty(), at, label: prompt, models: [] };
        turns.push(current);
        continue;
      }
      const usage = line.message?.usage;
      if (line.type !== 'assistant' || !usage || typeof usage.input_tokens !== 'number') continue;
      const id = `${String(line.message?.id)}:${String(line.requestId)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!current) turns.push((current = { ...empty(), at, label: agent ?? '(resumed)', models: [] }));
      const model = typeof line.message?.model === 'string' ? line.message.model : 'unknown';
      const tokens = { input: usage.input_tokens, output: usage.output_tokens ?? 0, cacheWrite: usage.cache_creation_input_tokens ?? 0, cacheRead: usage.cache_read_input_tokens ?? 0 };
      addSums(current, { ...tokens, costUsd: pricer.cost(model, tokens), savedUsd: pricer.saved(model, tokens), retries: 0, latencyMs: 0 }, 1, 0);
      if (!current.models.includes(model)) current.models.push(model);
    }
  });
  return turns.filter((turn) => turn.calls > 0 || turn.label !== '(resumed)');
}

function promptOf(content: unknown): string | null {
  const text = typeof content === 'string' ? content : Array.isArray(content) ? (content.find((part: { type?: unknown }) => part?.type === 'text') as { text?: unknown } | undefined)?.text : undefined;
  if (typeof text !== 'string' || text.startsWith('<')) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PROMPT_LENGTH ? `${flat.slice(0, PROMPT_LENGTH - 1)}…` : flat;
}
