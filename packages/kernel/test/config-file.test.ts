import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigFile } from '../src/config-file.js';
import { readConfigFile } from '../src/config.js';

describe('writeConfigFile', () => {
  it('creates missing folders and writes indented JSON ending in a newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loom-write-'));
    const file = join(dir, 'deep', 'er', 'config.json');
    await writeConfigFile(file, { logLevel: 'info', kernel: { disabledPlugins: ['x'] } });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "logLevel": "info",\n  "kernel": {\n    "disabledPlugins": [\n      "x"\n    ]\n  }\n}\n');
    expect(readConfigFile(file)?.values).toEqual({ logLevel: 'info', kernel: { disabledPlugins: ['x'] } });
  });

  it('replaces an existing file whole and leaves no temp file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loom-write-'));
    const file = join(dir, 'config.json');
    await writeConfigFile(file, { a: 1, b: 2 });
    await writeConfigFile(file, { a: 3 });
    expect(readConfigFile(file)?.values).toEqual({ a: 3 });
    expect(readdirSync(dir)).toEqual(['config.json']);
  });
});
