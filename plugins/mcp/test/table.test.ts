import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListedTool } from '../src/server/register.js';
import { envDigest, readTable, tablePath, writeTable } from '../src/table/index.js';

const TOOLS: ListedTool[] = [{ name: 'hello', title: 'Greet', description: 'Greet someone.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: false } }];
const INITIALIZE = { versions: ['2025-06-18'], latest: '2025-06-18', result: { protocolVersion: '2025-06-18', serverInfo: { name: 'loom', version: '0.1.0' } } };
const LATER = Date.now() + 60_000;
const PROJECT = '/some/project';

describe('the tool table file', () => {
  let dir: string;
  let input: string;
  let file: string;
  const env = { LOOM_DATA_DIR: '/data', HOME: '/home/a' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loom-mcp-table-'));
    input = join(dir, 'package.json');
    writeFileSync(input, '{"version":"1.0.0"}');
    file = tablePath(join(dir, 'cache'), PROJECT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what was written while its inputs, absent ones included, are unchanged', () => {
    const absent = join(dir, 'loom.routes.json');
    expect(writeTable(file, { version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS }, [input, absent], env, LATER)).toBe(true);
    expect(readTable(file, env, PROJECT)).toMatchObject({ version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS });
    // A file that was absent and now exists is a change too (a routes file added).
    writeFileSync(absent, '[]');
    expect(readTable(file, env, PROJECT)).toBeUndefined();
  });

  it('is not read once an input changed: its content or only its mtime', () => {
    writeTable(file, { version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS }, [input], env, LATER);
    utimesSync(input, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(readTable(file, env, PROJECT)).toBeUndefined();
    writeTable(file, { version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS }, [input], env, LATER);
    writeFileSync(input, '{"version":"1.0.1"}');
    expect(readTable(file, env, PROJECT)).toBeUndefined();
  });

  it('is not read under other LOOM_* variables; other variables do not matter', () => {
    writeTable(file, { version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS }, [input], env, LATER);
    expect(readTable(file, { ...env, HOME: '/home/b', PATH: '/bin' }, PROJECT)).toBeDefined();
    expect(readTable(file, { ...env, LOOM_KERNEL__DISABLED_PLUGINS: '["hello"]' }, PROJECT)).toBeUndefined();
    expect(envDigest({ LOOM_A: '1', LOOM_B: '2' })).toBe(envDigest({ LOOM_B: '2', LOOM_A: '1' }));
  });

  it('is not written when an input changed after the kernel started reading (`since`)', () => {
    expect(writeTable(file, { version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS }, [input], env, Date.now() - 60_000)).toBe(false);
    expect(readTable(file, env, PROJECT)).toBeUndefined();
  });

  it('is one file per working directory, and an unreadable one is no table', () => {
    expect(tablePath('/cache', '/a')).not.toBe(tablePath('/cache', '/b'));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(readTable(join(dir, 'broken.json'), env, PROJECT)).toBeUndefined();
  });

  it('is not read in another project whose file name would be the same (the name is a 32-bit digest)', () => {
    writeTable(file, { version: '0.1.0', cwd: PROJECT, initialize: INITIALIZE, tools: TOOLS }, [input], env, LATER);
    expect(readTable(file, env, PROJECT)).toBeDefined();
    expect(readTable(file, env, '/another/project')).toBeUndefined();
  });
});
