import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createCliRunner, generateClaudeTranscripts, userEnv, type ClaudeTranscriptTruth } from '@loomkit/testkit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard } from '../src/dashboard/server.js';
import { CALL_RECORD_VERSION, type CallRecord } from '../src/schema.js';
import { CallLog } from '../src/store/call-log.js';
import type { Report } from '../src/query/index.js';
import { shippedModelTable } from '@loomkit/llm';
import { createMetricsService } from '../src/service.js';
import { cli as bin, service, tempDir, transcriptPrices, shortSessions } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const home = tempDir('loom-dashboard-');
const env = {
  TZ: 'UTC',
  HOME: join(home.dir, 'home'),
  LOOM_DATA_DIR: join(home.dir, 'data'),
  LOOM_CONFIG_DIR: join(home.dir, 'config'),
  LOOM_CACHE_DIR: join(home.dir, 'cache'),
  CLAUDE_CONFIG_DIR: join(home.dir, 'claude'),
  ANTHROPIC_API_KEY: '',
};
const cli = createCliRunner(bin);
const log = new CallLog(env.LOOM_DATA_DIR);
let browser: Browser;
let server: ChildProcess;
let url: string;
let truth: ClaudeTranscriptTruth;

const call = (n: number, command: string, model = 'claude-haiku-4-5'): CallRecord => ({
  v: CALL_RECORD_VERSION, id: `c${n}`, t: Date.UTC(2026, 10, 2 + (n % 20), 9, n % 60), command, session: `s${n % 4}`, project: n % 2 ? '/work/api' : '/work/web',
  model, input: 100 + n, output: 50 + n, cacheWrite: 10, cacheRead: 1000, costUsd: 0.001 * (n + 1), savedUsd: 0.0002, latencyMs: 900, retries: n % 5 === 0 ? 1 : 0, error: n % 9 === 0 ? 'HTTP_529' : null,
});

