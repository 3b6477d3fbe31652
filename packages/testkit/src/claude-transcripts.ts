import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './fake-claude/ids.js';

/**
 * Realistic Claude Code transcripts (`<root>/projects/<project>/<session>.jsonl`, with
 * sub-agent files under `<session>/subagents/`) and the exact usage they hold, computed
 * from what was generated rather than by reading the files back. As Claude Code does, one
 * response is written as several lines (thinking, text, tool_use) that repeat its usage;
 * tool results and thinking run to many KB; a resumed session replays some responses of
 * an earlier one; a few lines are torn (a writer killed mid-line, then appended to) and a
 * few files end in a line cut short. Same seed and size, same bytes.
 */
export interface ClaudeTranscriptOptions {
  root: string;
  /** About how many bytes to write in all. */
  bytes: number;
  seed?: number;
  /** USD per million tokens, by the model id written in the lines. */
  prices: Record<string, { input: number; output: number; cacheWrite: number; cacheRead: number }>;
  /** First response's time (default 2026-09-01T08:00Z). */
  start?: number;
  /**
   * Days the sessions start over, whatever the size (default 90): sessions overlap when there
   * are many, as parallel terminals do.
   */
  days?: number;
  /**
   * Assistant responses a session has, at least and at most (default 10–180: about 380 KB a
   * transcript, as the densest real history we know of — 8,714 files in 3.3 GB, ccusage PR
   * #922; another user's was 749 files in 4.3 GB, ccusage issue #821). Small corpora in tests
   * take fewer to have many sessions.
   */
  turns?: readonly [number, number];
}

export interface UsageTruth {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  costUsd: number;
  responses: number;
}

export interface ClaudeTranscriptTruth {
  files: string[];
  bytes: number;
  lines: number;
  /** Lines that are not whole JSON (torn in the middle of a file, or cut at its end). */
  tornLines: number;
  totals: UsageTruth;
  /** `YYYY-MM-DD|model` in UTC. */
  byDayModel: Record<string, UsageTruth>;
  /** `YYYY-MM` in UTC. */
  byMonth: Record<string, UsageTruth>;
  /** By session id (the transcript's file name); a replayed response counts for the first file by path. */
  bySession: Record<string, UsageTruth & { project: string; title: string | null; firstPrompt: string }>;
}

const PROJECTS = ['-home-dev-shop-api', '-home-dev-shop-web', '-home-dev-tools-cli', '-work-billing', '-work-infra-terraform', '-home-dev-notes'];
const WORDS = 'the of and to in is that for it with as was on be by this are from at or an but not which have has had were can all their there been if more when will would who so no out up into do than only other new some could time these two may first then any like our over such after most also made many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');
const PROMPTS = ['why does the login test fail on CI', 'add pagination to the orders endpoint', 'refactor the cache layer to use a map', 'explain how the billing job retries', 'write tests for the parser', 'fix the flaky websocket reconnect', 'upgrade the terraform provider and fix the plan', 'rename the user service and update imports'];

const pad = (n: number) => String(n).padStart(2, '0');
const day = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const empty = (): UsageTruth => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0, costUsd: 0, responses: 0 });

