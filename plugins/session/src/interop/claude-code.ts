import { randomUUID } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import { isWithin } from '@loomkit/kernel/early';
import type { TurnRecord } from '../schema.js';
import type { SessionState } from '../store/types.js';

/**
 * Claude Code keeps a transcript per conversation in `~/.claude/projects/<cwd with / and .
 * as ->/<session uuid>.jsonl`: one JSON object a line, message lines chained by
 * `parentUuid` (a rewind leaves the abandoned branch in the file), `type` user or
 * assistant, `message.content` a string or content blocks, and on assistant lines the
 * API's `message.usage`. One API message may span several lines (a line per content
 * block) that repeat its id and usage. Other line types (`summary`, `system`, …) carry
 * titles and notices.
 */
export interface ClaudeCodeLine {
  type?: string;
  uuid?: string;
  parentUuid?: string | null;
  isSidechain?: boolean;
  isMeta?: boolean;
  timestamp?: string;
  sessionId?: string;
  cwd?: string;
  gitBranch?: string;
  version?: string;
  summary?: string;
  leafUuid?: string;
  message?: {
    id?: string;
    role?: string;
    model?: string;
    content?: string | ContentBlock[];
    usage?: ApiUsage;
  };
}

interface ContentBlock {
  type?: string;
  text?: string;
  name?: string;
  input?: Record<string, unknown>;
  content?: unknown;
}

interface ApiUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export interface ImportedTurn {
  at: string;
  input: string;
  output: string;
  /** The last model that answered in this turn, or null (none did, or a synthetic message). */
  model: string | null;
  tokens: { input: number; output: number; cacheWrite: number; cacheRead: number };
  durationMs: number;
  branch: string | null;
  /** Files the turn's tools wrote (Edit, Write, MultiEdit, NotebookEdit), relative to the cwd. */
  files: string[];
  /** Names of the tools called, in order. */
  tools: string[];
}

export interface ImportedTranscript {
  sessionId: string | null;
  /** The conversation's title, from its `summary` line, if any. */
  title: string | null;
  cwd: string | null;
  turns: ImportedTurn[];
  /** Lines that were not JSON objects. */
  skippedLines: number;
  /** Message lines left out: abandoned branches (rewinds) and sidechains (sub-agents). */
  offBranch: number;
}

const WRITE_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const SYNTHETIC_MODEL = '<synthetic>';

export function parseClaudeCodeTranscript(text: string): ImportedTranscript {
  const lines: ClaudeCodeLine[] = [];
  let skippedLines = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim().length === 0) continue;
    try {
      const value = JSON.parse(raw) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) lines.push(value as ClaudeCodeLine);
      else skippedLines++;
    } catch {
      skippedLines++;
    }
  }

  const messages = lines.filter((line) => typeof line.uuid === 'string' && (line.type === 'user' || line.type === 'assistant' || line.type === 'system'));
  const byUuid = new Map(messages.map((line) => [line.uuid!, line]));
  const main = messages.filter((line) => !line.isSidechain);
  // The current conversation ends at the last main-chain line written; follow it back to the root.
  const chain: ClaudeCodeLine[] = [];
  const seen = new Set<string>();
  let cursor = main.at(-1);
  while (cursor && !seen.has(cursor.uuid!)) {
    seen.add(cursor.uuid!);
    chain.push(cursor);
    cursor = cursor.parentUuid ? byUuid.get(cursor.parentUuid) : undefined;
  }
  chain.reverse();

  const leaf = chain.at(-1)?.uuid;
  const titled = lines.filter((line) => line.type === 'summary' && typeof line.summary === 'string');
  const title = titled.find((line) => line.leafUuid === leaf)?.summary ?? titled.at(-1)?.summary ?? null;
  const first = chain.find((line) => line.sessionId) ?? lines.find((line) => line.sessionId);
  const cwd = chain.find((line) => line.cwd)?.cwd ?? null;

  const turns: ImportedTurn[] = [];
  let turn: (ImportedTurn & { usage: Map<string, ApiUsage>; last: string; outputs: string[] }) | undefined;
  const close = () => {
    if (!turn) return;
    for (const usage of turn.usage.values()) {
      turn.tokens.input += usage.input_tokens ?? 0;
      turn.tokens.output += usage.output_tokens ?? 0;
      turn.tokens.cacheWrite += usage.cache_creation_input_tokens ?? 0;
      turn.tokens.cacheRead += usage.cache_read_input_tokens ?? 0;
    }
    turn.durationMs = Math.max(0, Date.parse(turn.last) - Date.parse(turn.at)) || 0;
    const { usage: _usage, last: _last, outputs, ...done } = turn;
    turns.push({ ...done, output: outputs.join('\n\n') });
    turn = undefined;
  };

  for (const line of chain) {
    const at = line.timestamp ?? turn?.last ?? new Date(0).toISOString();
    if (line.type === 'user') {
      if (line.isMeta) continue;
      const prompt = promptText(line.message?.content);
      if (prompt === undefined) {
        // A tool result: part of the running turn.
        if (turn) turn.last = at;
        continue;
      }
      close();
      turn = {
        at,
        input: prompt,
        output: '',
        model: null,
        tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 },
        durationMs: 0,
        branch: line.gitBranch || null,
        files: [],
        tools: [],
        usage: new Map(),
        last: at,
        outputs: [],
      };
      continue;
    }
    if (line.type !== 'assistant') continue;
    turn ??= { at, input: '', output: '', model: null, tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }, durationMs: 0, branch: line.gitBranch || null, files: [], tools: [], usage: new Map(), last: at, outputs: [] };
    turn.last = at;
    const message = line.message ?? {};
    if (message.model && message.model !== SYNTHETIC_MODEL) turn.model = message.model;
    if (message.usage) {
      // Lines of one API message repeat its usage: count it once, keeping the largest figures.
      const key = message.id ?? line.uuid!;
      const previous = turn.usage.get(key) ?? {};
      turn.usage.set(key, {
        input_tokens: Math.max(previous.input_tokens ?? 0, message.usage.input_tokens ?? 0),
        output_tokens: Math.max(previous.output_tokens ?? 0, message.usage.output_tokens ?? 0),
        cache_creation_input_tokens: Math.max(previous.cache_creation_input_tokens ?? 0, message.usage.cache_creation_input_tokens ?? 0),
        cache_read_input_tokens: Math.max(previous.cache_read_input_tokens ?? 0, message.usage.cache_read_input_tokens ?? 0),
      });
    }
    const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : (message.content ?? []);
    for (const block of content) {
      if (block.type === 'text' && block.text) turn.outputs.push(block.text);
      if (block.type === 'tool_use' && block.name) {
        turn.tools.push(block.name);
        const target = toolTarget(block.input);
        turn.outputs.push(`[tool ${block.name}${target ? `: ${target}` : ''}]`);
        const file = block.input?.file_path ?? block.input?.notebook_path;
        if (WRITE_TOOLS.has(block.name) && typeof file === 'string') {
          const shown = cwd && isAbsolute(file) && isWithin(cwd, file) ? relative(cwd, file) : file;
          if (!turn.files.includes(shown)) turn.files.push(shown);
        }
      }
    }
  }
  close();

  return {
    sessionId: first?.sessionId ?? null,
    title,
    cwd,
    turns,
    skippedLines,
    offBranch: messages.length - chain.length,
  };
}

