import { LoomError } from '@loomkit/kernel';
import { costOf, findModel, shippedModelTable, type ModelTable } from '@loomkit/llm';
import { parseClaudeCodeTranscript, toClaudeCodeTranscript } from '../interop/claude-code.js';
import { isLoomExport, parseLoomExport, toLoomExport, toMarkdown, type ExportFormat } from '../interop/formats.js';
import { RECORD_VERSION, type SessionConfig, type SessionRecord, type TurnRecord } from '../schema.js';
import { datedName, newPinId, printable, uniqueName, validateName } from '../store/ids.js';
import type { SessionState, SessionStore, SessionSummary } from '../store/types.js';
import { readGitState } from './git-state.js';
import { notesPath, readNotes, type ReadCheck } from '../conversation/notes.js';

export interface SessionServiceDeps {
  store: SessionStore;
  /** The project the command runs in. */
  projectRoot: string;
  config: SessionConfig;
  now: () => number;
  /** Prices for turns imported from Claude Code; the shipped table by default. */
  models?: ModelTable;
  /** Written into exported Claude Code transcripts as `version`. */
  version?: string;
  /** The security policy's read check, for the notes file. */
  checkRead: ReadCheck;
}

export type Located = SessionSummary & { local: boolean };

export interface StatusReport {
  session: SessionSummary;
  forkedFrom: string | null;
  tokens: { input: number; output: number; cacheWrite: number; cacheRead: number };
  checkpoints: number;
  pins: number;
  lastTurn: Pick<TurnRecord, 'seq' | 'at' | 'kind' | 'command' | 'input'> | null;
  git: { branch: string | null; head: string | null };
  skippedLines: number;
}

export interface SearchHit {
  sessionId: string;
  name: string;
  projectRoot: string;
  /** The turn's seq, or null for a match in the name or pinned memory. */
  seq: number | null;
  at: string;
  field: 'name' | 'pin' | 'input' | 'output' | 'command';
  snippet: string;
}

export interface CleanupPlan {
  action: 'archive' | 'purge';
  sessions: SessionSummary[];
  /** Why each was chosen, in words, for the plan the command prints first. */
  criteria: string;
  /** Sessions left alone because they are active. */
  skippedActive: string[];
}

export interface ImportResult {
  session: SessionState;
  turns: number;
  tokens: number;
  costUsd: number;
  skippedLines: number;
  offBranch: number;
  unpricedModels: string[];
}

export type SessionService = ReturnType<typeof createSessionService>;

/**
 * What the `session` commands do, over the store: commands parse, call one of these and
 * print. Cross-project lookups go through the store's user-level index (`locate`).
 */
