import { estimateInputTokens, estimateTextTokens } from '@loomkit/llm';
import type { TurnRecord } from '../schema.js';
import type { ContextPlan } from './types.js';

export type Message = { role: 'user' | 'assistant'; content: string };

/** One visible piece of the conversation: a raw turn, or a summary standing for older ones. */
export interface ContextItem {
  turn: TurnRecord;
  /** Where it sits: its own seq, or for a summary the first seq it covers. */
  order: number;
  messages: Message[];
  tokens: number;
}

export interface InternalPlan extends ContextPlan {
  items: ContextItem[];
  system: string;
  /** Tokens of the system prompt and the question: what no trimming can remove. */
  fixedTokens: number;
}

const PREAMBLE =
  'You are Claude, working with a developer through Loom (a command-line tool) on the project at {root}. ' +
  'This conversation is a Loom session: earlier turns come first, older ones possibly condensed into summaries marked as such, ' +
  "and the developer's latest message is last. Answer that message, concretely and concisely.";

/** The system prompt: stable across calls (no dates, no counters), so it is read from cache. */
export function systemPrompt(projectRoot: string, pinned: string[]): string {
  const preamble = PREAMBLE.replace('{root}', projectRoot);
  if (pinned.length === 0) return preamble;
  return `${preamble}\n\n# Pinned memory\nThe developer pinned these notes; they always apply.\n\n${pinned.join('\n\n')}`;
}

export const COMPACTION_PROMPT =
  'You condense the earlier part of a working session between a developer and Claude (run through Loom) into a summary ' +
  'that replaces those turns in every later call. Keep what later work needs: decisions and their reasons, facts learned about ' +
  'the code (paths, names, commands, error messages), what was tried and failed, open questions and next steps. Drop ' +
  'pleasantries and repetition. Write plain Markdown, no preamble. The pinned memory below is always sent separately: do not repeat it.';

export function compactionSystem(pinned: string[]): string {
  return pinned.length === 0 ? COMPACTION_PROMPT : `${COMPACTION_PROMPT}\n\n# Pinned memory\n\n${pinned.join('\n\n')}`;
}

const orNone = (text: string, none: string) => (text.trim() === '' ? none : text);

/** Turns as people see them (`#1` is seq 0, as in `session show`): `#1–4, #6`. */
export function seqRange(seqs: number[]): string {
  if (seqs.length === 0) return 'none';
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0]!;
  let previous = start;
  for (const seq of [...sorted.slice(1), Number.NaN]) {
    if (seq === previous + 1) {
      previous = seq;
      continue;
    }
    parts.push(start === previous ? `#${start + 1}` : `#${start + 1}–${previous + 1}`);
    start = previous = seq;
  }
  return parts.join(', ');
}

/** A turn as the messages Claude sees. Consecutive user messages are fine: the API joins them. */
export function renderTurn(turn: TurnRecord): Message[] {
  if (turn.kind === 'conversation') {
    return [
      { role: 'user', content: orNone(turn.input, '(empty message)') },
      { role: 'assistant', content: orNone(turn.output, '(no answer)') },
    ];
  }
  if (turn.kind === 'summary') {
    const covered = turn.summarises && turn.summarises.length > 0 ? ` ${seqRange(turn.summarises)}` : '';
    return [{ role: 'user', content: `[Summary of earlier session turns${covered}, written when they were compacted]\n${orNone(turn.output, '(empty summary)')}` }];
  }
  return [{ role: 'user', content: `[In this session the developer ran \`${commandLine(turn)}\`; result:]\n${orNone(turn.output, '(no output)')}` }];
}

/** A command turn's command line: its input when the recorder stored the whole line, else rebuilt. */
function commandLine(turn: TurnRecord): string {
  const input = turn.input.trim();
  if (input.startsWith('loom ') || input === 'loom') return input;
  return ['loom', turn.command ?? '', input].filter((part) => part !== '').join(' ');
}

