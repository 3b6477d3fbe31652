import { describe, expect, it } from 'vitest';
import { bytes, count, plural } from '../src/report/format.js';

describe('report number formats', () => {
  it('groups thousands', () => {
    expect(count(1_234_567)).toBe('1,234,567');
  });

  it('gives sizes in the largest unit below 1024, to one decimal', () => {
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(bytes(3 * 1024 ** 4)).toBe('3072.0 GB');
  });

  it('makes the noun agree with the number', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(2_000, 'entry', 'entries')).toBe('2,000 entries');
  });
});