beforeAll(async () => {
  // The browser test never skips: a machine without Chromium fails here, saying how to get it.
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (CI's .ci/run does this)`);
  if (!existsSync(bin)) throw new Error('build first: pnpm build');
  truth = generateClaudeTranscripts({ root: env.CLAUDE_CONFIG_DIR, bytes: 400_000, prices: transcriptPrices, ...shortSessions, seed: 3, start: Date.UTC(2026, 10, 1, 8) });
  for (let n = 0; n < 40; n++) log.append(call(n, n % 3 ? 'query mega' : 'ask', n % 4 ? 'claude-haiku-4-5' : 'claude-sonnet-4-6'));
  server = spawn(process.execPath, [bin, 'dashboard'], { env: { ...userEnv(), ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /dashboard on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (found) resolve(found[1]!);
    });
    server.once('exit', (code) => reject(new Error(`dashboard exited with ${code}: ${out}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  log.close();
  home.remove();
});

const metricsJson = async (...args: string[]) => {
  const result = await cli(['metrics', 'model', '--json', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  return result.json<Report>();
};
const shown = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`).getAttribute('data-value');

/** The first two server-sent events of a fresh connection. */
function firstEvents(target: URL): Promise<Array<{ event: string; data: Report }>> {
  return new Promise((resolve, reject) => {
    const req = request(target, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const events = text.split('\n\n').filter((block) => block.includes('data: ')).map((block) => ({ event: /^event: (\w+)/m.exec(block)?.[1] ?? 'message', data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Report }));
        if (events.length >= 2 && text.endsWith('\n\n')) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', reject).end();
  });
}

describe('loom dashboard in headless Chromium', () => {
  it('shows the totals of `metrics --json`; a filter changes them; a new call appears live', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.fresh === '1');
    const all = await metricsJson();
    expect(all.totals.calls).toBeGreaterThan(40); // both sources are in
    expect(Number(await shown(page, 'total-cost'))).toBe(all.totals.costUsd);
    expect(Number(await shown(page, 'total-tokens'))).toBe(all.totals.totalTokens);
    expect(Number(await shown(page, 'total-calls'))).toBe(all.totals.calls);
    expect(await page.locator('#cost-by-day').evaluate((canvas: HTMLCanvasElement) => canvas.width > 0)).toBe(true);

    // The costliest session links to its turns: prompts in order, each with what it cost.
    const top = page.locator('#sessions a').first();
    const topKey = (await top.getAttribute('data-session'))!;
    expect(topKey).toMatch(/^claude-code:/);
    await top.click();
    await page.waitForFunction((key) => document.getElementById('turns')?.dataset.key === key, topKey);
    const topSession = truth.bySession[topKey.slice('claude-code:'.length)]!;
    expect(await page.locator('#turn-rows tr td:nth-child(2)').first().textContent()).toBe(topSession.firstPrompt);
    expect(await page.locator('#turn-rows tr').count()).toBeGreaterThan(1);

    await page.selectOption('#source', 'loom');
    await page.waitForFunction((calls) => document.querySelector('[data-testid="total-calls"]')?.getAttribute('data-value') === String(calls), 40);
    const loom = await metricsJson('--source', 'loom');
    expect(Number(await shown(page, 'total-cost'))).toBe(loom.totals.costUsd);
    expect(await shown(page, 'errors')).toBe(`${loom.totals.errors},${loom.totals.retries}`);

    await page.fill('#project', 'api');
    await page.locator('#project').dispatchEvent('change');
    const api = await metricsJson('--source', 'loom', '--project', 'api');
    await page.waitForFunction((calls) => document.querySelector('[data-testid="total-calls"]')?.getAttribute('data-value') === String(calls), api.totals.calls);
    expect(Number(await shown(page, 'total-cost'))).toBe(api.totals.costUsd);
    expect(api.totals.calls).toBe(20);

    // A Loom session's turns are its commands hour by hour; together they cost what the session row says.
    const sessions = (await cli(['metrics', 'session', '--source', 'loom', '--project', 'api', '--json'], { env })).json<Report>();
    const loomTop = page.locator('#sessions a').first();
    const loomKey = (await loomTop.getAttribute('data-session'))!;
    await loomTop.click();
    await page.waitForFunction((key) => document.getElementById('turns')?.dataset.key === key, loomKey);
    const costs = await page.locator('#turn-rows tr').evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.cost)));
    const row = sessions.rows.find((r) => r.key === loomKey)!;
    // The turns view is not filtered by project: the session's other projects count too.
    expect(costs.reduce((sum, cost) => sum + cost, 0)).toBeGreaterThanOrEqual(row.costUsd - 1e-9);

    // A command elsewhere makes a call: the open page shows it without a reload.
    const updates = await page.evaluate(() => Number(document.body.dataset.updates));
    log.append(call(41, 'query mega'));
    await page.waitForFunction((calls) => document.querySelector('[data-testid="total-calls"]')?.getAttribute('data-value') === String(calls), api.totals.calls + 1, { timeout: 20_000 });
    expect(await page.evaluate(() => Number(document.body.dataset.updates))).toBeGreaterThan(updates);
    const after = await metricsJson('--source', 'loom', '--project', 'api');
    expect(Number(await shown(page, 'total-cost'))).toBe(after.totals.costUsd);
    await page.close();

    // The next page opens on the usual view as last drawn (before the new call), marked as a snapshot; the fresh one follows.
    const first = await firstEvents(new URL('events', url));
    expect(first.map((event) => event.event)).toEqual(['snapshot', 'message']);
    expect(first[0]!.data.totals.calls).toBe(all.totals.calls);
    expect(first[1]!.data.totals.calls).toBe((await metricsJson()).totals.calls);
    expect(first[1]!.data.totals.calls).toBe(all.totals.calls + 1);
  }, 90_000);

  it('a cold start paints at once, says what it is still reading, then shows the totals of `metrics --json`', async () => {
    // The same data as the CLI's, with no scan cache and no saved view yet.
    const cold = createMetricsService({ dataDir: env.LOOM_DATA_DIR, cacheDir: join(home.dir, 'cold-cache'), claudeDirs: [env.CLAUDE_CONFIG_DIR], models: shippedModelTable() });
    const dashboard = await startDashboard({ service: cold });
    const page = await browser.newPage();
    try {
      // Every text the status line and the calls card ever show, in order.
      await page.addInitScript(() => {
        const seen: Record<string, string[]> = { status: [], calls: [] };
        Object.assign(window, { seen });
        document.addEventListener('DOMContentLoaded', () => {
          const watch = (element: Element, into: string[]) => new MutationObserver(() => into.push(element.textContent ?? '')).observe(element, { childList: true, characterData: true, subtree: true });
          watch(document.getElementById('status')!, seen.status!);
          watch(document.querySelector('[data-testid="total-calls"]')!, seen.calls!);
        });
      });
      await page.goto(dashboard.url);
      await page.waitForFunction(() => document.body.dataset.state === 'live');
      const all = await metricsJson();
      expect(await page.evaluate(() => document.body.dataset.history)).toBe('reading live');
      expect(Number(await shown(page, 'total-calls'))).toBe(all.totals.calls);
      expect(Number(await shown(page, 'total-cost'))).toBe(all.totals.costUsd);
      expect(Number(await shown(page, 'total-tokens'))).toBe(all.totals.totalTokens);
      const seen = await page.evaluate(() => (window as unknown as { seen: Record<string, string[]> }).seen);
      expect(seen.status![0]).toBe('reading… listing your history');
      expect(seen.status!.some((text) => /^reading… .*Claude Code transcripts 100% \(/.test(text))).toBe(true);
      // While reading, the cards show no number at all: the only count ever shown is the final one.
      expect(new Set(seen.calls)).toEqual(new Set(['…', all.totals.calls.toLocaleString('en-US')]));
    } finally {
      await page.close();
      await dashboard.close();
    }
  }, 90_000);

  it('refuses to listen anywhere but loopback, and answers only loopback Host names', async () => {
    await expect(startDashboard({ service: service(join(home.dir, 'x')), host: '0.0.0.0' })).rejects.toMatchObject({ code: 'METRICS_DASHBOARD_NOT_LOOPBACK' });
    const refused = await cli(['dashboard', '--host', '192.168.1.10'], { env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('METRICS_DASHBOARD_NOT_LOOPBACK');
    const status = await new Promise<number>((resolve, reject) => {
      const target = new URL(url);
      request({ host: '127.0.0.1', port: target.port, path: '/api/data', headers: { host: 'attacker.example:80' } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject).end();
    });
    expect(status).toBe(403);
  });
});
