// Imports neither the kernel's command base nor llm's pricing: the early answer of `session list` prints with it.
import { renderTable } from '@loomkit/kernel/table';
import { formatUsd } from '@loomkit/llm/format-usd';
import type { SessionSummary } from '../store/types.js';

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

/** 3 s, 5 min, 2 h, 4 d … ago, for tables. */
export function ago(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '?';
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  if (ms < 60 * 86_400_000) return `${Math.floor(ms / 86_400_000)} d ago`;
  return iso.slice(0, 10);
}

/** What `session list` prints: the table, or how to start when there is nothing to list. */
export function sessionListText(sessions: Array<SessionSummary & { active?: boolean }>, now: number, allProjects: boolean): string {
  if (sessions.length > 0) return sessionTable(sessions, now, { project: allProjects });
  return `${allProjects ? 'no sessions on this machine yet' : 'no sessions in this project yet'}\nstart one: loom session start <name>`;
}

/** A one-line excerpt for a terminal. */
export function excerpt(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
