import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CoreTokens, currentInvocation, type LoomErrorJson, type PluginContext } from '@loomkit/kernel';
import type { TokenUsage } from '@loomkit/llm';
import { RECORD_VERSION, type TurnRecord } from '../schema.js';
import { SESSIONS_DIR } from '../store/store.js';
import type { SessionStore } from '../store/types.js';
import { SessionStoreToken } from '../tokens.js';
import { readGitState } from './git-state.js';
import { snapshotWorkTree, touchedFiles, type WorkTreeSnapshot } from './touched-files.js';

/** Commands that are not turns of the work: the session commands themselves, and the shell that hosts others. */
export function isRecorded(command: string): boolean {
  const id = command.replaceAll(' ', ':');
  return !(id === 'session' || id.startsWith('session:') || id === 'ask' || id === 'shell' || id === 'unknown');
}

interface Pending {
  sessionId: string;
  command: string;
  argv: string[];
  startedAt: number;
  tokens: TokenUsage;
  costUsd: number;
  model: string | null;
  calls: number;
  /** The work tree's dirty files at the start, to tell which the command touched. */
  before: WorkTreeSnapshot | undefined;
}

/**
 * Records a turn for every command run while a session is active: `command:start` notes
 * the active session (a stat when there is none), `llm:response` adds each call's usage
 * and cost, `command:end` / `command:error` append the turn. The state is kept per plugin
 * context (kernels side by side, in tests or the shell, do not mix) and, within it, per
 * command run: a chain's parallel steps share one kernel, and each is its own turn.
 * Failing to record never fails the command: it is a warning.
 */
export function createTurnRecorder() {
  const byContext = new WeakMap<object, Map<string, Pending>>();
  const runs = (ctx: PluginContext): Map<string, Pending> => {
    let found = byContext.get(ctx);
    if (!found) byContext.set(ctx, (found = new Map()));
    return found;
  };
  const pending = {
    get: (ctx: PluginContext) => runs(ctx).get(currentInvocation() ?? ''),
    set: (ctx: PluginContext, turn: Pending) => runs(ctx).set(currentInvocation() ?? '', turn),
    delete: (ctx: PluginContext) => runs(ctx).delete(currentInvocation() ?? ''),
  };

  const store = (ctx: PluginContext): SessionStore => ctx.get(SessionStoreToken);
  // Outside git (or if git fails) a turn simply lists no files.
  const snapshot = (ctx: PluginContext): Promise<WorkTreeSnapshot | undefined> =>
    snapshotWorkTree(ctx.get(CoreTokens.Git), ctx.paths.projectRoot).catch(() => undefined);
  const now = (ctx: PluginContext): number => (ctx.getOptional(CoreTokens.Clock) ?? { now: Date.now }).now();

  const filesTouched = async (ctx: PluginContext, before: WorkTreeSnapshot | undefined): Promise<string[]> => {
    const after = before ? await snapshot(ctx) : undefined;
    return before && after ? touchedFiles(before, after) : [];
  };

  const finish = async (ctx: PluginContext, outcome: { durationMs?: number; error?: LoomErrorJson }): Promise<void> => {
    const turn = pending.get(ctx);
    if (!turn) return;
    pending.delete(ctx);
    const input = ['loom', turn.command.replaceAll(':', ' '), ...turn.argv].join(' ');
    const record: TurnRecord = {
      v: RECORD_VERSION,
      type: 'turn',
      seq: 0, // numbered by the store under its lock
      at: new Date(turn.startedAt).toISOString(),
      kind: 'command',
      command: turn.command.replaceAll(':', ' '),
      input,
      output: outcome.error ? `error[${outcome.error.code}]: ${outcome.error.message}` : turn.calls > 0 ? `ok (${turn.calls} call${turn.calls === 1 ? '' : 's'} to Claude)` : 'ok',
      model: turn.model,
      tokens: turn.tokens,
      costUsd: turn.costUsd,
      durationMs: outcome.durationMs ?? Math.max(0, now(ctx) - turn.startedAt),
      git: readGitState(ctx.paths.projectRoot),
      files: await filesTouched(ctx, turn.before),
    };
    try {
      await store(ctx).append(turn.sessionId, [record]);
      // Folded now, once a command: `session list` is then answered from the index before the kernel loads (../early).
      await store(ctx).refreshIndex();
    } catch (error) {
      ctx.logger.warn(`could not record this command in session ${turn.sessionId}: ${(error as Error).message}`);
    }
  };

  return {
    async start(payload: { command: string; argv: string[] }, ctx: PluginContext): Promise<void> {
      pending.delete(ctx);
      if (!isRecorded(payload.command)) return;
      // Most runs have no session: answer that with one stat, without creating the store.
      if (!existsSync(join(ctx.paths.stateDir, SESSIONS_DIR, 'active'))) return;
      try {
        const sessionId = await store(ctx).active();
        if (!sessionId) return;
        pending.set(ctx, {
          sessionId,
          command: payload.command,
          argv: [...payload.argv],
          startedAt: now(ctx),
          tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 },
          costUsd: 0,
          model: null,
          calls: 0,
          before: await snapshot(ctx),
        });
      } catch (error) {
        ctx.logger.warn(`could not read the active session: ${(error as Error).message}`);
      }
    },

    llm(payload: { model: string; tokens: TokenUsage; costUsd: number }, ctx: PluginContext): void {
      const turn = pending.get(ctx);
      if (!turn) return;
      turn.calls++;
      turn.model = payload.model;
      turn.tokens = {
        input: turn.tokens.input + payload.tokens.input,
        output: turn.tokens.output + payload.tokens.output,
        cacheWrite: turn.tokens.cacheWrite + payload.tokens.cacheWrite,
        cacheRead: turn.tokens.cacheRead + payload.tokens.cacheRead,
      };
      turn.costUsd += payload.costUsd;
    },

    end: (payload: { durationMs: number }, ctx: PluginContext) => finish(ctx, { durationMs: payload.durationMs }),
    error: (payload: { error: LoomErrorJson }, ctx: PluginContext) => finish(ctx, { error: payload.error }),
  };
}
