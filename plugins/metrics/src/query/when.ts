import { LoomError } from '@loomkit/kernel';
import { whenOf } from './time.js';

/** `--since` / `--until` as epoch ms, or the error that says what is accepted. */
export function parseWhen(text: string, now: number, edge: 'since' | 'until'): number {
  const when = whenOf(text, now, edge);
  if (when === undefined) throw new LoomError('METRICS_DATE_INVALID', `--${edge} ${text} is neither a date nor an age`, { hint: 'use a date like 2026-11-01 (or 20261101), or an age like 7d, 12h, 2w' });
  return when;
}
