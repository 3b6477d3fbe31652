/* eslint-disable no-console -- the test drives the console it captures */
import { describe, expect, it } from 'vitest';
import { captureOutput } from '../src/capture-output.js';

describe('captureOutput', () => {
  it('collects console and stream writes apart, and restores the originals', () => {
    const realLog = console.log;
    const realWrite = process.stderr.write;
    const output = captureOutput();
    try {
      console.log('a %d', 1);
      process.stdout.write('b');
      console.error('c');
      process.stderr.write('d');
    } finally {
      output.restore();
    }
    expect(output.stdout()).toBe('a 1\nb');
    expect(output.stderr()).toBe('c\nd');
    expect(console.log).toBe(realLog);
    expect(process.stderr.write).toBe(realWrite);
  });
});
