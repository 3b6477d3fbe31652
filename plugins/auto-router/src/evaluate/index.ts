import { readFileSync } from 'node:fs';
import { LoomError } from '@loomkit/kernel';
import { z } from 'zod';
import { NONE } from '../model/index.js';
import type { Router } from '../router.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../types.js';

export interface LabelledRequest {
  text: string;
  /** Acceptable command ids, or `['none']`. */
  expected: string[];
}

const rowSchema = z.object({ text: z.string().min(1), command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) });

/** Reads `{"text", "command"}` lines; every bad line is reported at once, with its number. */
export function parseRequests(content: string, file: string): LabelledRequest[] {
  const rows: LabelledRequest[] = [];
  const problems: string[] = [];
  content.split('\n').forEach((line, at) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${at + 1}: not JSON`);
      return;
    }
    const parsed = rowSchema.safeParse(value);
    if (!parsed.success) problems.push(`line ${at + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(row)'} ${issue.message}`).join('; ')}`);
    else rows.push({ text: parsed.data.text, expected: [parsed.data.command].flat() });
  });
  if (problems.length > 0) {
    throw new LoomError('AUTO_EVAL_INVALID', `${file}: ${problems.length} bad line(s): ${problems.slice(0, 5).join(', ')}`, {
      hint: 'each line is {"text": "…", "command": "session export"} (or a list of ids, or "none")',
    });
  }
  if (rows.length === 0) throw new LoomError('AUTO_EVAL_EMPTY', `${file} has no requests`, { hint: 'one JSON object a line: {"text", "command"}' });
  return rows;
}

export function readRequests(file: string): LabelledRequest[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LoomError('AUTO_FILE_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'give the path of a .jsonl file of {"text", "command"} rows',
    });
  }
  return parseRequests(content, file);
}

export interface EvaluationRow {
  text: string;
  expected: string | string[];
  predicted: string;
  confidence: number;
}

export interface Evaluation {
  rows: number;
  top1: number;
  none: { recall: number | null; precision: number | null };
  /** Share of real requests (expected a command) answered `none`. */
  realToNone: number | null;
  /** expected → predicted → count, for the rows the router got wrong. */
  confusion: Record<string, Record<string, number>>;
  results: EvaluationRow[];
}

export function evaluate(router: Router, requests: readonly LabelledRequest[], options: { thresholds?: Thresholds; cwd?: string } = {}): Evaluation {
  const results = requests.map((request) => {
    const decision = router.route(request.text, options);
    return { request, predicted: decision.command, confidence: decision.confidence };
  });
  const hits = results.filter(({ request, predicted }) => request.expected.includes(predicted)).length;
  const isNone = (expected: string[]) => expected.length === 1 && expected[0] === NONE;
  const noneRows = results.filter(({ request }) => isNone(request.expected));
  const realRows = results.filter(({ request }) => !isNone(request.expected));
  const saidNone = results.filter(({ predicted }) => predicted === NONE);
  const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole));
  const confusion: Record<string, Record<string, number>> = {};
  for (const { request, predicted } of results) {
    if (request.expected.includes(predicted)) continue;
    const key = request.expected.join('|');
    confusion[key] = { ...confusion[key], [predicted]: (confusion[key]?.[predicted] ?? 0) + 1 };
  }
  return {
    rows: results.length,
    top1: round(hits / results.length),
    none: {
      recall: ratio(noneRows.filter(({ predicted }) => predicted === NONE).length, noneRows.length),
      precision: ratio(saidNone.filter(({ request }) => isNone(request.expected)).length, saidNone.length),
    },
    realToNone: ratio(realRows.filter(({ predicted }) => predicted === NONE).length, realRows.length),
    confusion,
    results: results.map(({ request, predicted, confidence }) => ({
      text: request.text,
      expected: request.expected.length === 1 ? request.expected[0]! : request.expected,
      predicted,
      confidence,
    })),
  };
}

/**
 * Thresholds from the user's own labelled requests: `choose` (below it, none) where top-1
 * is best, fewer real requests sent to none breaking ties; `run` the lowest confidence
 * above which at least 97% of the answers are right; `confirm` half-way between.
 */
export function tuneThresholds(router: Router, requests: readonly LabelledRequest[], options: { cwd?: string } = {}): { thresholds: Thresholds; before: Evaluation; after: Evaluation } {
  const before = evaluate(router, requests, { ...options, thresholds: DEFAULT_THRESHOLDS });
  let best = { choose: DEFAULT_THRESHOLDS.choose, top1: -1, realToNone: 1 };
  for (let choose = 0.05; choose <= 0.6001; choose += 0.025) {
    const result = evaluate(router, requests, { ...options, thresholds: { ...DEFAULT_THRESHOLDS, choose, confirm: Math.max(choose, DEFAULT_THRESHOLDS.confirm) } });
    const realToNone = result.realToNone ?? 0;
    if (result.top1 > best.top1 || (result.top1 === best.top1 && realToNone < best.realToNone)) best = { choose: round(choose), top1: result.top1, realToNone };
  }
  const routed = evaluate(router, requests, { ...options, thresholds: { run: 1, confirm: 1, choose: best.choose } }).results
    .map((row) => ({ confidence: row.confidence, right: [row.expected].flat().includes(row.predicted), none: row.predicted === NONE }))
    .filter((row) => !row.none)
    .sort((a, b) => b.confidence - a.confidence);
  let run = DEFAULT_THRESHOLDS.run;
  let right = 0;
  routed.forEach((row, at) => {
    right += row.right ? 1 : 0;
    if (right / (at + 1) >= 0.97) run = Math.max(row.confidence, best.choose);
  });
  const thresholds = { run: round(run), confirm: round(best.choose + (run - best.choose) / 2), choose: best.choose };
  return { thresholds, before, after: evaluate(router, requests, { ...options, thresholds }) };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
