import { LoomError } from '@loomkit/kernel';

const UNITS: Record<string, number> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** `90d`, `12h`, `2w`, `6mo`, `1y`, `30min` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(min|h|d|w|mo|y)$/i.exec(text.trim());
  if (!match) {
    throw new LoomError('DURATION_INVALID', `"${text}" is not a duration`, { hint: 'write a number and a unit: 30min, 12h, 90d, 2w, 6mo or 1y' });
  }
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
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
