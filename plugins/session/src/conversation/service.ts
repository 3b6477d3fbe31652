import { LoomError, type Paths } from '@loomkit/kernel';
import { cacheStablePrefix, type Llm, type LlmRequestInput, type LlmResult } from '@loomkit/llm';
import { RECORD_VERSION, type SessionConfig, type TurnRecord } from '../schema.js';
import { readGitState } from '../service/git-state.js';
import type { SessionState, SessionStore } from '../store/types.js';
import { compactionSystem, offlineDigest, planContext, seqRange, transcript, visibleItems, type ContextItem, type InternalPlan } from './context.js';
import { readNotes, type ReadCheck } from './notes.js';
import type { CompactionPreview, ContextPlan, ConversationService } from './types.js';

export interface ConversationDeps {
  store: SessionStore;
  llm: Llm;
  config: SessionConfig;
  paths: Paths;
  now: () => number;
  /** The security policy's read check, for the notes file. */
  checkRead: ReadCheck;
}

/** What the summariser may read in one call: ~115k tokens, inside every current model's window. */
const MAX_TRANSCRIPT_CHARS = 400_000;
const CHARS_PER_TOKEN = 3.5;
const NO_TOKENS = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };

/** Pinned memory: the project notes file (if present) and the session's pins, rendered for the system prompt. */
export async function readPinnedMemory(state: Pick<SessionState, 'pins'>, config: Pick<SessionConfig, 'notesFile'>, paths: Pick<Paths, 'projectRoot'>, checkRead: ReadCheck): Promise<string[]> {
  const pinned: string[] = [];
  const notes = (await readNotes(config, paths.projectRoot, checkRead))?.trim();
  if (notes) pinned.push(`## Project notes (${config.notesFile})\n${notes}`);
  for (const pin of state.pins) pinned.push(`## Pin ${pin.id}\n${pin.text}`);
  return pinned;
}

