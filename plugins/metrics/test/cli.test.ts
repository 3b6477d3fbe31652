import { join } from 'node:path';
import { createCliRunner, generateClaudeTranscripts } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/query/index.js';
import { cli as bin, tempDir, transcriptPrices, shortSessions } from './support.js';

const home = tempDir('loom-metrics-cli-');
const env = { TZ: 'UTC', HOME: join(home.dir, 'home'), LOOM_DATA_DIR: join(home.dir, 'data'), LOOM_CONFIG_DIR: join(home.dir, 'config'), LOOM_CACHE_DIR: join(home.dir, 'cache'), CLAUDE_CONFIG_DIR: join(home.dir, 'claude'), ANTHROPIC_API_KEY: '' };
const cli = createCliRunner(bin);
const run = (...args: string[]) => cli(args, { env });

beforeAll(() => {
  generateClaudeTranscripts({ root: env.CLAUDE_CONFIG_DIR, bytes: 1_500_000, prices: transcriptPrices, ...shortSessions, seed: 5, start: Date.UTC(2026, 9, 30, 8) });
});
afterAll(() => home.remove());

describe('loom metrics, through the built CLI', () => {
  it('prints a table with totals, CSV with the same rows, and JSON', async () => {
    const json = (await run('metrics', 'monthly', '--json')).json<Report>();
    expect(json.rows.length).toBeGreaterThan(0);
    const table = await run('metrics', 'monthly', '--breakdown');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Month[\s\S]*Total/);
    expect(table.stdout).toContain(json.rows[0]!.key);
    expect(table.stdout).toContain(`$${json.totals.costUsd.toFixed(2)}`);
    const csv = await run('metrics', 'monthly', '--csv');
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('key,label,project,models,input,output,cacheWrite,cacheRead,totalTokens,costUsd,savedUsd,calls,errors,retries');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(json.rows.map((row) => row.key));
  });

  it('filters by date and says what is wrong with a bad one', async () => {
    const all = (await run('metrics', 'daily', '--json')).json<Report>();
    const since = all.rows[1]!.key;
    const later = (await run('metrics', 'daily', '--since', since, '--json')).json<Report>();
    expect(later.rows.map((row) => row.key)).toEqual(all.rows.slice(1).map((row) => row.key));
    // Not a date, and dates that are not on the calendar (which Date would roll over into the next month or year).
    for (const [flag, text] of [['--since', 'last tuesday'], ['--since', '2026-13-45'], ['--until', '2026-02-30'], ['--since', '20260431']]) {
      const bad = await run('metrics', 'daily', flag!, text!);
      expect({ text, code: bad.code, stdout: bad.stdout }).toEqual({ text, code: 1, stdout: '' });
      expect(bad.stderr).toContain(`error[METRICS_DATE_INVALID]: ${flag} ${text} is neither a date nor an age`);
      const json = await run('metrics', 'daily', flag!, text!, '--json');
      expect({ text, code: json.code, error: json.json<{ error: { code: string } }>().error.code }).toEqual({ text, code: 1, error: 'METRICS_DATE_INVALID' });
    }
    expect((await run('metrics', 'daily', '--since', '2024-02-29', '--json')).code).toBe(0);
  });

  it('a data folder under /proc is an error, never a hang (Node 20\'s recursive mkdir spins there)', async () => {
    const failed = await cli(['metrics', 'budget', 'set', '5', '--per', 'day'], { env: { ...env, LOOM_DATA_DIR: '/proc/loom-no-such-folder' } });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toEqual([
      "error[FS_ENOENT]: ENOENT: no such file or directory, mkdir '/proc/loom-no-such-folder'",
      "hint: check /proc/loom-no-such-folder and its permissions; Loom's own folders are set by LOOM_CONFIG_DIR, LOOM_DATA_DIR and LOOM_CACHE_DIR",
    ]);
    expect(failed.stdout).toBe('');
  }, 30_000);

  it('sets, shows and clears a budget', async () => {
    const set = await run('metrics', 'budget', 'set', '50', '--per', 'month', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(set.json()).toMatchObject({ budget: { usd: 50, per: 'month', warnAt: 0.8 }, spentUsd: 0, leftUsd: 50 });
    expect((await run('metrics', 'budget')).stdout).toContain('$0.00 of $50.00 this month');
    expect((await run('metrics', 'budget', 'clear', '--json')).json()).toEqual({ removed: true });
    expect((await run('metrics', 'budget', '--json')).json()).toMatchObject({ budget: null });
  });
});