export function generateClaudeTranscripts(options: ClaudeTranscriptOptions): ClaudeTranscriptTruth {
  const random = prng(options.seed ?? 7);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const models = Object.keys(options.prices);
  // A pool of prose to slice filler from: generating 1 GB word by word would take longer than reading it.
  const pool = Array.from({ length: 40_000 }, () => pick(WORDS)).join(' ');
  const filler = (length: number) => {
    const from = int(0, pool.length - length - 1);
    return pool.slice(from, from + length);
  };
  const truth: ClaudeTranscriptTruth = { files: [], bytes: 0, lines: 0, tornLines: 0, totals: empty(), byDayModel: {}, byMonth: {}, bySession: {} };
  const counted = new Set<string>();
  const start = options.start ?? Date.UTC(2026, 8, 1, 8);
  const span = (options.days ?? 90) * 86_400_000;
  const [fewestTurns, mostTurns] = options.turns ?? [10, 180];
  let clock = start;
  let sequence = 0;
  const id = (prefix: string) => `${prefix}_${(++sequence).toString(36).padStart(10, '0')}${Math.floor(random() * 1e9).toString(36)}`;
  const previous: Array<{ lines: string[]; project: string }> = [];

  const add = (bucket: UsageTruth, usage: Omit<UsageTruth, 'costUsd' | 'responses'>, cost: number) => {
    bucket.input += usage.input;
    bucket.output += usage.output;
    bucket.cacheWrite += usage.cacheWrite;
    bucket.cacheRead += usage.cacheRead;
    bucket.costUsd += cost;
    bucket.responses += 1;
  };

  let written = 0;
  let sessionIndex = 0;
  while (written < options.bytes) {
    const project = PROJECTS[sessionIndex % PROJECTS.length]!;
    // Ids sort in the order sessions were made, so a replayed response's first file by path is its original one.
    const session = `${sessionIndex.toString(16).padStart(8, '0')}-7a51-4c3b-9d0a-${Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0')}`;
    sessionIndex++;
    const prompt = `${pick(PROMPTS)} (${sessionIndex})`;
    const sessionStart = clock;
    const title = random() < 0.6 ? `Session about ${prompt}` : null;
    const cwd = `/${project.slice(1).replaceAll('-', '/')}`;
    const files: Array<{ path: string; lines: string[]; bytes: number }> = [];
    const main = { path: join(options.root, 'projects', project, `${session}.jsonl`), lines: [] as string[], bytes: 0 };
    files.push(main);
    const push = (file: { lines: string[]; bytes: number }, line: string) => {
      file.lines.push(line);
      file.bytes += Buffer.byteLength(line) + 1;
    };
    truth.bySession[session] = { ...empty(), project, title, firstPrompt: prompt };
    if (title) push(main, JSON.stringify({ type: 'summary', summary: title, leafUuid: id('u') }));
    const base = { parentUuid: null as string | null, isSidechain: false, userType: 'external', cwd, sessionId: session, version: '1.0.98', gitBranch: 'main' };
    push(main, JSON.stringify({ ...base, type: 'user', message: { role: 'user', content: prompt }, uuid: id('u'), timestamp: new Date(clock).toISOString() }));
    // A resumed session first replays a few responses of an earlier one in the same project, times and ids unchanged.
    const earlier = previous.filter((p) => p.project === project).at(-1);
    if (earlier && random() < 0.3) for (const line of earlier.lines.slice(0, 3)) push(main, line);
    const turns = int(fewestTurns, mostTurns);
    for (let turn = 0; turn < turns; turn++) {
      clock += int(2_000, 90_000);
      const target = random() < 0.15 ? (files[1] ??= { path: join(options.root, 'projects', project, session, 'subagents', `agent-${id('a')}.jsonl`), lines: [], bytes: 0 }) : main;
      const model = pick(models);
      const usage = { input: int(1, 40), output: int(20, 4000), cacheWrite: int(0, 30_000), cacheRead: int(0, 180_000) };
      const messageId = id('msg');
      const requestId = id('req');
      const price = options.prices[model]!;
      const cost = (usage.input * price.input + usage.output * price.output + usage.cacheWrite * price.cacheWrite + usage.cacheRead * price.cacheRead) / 1e6;
      const apiUsage = { input_tokens: usage.input, cache_creation_input_tokens: usage.cacheWrite, cache_read_input_tokens: usage.cacheRead, output_tokens: usage.output, service_tier: 'standard' };
      const parts = [
        { type: 'thinking', thinking: filler(int(300, 6000)), signature: filler(200) },
        { type: 'text', text: filler(int(50, 1500)) },
        { type: 'tool_use', id: id('toolu'), name: 'Bash', input: { command: `grep -rn "usage" src`, description: filler(60), id: 'nested', model: 'not-a-model' } },
      ].slice(0, int(1, 3));
      const stamp = new Date(clock).toISOString();
      const lines = parts.map((part) =>
        JSON.stringify({ ...base, isSidechain: target !== main, message: { id: messageId, type: 'message', role: 'assistant', model, content: [part], stop_reason: null, stop_sequence: null, usage: apiUsage }, requestId, type: 'assistant', uuid: id('u'), timestamp: stamp }),
      );
      // Torn: the start of a line of a response never written whole (it does not count), then the next line.
      if (random() < 0.004) {
        const doomed = lines[0]!.replace(messageId, id('msg')).replace(requestId, id('req'));
        let cut = int(20, doomed.length - 10);
        while (doomed[cut - 1] === '}') cut--;
        push(target, doomed.slice(0, cut));
        truth.tornLines++;
      }
      for (const line of lines) push(target, line);
      if (target === main) previous.push({ lines: lines.slice(0, 1), project });
      const key = `${messageId}:${requestId}`;
      if (!counted.has(key)) {
        counted.add(key);
        add(truth.totals, usage, cost);
        add((truth.byDayModel[`${day(clock)}|${model}`] ??= empty()), usage, cost);
        add((truth.byMonth[day(clock).slice(0, 7)] ??= empty()), usage, cost);
        add(truth.bySession[session]!, usage, cost);
      }
      if (random() < 0.7) {
        // The tool's result: many KB, and text that looks like usage but is inside a string.
        push(target, JSON.stringify({ ...base, type: 'user', message: { role: 'user', content: [{ tool_use_id: id('toolu'), type: 'tool_result', content: `{"usage":{"input_tokens":999}} ${filler(int(500, 12_000))}` }] }, uuid: id('u'), timestamp: new Date(clock + 1000).toISOString(), toolUseResult: random() < 0.1 ? { content: [{ type: 'text', text: filler(300) }], totalTokens: 5000, usage: { input_tokens: 7, output_tokens: 300 } } : { stdout: filler(200), stderr: '', interrupted: false } }));
      }
    }
    // Some transcripts end in a line cut short, as after a crash.
    if (random() < 0.02) {
      main.lines.push('{"parentUuid":"x","isSidechain":false,"type":"assistant","message":{"id":"msg_cut","usage":{"input_tok');
      truth.tornLines++;
    }
    for (const file of files) {
      mkdirSync(join(file.path, '..'), { recursive: true });
      const fd = openSync(file.path, 'w');
      const last = file.lines.at(-1)!;
      const body = `${file.lines.join('\n')}${last.endsWith('}') ? '\n' : ''}`;
      writeSync(fd, body);
      closeSync(fd);
      const size = Buffer.byteLength(body);
      written += size;
      truth.bytes += size;
      truth.lines += file.lines.length;
      truth.files.push(file.path);
    }
    // The next session starts where the bytes written so far put it in the span, never before this one started.
    clock = Math.max(start + Math.floor((written / options.bytes) * span), sessionStart) + int(0, 3_600_000);
  }
  truth.files.sort();
  return truth;
}
