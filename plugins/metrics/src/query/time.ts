const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, m: 30 * 86_400_000 };

/**
 * `--since` / `--until`: a date (2026-11-01 or ccusage's 20261101) in local time, or an
 * age such as 7d, 12h, 2w. `until` dates include their whole day. Undefined when the text is
 * neither (`parseWhen` makes that an error; the early answer declines).
 */
export function whenOf(text: string, now: number, edge: 'since' | 'until'): number | undefined {
  const age = /^(\d+)([hdwm])$/.exec(text.trim());
  if (age) return now - Number(age[1]) * UNIT_MS[age[2]!]!;
  const date = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]) - 1, Number(date[3])];
    const start = new Date(year, month, day);
    // Date rolls 2026-13-45 over into 2027; a day that is not on the calendar is no date.
    if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== day) return undefined;
    return edge === 'since' ? start.getTime() : new Date(year, month, day + 1).getTime() - 1;
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

export const dayKey = (t: number): string => {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
export const monthKey = (t: number): string => {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
};
export const hourKey = (t: number): string => {
  const d = new Date(t);
  return `${dayKey(t)} ${pad(d.getHours())}:00`;
};
/**
 * The local day, week (from Monday) or month holding `t`, as [start, end) in epoch ms: rows
 * inside it share its key, so a grouping formats a key once per period, not once per row.
 */
export function periodSpan(period: 'day' | 'week' | 'month', t: number): [number, number] {
  const d = new Date(t);
  const [y, m, day] = [d.getFullYear(), d.getMonth(), d.getDate()];
  if (period === 'month') return [new Date(y, m, 1).getTime(), new Date(y, m + 1, 1).getTime()];
  const first = period === 'week' ? day - ((d.getDay() + 6) % 7) : day;
  return [new Date(y, m, first).getTime(), new Date(y, m, first + (period === 'week' ? 7 : 1)).getTime()];
}

/** The Monday that starts the (ISO) week. */
export const weekKey = (t: number): string => {
  const d = new Date(t);
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
  return dayKey(monday.getTime());
};