/** A user line's text when it is a prompt; undefined for tool results. */
function promptText(content: string | ContentBlock[] | undefined): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content) || content.length === 0) return undefined;
  if (content.some((block) => block.type === 'tool_result')) return undefined;
  const text = content.filter((block) => block.type === 'text' && typeof block.text === 'string').map((block) => block.text!);
  return text.length > 0 ? text.join('\n') : undefined;
}

function toolTarget(input: Record<string, unknown> | undefined): string | undefined {
  if (!input) return undefined;
  for (const key of ['file_path', 'notebook_path', 'path', 'pattern', 'command', 'url']) {
    const value = input[key];
    if (typeof value === 'string') return value.length > 120 ? `${value.slice(0, 117)}…` : value;
  }
  return undefined;
}

export interface ExportOptions {
  /** The Claude Code session id to write; a fresh UUID by default. */
  sessionId?: string;
  /** Written as each line's `version`. */
  version: string;
}

/**
 * A Loom session as a Claude Code transcript: each raw turn (summaries are derived, so
 * left out) becomes a user line and an assistant line chained by parentUuid, with the
 * turn's usage on the assistant line, and a `summary` line carries the session's name.
 */
export function toClaudeCodeTranscript(state: SessionState, options: ExportOptions): string {
  const sessionId = options.sessionId ?? randomUUID();
  const out: string[] = [];
  let parent: string | null = null;
  const base = (turn: TurnRecord) => ({ isSidechain: false, userType: 'external', cwd: state.projectRoot, sessionId, version: options.version, gitBranch: turn.git.branch ?? '' });
  for (const turn of state.turnRecords) {
    if (turn.kind === 'summary') continue;
    const userUuid = randomUUID();
    const input = turn.kind === 'command' && turn.command ? turn.input || `loom ${turn.command}` : turn.input;
    out.push(JSON.stringify({ parentUuid: parent, ...base(turn), type: 'user', message: { role: 'user', content: input }, uuid: userUuid, timestamp: turn.at }));
    const assistantUuid = randomUUID();
    const answeredAt = new Date(Date.parse(turn.at) + turn.durationMs).toISOString();
    out.push(
      JSON.stringify({
        parentUuid: userUuid,
        ...base(turn),
        message: {
          id: `msg_loom_${state.id}_${turn.seq}`,
          type: 'message',
          role: 'assistant',
          model: turn.model ?? SYNTHETIC_MODEL,
          content: [{ type: 'text', text: turn.output }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: {
            input_tokens: turn.tokens.input,
            cache_creation_input_tokens: turn.tokens.cacheWrite,
            cache_read_input_tokens: turn.tokens.cacheRead,
            output_tokens: turn.tokens.output,
          },
        },
        type: 'assistant',
        uuid: assistantUuid,
        timestamp: answeredAt,
      }),
    );
    parent = assistantUuid;
  }
  if (parent) out.push(JSON.stringify({ type: 'summary', summary: state.name, leafUuid: parent }));
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** Where Claude Code looks for a project's transcripts: `~/.claude/projects/` + the cwd with `/` and `.` as `-`. */
export function claudeProjectFolder(cwd: string): string {
  return cwd.replace(/[/\\.:]/g, '-');
}
