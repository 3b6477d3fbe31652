import { Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { formatUsd, type LlmResult } from '@loomkit/llm';
import type { TurnRecord } from '../schema.js';
import type { SessionState, SessionStore } from '../store/types.js';

/** `--session <id|name>` of the conversation and checkpoint commands: the active session when left out. */
export const sessionFlag = Flags.string({ description: 'The session to use: id, id prefix or name (default: the active one).', helpValue: '<id|name>' });

/** The session named by `--session`, else the project's active one, else a one-line error saying how to start one. */
export async function sessionFor(store: SessionStore, ref: string | undefined): Promise<SessionState> {
  if (ref !== undefined) return store.read(ref);
  const id = await store.active();
  if (!id) {
    throw new LoomError('SESSION_NONE_ACTIVE', 'no session is active in this project', {
      hint: 'start one with `loom session start [name]`, pick one with `loom session resume`, or name one with --session',
    });
  }
  return store.read(id);
}

/** An explicit session reference, else the active session's id (or SESSION_NONE_ACTIVE). */
export async function sessionRef(store: SessionStore, ref: string | undefined): Promise<string> {
  return ref ?? (await sessionFor(store, undefined)).id;
}

const count = (n: number) => n.toLocaleString('en-US');

/** One line about a call: model, tokens (cached ones said), cost, time, where it was recorded. */
export function turnStats(turn: TurnRecord, session: Pick<SessionState, 'name'>): string {
  const { input, output, cacheRead, cacheWrite } = turn.tokens;
  const cache = [cacheRead > 0 ? `${count(cacheRead)} from cache` : '', cacheWrite > 0 ? `${count(cacheWrite)} cached` : ''].filter(Boolean).join(', ');
  const inTokens = `${count(input + cacheRead + cacheWrite)} in${cache ? ` (${cache})` : ''}`;
  return `${turn.model ?? 'offline'} · ${inTokens} · ${count(output)} out · ${formatUsd(turn.costUsd)} · ${(turn.durationMs / 1000).toFixed(1)} s · session ${session.name} #${turn.seq + 1}`;
}

export function stopNote(result: LlmResult): string | undefined {
  if (result.message.stop_reason === 'max_tokens') return 'the answer was cut at max_tokens; raise it with `loom config set llm.maxTokens <n>`';
  if (result.message.stop_reason === 'refusal') return 'Claude declined to answer';
  return undefined;
}
