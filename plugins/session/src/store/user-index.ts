import { join } from 'node:path';
import { readRegularFileSync } from '@loomkit/kernel/early';
import { z } from 'zod';
import { withLock, writeFileAtomic, type LockOptions } from './fs-utils.js';
import { MAX_INDEX_BYTES } from './project-index.js';
import type { SessionSummary } from './types.js';

const summarySchema = z.object({
  id: z.string(),
  name: z.string(),
  projectRoot: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  turns: z.number(),
  costUsd: z.number(),
  ended: z.boolean(),
  archived: z.boolean(),
});
const userIndexSchema = z.object({ v: z.literal(1), sessions: z.array(summarySchema) });

/**
 * `<dataDir>/sessions/index.json`: every session of every project on this machine, so
 * `list --all-projects`, `search --all-projects` and `resume` work from anywhere. Each
 * project's store keeps its own part up to date; a lost or corrupt file starts empty and
 * fills again as projects are visited (the logs, which are the truth, stay in each project).
 */
export class UserIndex {
  readonly file: string;
  private readonly lock: string;

  constructor(dataDir: string, private readonly lockOptions: LockOptions) {
    this.file = join(dataDir, 'sessions', 'index.json');
    this.lock = join(dataDir, 'sessions', 'index.lock');
  }

  read(): SessionSummary[] {
    try {
      const parsed = userIndexSchema.safeParse(JSON.parse(readRegularFileSync(this.file, MAX_INDEX_BYTES).toString('utf8')));
      return parsed.success ? parsed.data.sessions : [];
    } catch {
      return [];
    }
  }

  /** Replaces what the index holds for one project with `sessions` (its current truth). */
  async replaceProject(projectRoot: string, sessions: SessionSummary[]): Promise<void> {
    await this.update((all) => [...all.filter((s) => s.projectRoot !== projectRoot), ...sessions]);
  }

  async remove(id: string): Promise<void> {
    await this.update((all) => all.filter((s) => s.id !== id));
  }

  private async update(change: (all: SessionSummary[]) => SessionSummary[]): Promise<void> {
    await withLock(this.lock, () => {
      const next = change(this.read());
      writeFileAtomic(this.file, `${JSON.stringify({ v: 1, sessions: next })}\n`);
    }, this.lockOptions);
  }
}