const PER_MESSAGE_FRAME = 4;

/** `estimateInputTokens` of `renderTurn(turn)`, without building the messages for the common case. */
function turnTokens(turn: TurnRecord): number {
  if (turn.kind === 'conversation') {
    return 2 * PER_MESSAGE_FRAME + estimateTextTokens(orNone(turn.input, '(empty message)')) + estimateTextTokens(orNone(turn.output, '(no answer)'));
  }
  return estimateInputTokens({ messages: renderTurn(turn) });
}

/** A visible item; its messages are rendered only if it is sent (most of a long session is not). */
class Item implements ContextItem {
  private rendered: Message[] | undefined;
  constructor(
    readonly turn: TurnRecord,
    readonly order: number,
    readonly tokens: number,
  ) {}

  get messages(): Message[] {
    this.rendered ??= renderTurn(this.turn);
    return this.rendered;
  }
}

/** The turns that make up the context, in order: summaries stand in for what they cover. */
export function visibleItems(turns: TurnRecord[]): ContextItem[] {
  const covered = coveredSeqs(turns);
  const items: ContextItem[] = [];
  let ordered = true;
  for (const turn of turns) {
    if (covered.has(turn.seq)) continue;
    const order = turn.kind === 'summary' && turn.summarises && turn.summarises.length > 0 ? Math.min(...turn.summarises) : turn.seq;
    if (items.length > 0 && order < items[items.length - 1]!.order) ordered = false;
    items.push(new Item(turn, order, turnTokens(turn)));
  }
  return ordered ? items : items.sort((a, b) => a.order - b.order || a.turn.seq - b.turn.seq);
}

export function coveredSeqs(turns: TurnRecord[]): Set<number> {
  const covered = new Set<number>();
  for (const turn of turns) if (turn.kind === 'summary') for (const seq of turn.summarises ?? []) covered.add(seq);
  return covered;
}

export function questionTokens(question: string | undefined): number {
  return question === undefined ? 0 : estimateInputTokens({ messages: [{ role: 'user', content: question }] });
}

/**
 * The context for a call within `budget` tokens (system prompt, pinned memory, question
 * included): every visible item if they fit, else the newest that fit, with a note.
 * Pure: summarising is the service's business; this only ever truncates.
 */
export function planContext(input: {
  turns: TurnRecord[];
  pinned: string[];
  projectRoot: string;
  budget: number;
  question?: string;
  /** Whether Claude can be reached to summarise instead (changes the note only). */
  online: boolean;
}): InternalPlan {
  const system = systemPrompt(input.projectRoot, input.pinned);
  const fixedTokens = estimateTextTokens(system) + questionTokens(input.question);
  const all = visibleItems(input.turns);
  const dropped = [...coveredSeqs(input.turns)];
  const summarised = dropped.length > 0;
  let total = fixedTokens + all.reduce((sum, item) => sum + item.tokens, 0);
  let first = 0;
  while (total > input.budget && first < all.length) total -= all[first++]!.tokens;
  const items = all.slice(first);
  // Visible items are never covered, and what a left-out summary covers is in `dropped` already.
  for (let index = 0; index < first; index++) dropped.push(all[index]!.turn.seq);
  dropped.sort((a, b) => a - b);
  const notes: string[] = [];
  if (first > 0) {
    const count = `${first} older ${first === 1 ? 'turn' : 'turns'} (${seqRange(all.slice(0, first).map((item) => item.turn.seq))})`;
    notes.push(
      input.online
        ? `${count} left out to fit the ${input.budget.toLocaleString('en-US')}-token context budget; \`loom session compact\` summarises them instead`
        : `offline (ANTHROPIC_API_KEY not set): ${count} truncated rather than summarised to fit the ${input.budget.toLocaleString('en-US')}-token context budget; nothing is deleted, and \`loom session compact\` summarises them once online`,
    );
  }
  if (fixedTokens > input.budget) {
    notes.push(`pinned memory and the question alone are ~${fixedTokens.toLocaleString('en-US')} tokens, over the ${input.budget.toLocaleString('en-US')}-token budget; they are sent anyway (pinned memory is never left out)`);
  }
  return {
    messages: items.flatMap((item) => item.messages),
    pinned: input.pinned,
    estimatedTokens: total,
    dropped,
    mode: first > 0 ? 'truncated' : summarised ? 'summarised' : 'full',
    note: notes.length > 0 ? notes.join('; ') : undefined,
    items,
    system,
    fixedTokens,
  };
}

