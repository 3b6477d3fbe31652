import type { CheckpointRecord, SessionRecord, TurnRecord } from '../schema.js';

/** What the index (per project, and the user-level one across projects) keeps per session. */
export interface SessionSummary {
  id: string;
  name: string;
  projectRoot: string;
  createdAt: string;
  updatedAt: string;
  turns: number;
  costUsd: number;
  ended: boolean;
  archived: boolean;
}

/** A session read back from its log: the fold of its records. */
export interface SessionState extends SessionSummary {
  forkedFrom: string | null;
  turnRecords: TurnRecord[];
  checkpoints: CheckpointRecord[];
  pins: Array<{ id: string; text: string }>;
  /** Lines that could not be read (a torn last line after a crash), skipped. */
  skippedLines: number;
}

/**
 * The session store: crash-safe JSONL logs under `.loom/sessions/`, appends under a lock,
 * an index rebuilt from the logs when missing or corrupt, a user-level index across projects.
 * The one door for every other module of this plugin to sessions on disk.
 */
export interface SessionStore {
  create(name: string, options?: { forkedFrom?: string; copyTurnsFrom?: SessionState }): Promise<SessionState>;
  /**
   * Appends records to a session's log as one write under its lock. Turn records are
   * numbered under that lock after the last turn on disk (the `seq` given is only a guess,
   * since two writers may have read the same last turn): the objects passed get their
   * final `seq` in place.
   */
  append(id: string, records: SessionRecord[]): Promise<void>;
  /** Reads a session by id, unambiguous id prefix, or name. One-line LoomError when not found or ambiguous. */
  read(idOrName: string): Promise<SessionState>;
  list(options?: { allProjects?: boolean; includeArchived?: boolean }): Promise<SessionSummary[]>;
  active(): Promise<string | undefined>;
  setActive(id: string | undefined): Promise<void>;
  archive(id: string): Promise<void>;
  unarchive(id: string): Promise<void>;
  purge(id: string): Promise<void>;
  /** Brings the project index up to date with the logs (what `list` does first), so the next `session list` can be answered from it alone. */
  refreshIndex(): Promise<void>;
  /** Rebuilds the project index from the logs (also done silently when the index is unreadable). */
  reindex(): Promise<SessionSummary[]>;
  readonly dir: string;
  /** Like `read`'s lookup, then across projects (the user-level index); `local: false` when the session lives in another project. */
  locate?(idOrName: string): Promise<SessionSummary & { local: boolean }>;
  /** The store of another project on this machine (for a session `locate` found elsewhere). */
  forProject?(projectRoot: string): SessionStore;
}
