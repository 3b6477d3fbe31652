const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `500ms`, `30s`, `5m`, `1h`, or a number of milliseconds (the schema checked the form). */
export function durationMs(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a duration`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
