/** Number formats every renderer shares, so the four formats state the same figures. */

export const count = (value: number): string => value.toLocaleString('en-US');

const UNITS = ['B', 'KB', 'MB', 'GB'];

export function bytes(value: number): string {
  let unit = 0;
  let scaled = value;
  while (scaled >= 1024 && unit < UNITS.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${scaled.toFixed(1)} ${UNITS[unit]}`;
}

/** `1 file`, `3 files`. */
export const plural = (value: number, singular: string, many = `${singular}s`): string => `${count(value)} ${value === 1 ? singular : many}`;