/** What the summariser reads: the turns, clipped so the request stays well inside a context window. */
export function transcript(items: ContextItem[], maxChars: number): string {
  const render = (item: ContextItem, limit: number) => {
    const turn = item.turn;
    const clip = (text: string) => (text.length <= limit ? text : `${text.slice(0, Math.ceil(limit * 0.7))}\n[… ${text.length - limit} characters cut …]\n${text.slice(text.length - Math.floor(limit * 0.3))}`);
    const head = `<turn n="${turn.seq + 1}" kind="${turn.kind}" at="${turn.at}"${turn.command ? ` command="${turn.command}"` : ''}>`;
    if (turn.kind === 'conversation') return `${head}\n<developer>\n${clip(turn.input)}\n</developer>\n<claude>\n${clip(turn.output)}\n</claude>\n</turn>`;
    if (turn.kind === 'summary') return `${head}\n<earlier-summary>\n${clip(turn.output)}\n</earlier-summary>\n</turn>`;
    return `${head}\n<input>${clip(turn.input)}</input>\n<result>\n${clip(turn.output)}\n</result>\n</turn>`;
  };
  for (let limit = 8000; limit >= 200; limit = Math.floor(limit / 2)) {
    const text = items.map((item) => render(item, limit)).join('\n');
    if (text.length <= maxChars) return text;
  }
  // Still too long: the newest turns, tersely; the oldest are named only.
  const parts: string[] = [];
  let length = 0;
  let index = items.length - 1;
  for (; index >= 0; index--) {
    const part = render(items[index]!, 200);
    if (length + part.length > maxChars) break;
    parts.unshift(part);
    length += part.length + 1;
  }
  if (index >= 0) parts.unshift(`[${index + 1} earlier turns (${seqRange(items.slice(0, index + 1).map((item) => item.turn.seq))}) omitted: too long to summarise in one call]`);
  return parts.join('\n');
}

/** The offline stand-in for a summary: the first line of each turn, newest kept when space runs out. */
export function offlineDigest(items: ContextItem[], maxChars: number): string {
  const line = (item: ContextItem) => {
    const first = (text: string, limit: number) => {
      const oneLine = text.trim().split('\n')[0] ?? '';
      return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
    };
    const turn = item.turn;
    if (turn.kind === 'summary') return `- #${turn.seq + 1} (summary): ${first(turn.output, 140)}`;
    if (turn.kind === 'command') return `- #${turn.seq + 1} (ran ${first(commandLine(turn), 50)}): ${first(turn.output, 80)}`;
    return `- #${turn.seq + 1}: ${first(turn.input, 60)} → ${first(turn.output, 80)}`;
  };
  const header = `Offline (ANTHROPIC_API_KEY not set): these ${items.length} turns were truncated to their first lines instead of summarised. The raw turns are still on disk (\`loom session show --raw\`).`;
  const lines: string[] = [];
  let length = header.length;
  let index = items.length - 1;
  for (; index >= 0; index--) {
    const text = line(items[index]!);
    if (length + text.length + 1 > maxChars) break;
    lines.unshift(text);
    length += text.length + 1;
  }
  if (index >= 0) lines.unshift(`- … ${index + 1} earlier turns left out`);
  return [header, ...lines].join('\n');
}
