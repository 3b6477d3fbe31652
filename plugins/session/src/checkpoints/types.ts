import type { CheckpointRecord } from '../schema.js';

export interface RestorePreview {
  checkpoint: CheckpointRecord;
  /** `git diff` from the current work tree to the checkpoint, as text. */
  diff: string;
  files: string[];
}

/**
 * Checkpoints capture the work tree (tracked changes AND untracked-not-ignored files) as
 * a git commit object kept alive under `refs/loom/checkpoints/<session>/<n>`, without
 * touching the work tree, the index, HEAD or the stash list.
 */
export interface CheckpointService {
  create(sessionId: string, message: string, options?: { auto?: boolean }): Promise<CheckpointRecord>;
  list(sessionId: string): Promise<CheckpointRecord[]>;
  preview(sessionId: string, checkpoint: string): Promise<RestorePreview>;
  /**
   * Refuses (CHECKPOINT_DIRTY_TREE) on uncommitted changes unless `force`; first takes an automatic checkpoint.
   * `files` (optional, added): the paths the restore wrote or deleted.
   */
  restore(sessionId: string, checkpoint: string, options?: { force?: boolean }): Promise<{ restored: CheckpointRecord; safety: CheckpointRecord; files?: string[] }>;
  /** Diff between two checkpoints, or a checkpoint and the work tree. */
  diff(sessionId: string, from: string, to?: string): Promise<string>;
  /**
   * Checkpoint refs no session records: of a session that no longer exists, or left by a
   * process killed between creating the ref and recording it. Empty outside git.
   */
  orphans(): Promise<Array<{ ref: string; commit: string }>>;
  /** Deletes the given refs (each only if it still points at its commit). */
  removeRefs(refs: ReadonlyArray<{ ref: string; commit: string }>): Promise<void>;
}