export function createSessionService(deps: SessionServiceDeps) {
  const { store, config, now } = deps;
  const iso = () => new Date(now()).toISOString();

  const locate = async (ref: string): Promise<Located> => {
    if (store.locate) return store.locate(ref);
    return { ...(await store.read(ref)), local: true };
  };
  const storeOf = (session: Located): SessionStore => {
    if (session.local || !store.forProject) return store;
    return store.forProject(session.projectRoot);
  };
  const readLocated = async (ref: string): Promise<{ session: Located; state: SessionState; owner: SessionStore }> => {
    const session = await locate(ref);
    const owner = storeOf(session);
    return { session, state: await owner.read(session.id), owner };
  };

  const requireActive = async (): Promise<SessionState> => {
    const id = await store.active();
    if (!id) {
      throw new LoomError('SESSION_NONE_ACTIVE', 'no session is active in this project', {
        hint: 'start one with `loom session start [name]`, or pick one with `loom session resume`',
      });
    }
    return store.read(id);
  };

  const nameTaken = (sessions: SessionSummary[]) => (name: string) => sessions.some((s) => s.name.toLowerCase() === name.toLowerCase());

  const service = {
    /** Starts a session and makes it active; `from` seeds it with another session's turns and memory. */
    async start(name: string | undefined, options: { from?: string } = {}): Promise<{ session: SessionState; previous: string | undefined; from: Located | undefined }> {
      const previous = await store.active();
      let source: { session: Located; state: SessionState } | undefined;
      if (options.from) source = await readLocated(options.from);
      const sessions = await store.list({ includeArchived: true });
      const chosen = name !== undefined ? validateName(name) : uniqueName(source ? `${source.state.name}-continued` : datedName(now()), nameTaken(sessions));
      const session = await store.create(chosen, source ? { copyTurnsFrom: source.state, forkedFrom: source.state.id } : {});
      await store.setActive(session.id);
      return { session, previous: previous !== session.id ? previous : undefined, from: source?.session };
    },

    async list(options: { allProjects?: boolean; archived?: boolean } = {}): Promise<Array<SessionSummary & { active: boolean }>> {
      const active = await store.active();
      const sessions = await store.list({ allProjects: options.allProjects, includeArchived: options.archived });
      return sessions.map((session) => ({ ...session, active: session.id === active && session.projectRoot === deps.projectRoot }));
    },

    async status(): Promise<StatusReport | undefined> {
      const id = await store.active();
      if (!id) return undefined;
      const state = await store.read(id);
      const tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
      for (const turn of state.turnRecords) {
        tokens.input += turn.tokens.input;
        tokens.output += turn.tokens.output;
        tokens.cacheWrite += turn.tokens.cacheWrite;
        tokens.cacheRead += turn.tokens.cacheRead;
      }
      const last = state.turnRecords.at(-1);
      return {
        session: summaryOf(state),
        forkedFrom: state.forkedFrom,
        tokens,
        checkpoints: state.checkpoints.length,
        pins: state.pins.length,
        lastTurn: last ? { seq: last.seq, at: last.at, kind: last.kind, command: last.command, input: last.input } : null,
        git: readGitState(deps.projectRoot),
        skippedLines: state.skippedLines,
      };
    },

    /** A session with its turns; summarised turns are folded into their summary unless `raw`. */
    async show(ref: string, options: { raw?: boolean } = {}): Promise<{ session: SessionState; local: boolean; turns: TurnRecord[]; hidden: number }> {
      const { session, state } = await readLocated(ref);
      const summarised = new Set(state.turnRecords.flatMap((turn) => (turn.kind === 'summary' ? (turn.summarises ?? []) : [])));
      const turns = options.raw ? state.turnRecords : state.turnRecords.filter((turn) => !summarised.has(turn.seq));
      return { session: state, local: session.local, turns, hidden: state.turnRecords.length - turns.length };
    },

    /** Sessions to offer in the picker: this project's, most recent first. */
    async candidates(): Promise<SessionSummary[]> {
      return store.list();
    },

    /**
     * Makes a session active (in the project it lives in) and says where that is. An
     * archived session is brought back first.
     */
    async resume(ref: string | undefined): Promise<{ session: SessionSummary; local: boolean; unarchived: boolean; previous: string | undefined }> {
      let session: Located;
      if (ref === undefined) {
        const recent = (await store.list())[0];
        if (!recent) {
          throw new LoomError('SESSION_NONE', `no sessions in ${deps.projectRoot}`, { hint: 'start one with `loom session start [name]`, or look elsewhere: `loom session list --all-projects`' });
        }
        session = { ...recent, local: true };
      } else {
        session = await locate(ref);
      }
      const owner = storeOf(session);
      const previous = await owner.active();
      let unarchived = false;
      if (session.archived) {
        await owner.unarchive(session.id);
        unarchived = true;
      }
      if (session.ended) await owner.append(session.id, [{ v: RECORD_VERSION, type: 'resume', at: iso() }]);
      await owner.setActive(session.id);
      return { session: { ...session, archived: false, ended: false }, local: session.local, unarchived, previous: previous !== session.id ? previous : undefined };
    },

    async end(options: { archive?: boolean } = {}): Promise<SessionSummary> {
      const state = await requireActive();
      await store.append(state.id, [{ v: RECORD_VERSION, type: 'end', at: iso() }]);
      await store.setActive(undefined);
      if (options.archive) await store.archive(state.id);
      return { ...summaryOf(state), ended: true, archived: Boolean(options.archive) };
    },

    /** A full copy (turns and pinned memory) in the source's project; the active session does not change. */
    async fork(ref: string, name: string | undefined): Promise<{ session: SessionState; source: Located }> {
      const { session, state, owner } = await readLocated(ref);
      const sessions = await owner.list({ includeArchived: true });
      const chosen = name !== undefined ? validateName(name) : uniqueName(`${state.name}-fork`, nameTaken(sessions));
      const fork = await owner.create(chosen, { copyTurnsFrom: state, forkedFrom: state.id });
      return { session: fork, source: session };
    },

    async rename(ref: string, name: string): Promise<{ session: SessionSummary; previousName: string }> {
      const valid = validateName(name);
      const { session, owner } = await readLocated(ref);
      if (session.name === valid) return { session, previousName: session.name };
      const clash = (await owner.list({ includeArchived: true })).find((s) => s.id !== session.id && s.name.toLowerCase() === valid.toLowerCase());
      if (clash) {
        throw new LoomError('SESSION_NAME_TAKEN', `a session named "${clash.name}" already exists (${clash.id})`, { hint: 'choose another name' });
      }
      await owner.append(session.id, [{ v: RECORD_VERSION, type: 'rename', at: iso(), name: valid }]);
      return { session: { ...session, name: valid }, previousName: session.name };
    },

    /** Pinned memory: the project notes file and the active session's pins. */
    async memory(): Promise<{ notesFile: string; notes: string | undefined; session: SessionSummary | undefined; pins: Array<{ id: string; text: string }> }> {
      const notesFile = notesPath(config, deps.projectRoot);
      const notes = await readNotes(config, deps.projectRoot, deps.checkRead);
      const id = await store.active();
      if (!id) return { notesFile, notes, session: undefined, pins: [] };
      const state = await store.read(id);
      return { notesFile, notes, session: summaryOf(state), pins: state.pins };
    },

    async addMemory(text: string): Promise<{ id: string; text: string; session: SessionSummary }> {
      const pin = text.trim();
      if (pin.length === 0) throw new LoomError('SESSION_PIN_EMPTY', 'nothing to pin', { hint: 'loom session memory add "the API is versioned under /v2"' });
      const state = await requireActive();
      let id = newPinId();
      while (state.pins.some((p) => p.id === id)) id = newPinId();
      await store.append(state.id, [{ v: RECORD_VERSION, type: 'pin', at: iso(), id, text: pin }]);
      return { id, text: pin, session: summaryOf(state) };
    },

    async removeMemory(pinId: string): Promise<{ id: string; text: string; session: SessionSummary }> {
      const state = await requireActive();
      const pin = state.pins.find((p) => p.id === pinId.trim());
      if (!pin) {
        throw new LoomError('SESSION_PIN_NOT_FOUND', `no pinned memory "${printable(pinId)}" in session ${state.name}`, { hint: 'run `loom session memory` to see the ids' });
      }
      await store.append(state.id, [{ v: RECORD_VERSION, type: 'unpin', at: iso(), id: pin.id }]);
      return { ...pin, session: summaryOf(state) };
    },

    /** Case-insensitive text search over names, pinned memory and every turn (raw turns included). */
    async search(text: string, options: { allProjects?: boolean; limit?: number } = {}): Promise<{ hits: SearchHit[]; total: number; sessionsSearched: number }> {
      const needle = text.trim().toLowerCase();
      if (needle.length === 0) throw new LoomError('SEARCH_EMPTY', 'nothing to search for', { hint: 'loom session search "rate limiter"' });
      const limit = options.limit ?? 50;
      const hits: SearchHit[] = [];
      let total = 0;
      let searched = 0;
      const sessions = await store.list({ allProjects: options.allProjects, includeArchived: true });
      for (const session of sessions) {
        const owner = session.projectRoot === deps.projectRoot ? store : store.forProject?.(session.projectRoot);
        if (!owner) continue;
        let state: SessionState;
        try {
          state = await owner.read(session.id);
        } catch {
          continue; // a project that moved: the index knew it, its logs are gone from there
        }
        searched++;
        const hit = (field: SearchHit['field'], value: string, seq: number | null, at: string) => {
          const index = value.toLowerCase().indexOf(needle);
          if (index < 0) return;
          total++;
          if (hits.length < limit) hits.push({ sessionId: state.id, name: state.name, projectRoot: state.projectRoot, seq, at, field, snippet: snippet(value, index, needle.length) });
        };
        hit('name', state.name, null, state.updatedAt);
        for (const pin of state.pins) hit('pin', pin.text, null, state.updatedAt);
        for (const turn of state.turnRecords) {
          hit('input', turn.input, turn.seq, turn.at);
          hit('output', turn.output, turn.seq, turn.at);
          if (turn.command) hit('command', turn.command, turn.seq, turn.at);
        }
      }
      return { hits, total, sessionsSearched: searched };
    },

    async exportSession(ref: string, format: ExportFormat): Promise<{ session: SessionState; text: string }> {
      const { state } = await readLocated(ref);
      switch (format) {
        case 'md':
          return { session: state, text: toMarkdown(state) };
        case 'json':
          return { session: state, text: `${JSON.stringify(toLoomExport(state, now()), null, 2)}\n` };
        case 'claude-code':
          return { session: state, text: toClaudeCodeTranscript(state, { version: deps.version ?? 'loom' }) };
      }
    },

    /** Imports a Claude Code transcript or a Loom JSON export as a new session of this project. */
    async importText(text: string, options: { file: string; from?: 'claude-code' | 'loom'; name?: string }): Promise<ImportResult> {
      const from = options.from ?? (isLoomExport(text) ? 'loom' : 'claude-code');
      const sessions = await store.list({ includeArchived: true });
      const records: SessionRecord[] = [];
      const unpriced = new Set<string>();
      let baseName: string;
      let skippedLines = 0;
      let offBranch = 0;
      let pins: Array<{ id: string; text: string }> = [];
      if (from === 'loom') {
        const parsed = parseLoomExport(text, options.file);
        baseName = parsed.name;
        skippedLines = parsed.skipped;
        pins = parsed.pins;
        records.push(...parsed.turns.map((turn) => ({ ...turn })));
      } else {
        const transcript = parseClaudeCodeTranscript(text);
        if (transcript.turns.length === 0) {
          throw new LoomError('SESSION_IMPORT_EMPTY', `${options.file} holds no Claude Code conversation (${transcript.skippedLines} unreadable lines)`, {
            hint: 'pass a transcript from ~/.claude/projects/<project>/<session>.jsonl',
          });
        }
        skippedLines = transcript.skippedLines;
        offBranch = transcript.offBranch;
        baseName = sanitizeName(transcript.title ?? `claude-code-${(transcript.sessionId ?? 'import').slice(0, 8)}`);
        const table = deps.models ?? shippedModelTable();
        for (const turn of transcript.turns) {
          let costUsd = 0;
          if (turn.model) {
            try {
              costUsd = costOf(findModel(table, turn.model), turn.tokens);
            } catch {
              unpriced.add(turn.model);
            }
          }
          records.push({
            v: RECORD_VERSION,
            type: 'turn',
            seq: 0,
            at: turn.at,
            kind: 'conversation',
            command: null,
            input: turn.input,
            output: turn.output,
            model: turn.model,
            tokens: turn.tokens,
            costUsd,
            durationMs: turn.durationMs,
            git: { branch: turn.branch, head: null },
            files: turn.files,
          });
        }
      }
      const name = options.name !== undefined ? validateName(options.name) : uniqueName(baseName, nameTaken(sessions));
      const session = await store.create(name);
      const at = iso();
      await store.append(session.id, [...records, ...pins.map((pin) => ({ v: RECORD_VERSION, type: 'pin' as const, at, id: pin.id, text: pin.text }))]);
      const turns = records.filter((record): record is TurnRecord => record.type === 'turn');
      return {
        session: await store.read(session.id),
        turns: turns.length,
        tokens: turns.reduce((sum, turn) => sum + turn.tokens.input + turn.tokens.output + turn.tokens.cacheWrite + turn.tokens.cacheRead, 0),
        costUsd: turns.reduce((sum, turn) => sum + turn.costUsd, 0),
        skippedLines,
        offBranch,
        unpricedModels: [...unpriced],
      };
    },

    /**
     * Which sessions `cleanup` would touch: never the active one; the `keep` most recently
     * updated stay; of the rest, those idle longer than `olderThanMs`. Archiving is the
     * default; `purge` deletes, archived sessions included.
     */
    async planCleanup(options: { olderThanMs?: number; keep?: number; purge?: boolean }): Promise<CleanupPlan> {
      const active = await store.active();
      const purge = Boolean(options.purge);
      const considered = await store.list({ includeArchived: purge });
      const olderThanMs = options.olderThanMs ?? (options.keep === undefined ? 90 * 86_400_000 : undefined);
      const cutoff = olderThanMs === undefined ? undefined : now() - olderThanMs;
      const byRecent = [...considered].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
      const kept = new Set(byRecent.slice(0, options.keep ?? 0).map((s) => s.id));
      const sessions = byRecent.filter((s) => !kept.has(s.id) && s.id !== active && (cutoff === undefined || Date.parse(s.updatedAt) < cutoff));
      const criteria = [
        olderThanMs !== undefined ? `idle for more than ${Math.round(olderThanMs / 86_400_000)} days` : undefined,
        options.keep !== undefined ? `not among the ${options.keep} most recent` : undefined,
      ].filter(Boolean).join(' and ');
      return {
        action: purge ? 'purge' : 'archive',
        sessions,
        criteria: criteria || 'all',
        skippedActive: active && considered.some((s) => s.id === active) && !kept.has(active) ? [active] : [],
      };
    },

    async applyCleanup(plan: CleanupPlan): Promise<string[]> {
      const done: string[] = [];
      for (const session of plan.sessions) {
        if (plan.action === 'purge') await store.purge(session.id);
        else await store.archive(session.id);
        done.push(session.id);
      }
      return done;
    },
  };
  return service;
}

function summaryOf(state: SessionState): SessionSummary {
  const { id, name, projectRoot, createdAt, updatedAt, turns, costUsd, ended, archived } = state;
  return { id, name, projectRoot, createdAt, updatedAt, turns, costUsd, ended, archived };
}

function snippet(value: string, index: number, length: number): string {
  const start = Math.max(0, index - 40);
  const end = Math.min(value.length, index + length + 40);
  const text = value.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${text}${end < value.length ? '…' : ''}`;
}

/** A transcript title as a valid session name: separators and control characters become dashes. */
function sanitizeName(title: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = title.replace(/[/\\\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, '-').trim().slice(0, 80);
  return cleaned.length > 0 && cleaned !== '.' && cleaned !== '..' ? cleaned : 'claude-code-import';
}
