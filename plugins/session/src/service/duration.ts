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