export function textOf(result: LlmResult): string {
  return result.message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** Only a guess: the store numbers turns under its lock (and sets `seq` on the record passed). */
const nextSeq = (state: SessionState) => state.turnRecords.reduce((max, turn) => Math.max(max, turn.seq), -1) + 1;

const publicPlan = ({ messages, pinned, estimatedTokens, dropped, mode, note }: InternalPlan): ContextPlan => ({ messages, pinned, estimatedTokens, dropped, mode, note });

/** Worth a summary unless there is nothing to fold, or only one earlier summary (it would summarise itself). */
const worthCompacting = (candidates: ContextItem[]) => candidates.length > 1 || (candidates.length === 1 && candidates[0]!.turn.kind !== 'summary');

export function createConversationService(deps: ConversationDeps): ConversationService {
  const { store, llm, config, paths } = deps;
  const budget = config.contextTokens;
  /** A summary's own size: a quarter of the budget at most, so compaction always frees room. */
  const summaryMaxTokens = Math.max(256, Math.min(2048, Math.floor(budget / 4)));
  const iso = (ms: number) => new Date(ms).toISOString();

  const gitState = (): TurnRecord['git'] => readGitState(paths.projectRoot);

  async function plan(state: SessionState, pinned: string[], question?: string): Promise<InternalPlan> {
    return planContext({ turns: state.turnRecords, pinned, projectRoot: paths.projectRoot, budget, question, online: llm.available });
  }

  /** Writes the summary turn for `candidates`: Claude's summary online, a truncated digest offline. */
  async function summarise(
    state: SessionState,
    candidates: ContextItem[],
    pinned: string[],
    options: { reason: string; instructions?: string; signal?: AbortSignal; maxCostUsd?: number },
  ): Promise<TurnRecord> {
    const started = deps.now();
    const summarises = [...new Set(candidates.flatMap((item) => [item.turn.seq, ...(item.turn.summarises ?? [])]))].sort((a, b) => a - b);
    let output: string;
    let usage: Pick<TurnRecord, 'model' | 'tokens' | 'costUsd'> = { model: null, tokens: NO_TOKENS, costUsd: 0 };
    if (llm.available) {
      const words = Math.round(summaryMaxTokens * 0.6);
      const ask = `${transcript(candidates, MAX_TRANSCRIPT_CHARS)}\n\nSummarise the ${candidates.length} turns above in at most about ${words} words.` +
        (options.instructions ? `\nThe developer's instructions for this summary: ${options.instructions}` : '');
      const result = await llm.create(
        { system: compactionSystem(pinned), max_tokens: summaryMaxTokens, messages: [{ role: 'user', content: ask }] },
        { signal: options.signal, maxCostUsd: options.maxCostUsd, command: 'session compact', session: state.id, sessionSpentUsd: state.costUsd },
      );
      output = textOf(result).trim() || '(the summariser returned nothing)';
      usage = { model: result.model, tokens: result.usage, costUsd: result.costUsd };
    } else {
      output = offlineDigest(candidates, Math.floor(summaryMaxTokens * CHARS_PER_TOKEN));
    }
    const turn: TurnRecord = {
      v: RECORD_VERSION,
      type: 'turn',
      seq: nextSeq(state),
      at: iso(started),
      kind: 'summary',
      command: null,
      input: `compact turns ${seqRange(candidates.map((item) => item.turn.seq))} (${options.reason})${options.instructions ? `; instructions: ${options.instructions}` : ''}`,
      output,
      ...usage,
      durationMs: deps.now() - started,
      git: gitState(),
      files: [],
      summarises,
    };
    await store.append(state.id, [turn]);
    return turn;
  }

  /** How many recent items can stay verbatim next to a summary within the budget (at most keepRecentTurns). */
  function keepForBudget(items: ContextItem[], fixedTokens: number): number {
    const room = budget - fixedTokens - summaryMaxTokens - 64;
    let keep = 0;
    let used = 0;
    while (keep < Math.min(config.keepRecentTurns, items.length)) {
      const tokens = items[items.length - 1 - keep]!.tokens;
      if (used + tokens > room) break;
      used += tokens;
      keep += 1;
    }
    return keep;
  }

  function askRequest(context: InternalPlan, question: string): LlmRequestInput {
    // Every message as a text block, marked or not, so a message's form never depends on
    // where this call's breakpoints fall: the next call's prefix is then byte-identical.
    const messages = [...context.messages, { role: 'user' as const, content: question }].map((message) => ({ role: message.role, content: [{ type: 'text' as const, text: message.content }] }));
    let request: LlmRequestInput = { system: context.system, messages };
    // Breakpoints: the system prompt (pinned memory), the end of the context (written now,
    // read by the next ask), and where the previous ask's context ended (read now).
    request = cacheStablePrefix(request, { system: true, messages: context.messages.length });
    let offset = 0;
    let previous = 0;
    for (const item of context.items) {
      if (item.turn.kind === 'conversation') previous = offset;
      offset += item.messages.length;
    }
    if (previous > 0 && previous < context.messages.length) request = cacheStablePrefix(request, { system: false, messages: previous });
    return request;
  }

  return {
    async buildContext(sessionId, options = {}) {
      const state = await store.read(sessionId);
      return publicPlan(await plan(state, await readPinnedMemory(state, config, paths, deps.checkRead), options.question));
    },

    async ask(sessionId, question, options = {}) {
      if (question.trim() === '') throw new LoomError('ASK_EMPTY', 'nothing to ask', { hint: 'loom ask "what does src/auth.ts do?"', exitCode: 2 });
      const started = deps.now();
      let state = await store.read(sessionId);
      const pinned = await readPinnedMemory(state, config, paths, deps.checkRead);
      let context = await plan(state, pinned, question);
      let compacted: TurnRecord | undefined;
      if (context.mode === 'truncated' && llm.available) {
        // Over budget: summarise the older turns into a visible summary turn, then plan again.
        const all = visibleItems(state.turnRecords);
        const candidates = all.slice(0, all.length - keepForBudget(all, context.fixedTokens));
        if (worthCompacting(candidates)) {
          compacted = await summarise(state, candidates, pinned, {
            reason: `automatic: the context was over its ${budget.toLocaleString('en-US')}-token budget`,
            signal: options.signal,
            maxCostUsd: options.maxCostUsd,
          });
          state = await store.read(state.id);
          context = await plan(state, pinned, question);
        }
      }
      const git = gitState();
      options.onContext?.(publicPlan(context), compacted);
      const stream = llm.stream(askRequest(context, question), {
        signal: options.signal,
        maxCostUsd: options.maxCostUsd,
        command: 'session ask',
        session: state.id,
        sessionSpentUsd: state.costUsd,
      });
      for await (const event of stream) {
        if (event.type === 'text') options.onText?.(event.text);
        else options.onRestart?.(event.attempt);
      }
      const result = await stream.result;
      const turn: TurnRecord = {
        v: RECORD_VERSION,
        type: 'turn',
        seq: nextSeq(state),
        at: iso(started),
        kind: 'conversation',
        command: null,
        input: question,
        output: textOf(result),
        model: result.model,
        tokens: result.usage,
        costUsd: result.costUsd,
        durationMs: deps.now() - started,
        git,
        files: [],
      };
      await store.append(state.id, [turn]);
      return { turn, result, context: publicPlan(context), compacted };
    },

    async previewCompaction(sessionId, options = {}): Promise<CompactionPreview> {
      const state = await store.read(sessionId);
      const keep = checkKeep(options.keep ?? config.keepRecentTurns);
      const context = await plan(state, await readPinnedMemory(state, config, paths, deps.checkRead));
      const all = visibleItems(state.turnRecords);
      const candidates = all.slice(0, Math.max(0, all.length - keep));
      const before = context.fixedTokens + all.reduce((sum, item) => sum + item.tokens, 0);
      const kept = all.slice(candidates.length).reduce((sum, item) => sum + item.tokens, 0);
      // A summary is typically a quarter of what it covers, and never more than its max_tokens.
      const summary = Math.min(summaryMaxTokens, Math.max(64, Math.ceil(candidates.reduce((sum, item) => sum + item.tokens, 0) / 4)));
      const after = worthCompacting(candidates) ? context.fixedTokens + summary + kept : before;
      return { turns: worthCompacting(candidates) ? candidates.map((item) => item.turn.seq) : [], keep, estimatedTokensBefore: before, estimatedTokensAfter: after };
    },

    async compact(sessionId, options = {}) {
      const state = await store.read(sessionId);
      const keep = checkKeep(options.keep ?? config.keepRecentTurns);
      const all = visibleItems(state.turnRecords);
      const candidates = all.slice(0, Math.max(0, all.length - keep));
      if (!worthCompacting(candidates)) {
        throw new LoomError('COMPACT_NOTHING', `nothing to compact: session "${state.name}" has ${all.length} ${all.length === 1 ? 'turn' : 'turns'} in its context and the last ${keep} stay verbatim`, {
          hint: all.length > 1 ? `keep fewer, e.g. --keep ${Math.max(0, Math.min(keep, all.length) - 2)}` : 'there is nothing older to summarise yet',
        });
      }
      const pinned = await readPinnedMemory(state, config, paths, deps.checkRead);
      return summarise(state, candidates, pinned, { reason: `requested, keeping the last ${keep}`, instructions: options.instructions, signal: options.signal, maxCostUsd: options.maxCostUsd });
    },
  };
}

function checkKeep(keep: number): number {
  if (!Number.isInteger(keep) || keep < 0) throw new LoomError('COMPACT_KEEP_INVALID', `--keep must be a whole number of turns, 0 or more, not ${keep}`, { hint: 'e.g. --keep 4', exitCode: 2 });
  return keep;
}
