import { renderTable } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import type { SessionSummary } from '../store/types.js';
import { ago } from './duration.js';

export function sessionState(session: SessionSummary & { active?: boolean }): string {
  if (session.active) return 'active';
  if (session.archived) return 'archived';
  return session.ended ? 'ended' : 'open';
}

/** The table of `session list` (and the plan of `cleanup`). */
export function sessionTable(sessions: Array<SessionSummary & { active?: boolean }>, now: number, options: { project?: boolean } = {}): string {
  const head = ['id', 'name', 'turns', 'cost', 'updated', 'state', ...(options.project ? ['project'] : [])];
  const rows = sessions.map((s) => [
    s.id,
    s.name,
    String(s.turns),
    formatUsd(s.costUsd),
    ago(s.updatedAt, now),
    sessionState(s),
    ...(options.project ? [s.projectRoot] : []),
  ]);
  return renderTable(head, rows);
}

/** A one-line excerpt for a terminal. */
export function excerpt(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
