/**
 * The injection guard: scores text, names what fired, and fences untrusted content.
 *
 * Verdicts: `injection` at or above the threshold (the model's, chosen on the validation split
 * for 3% false positives, under the 5% goal, unless overridden); `suspicious` at or above the
 * lower bound (the model's `suspicious` score, chosen for 10% false positives on the same data;
 * with a custom threshold it moves in proportion: threshold × suspicious ⁄ model threshold);
 * else `benign`.
 *
 * Two rules sit on top of the classifier: text smuggled in Unicode tag characters, variation
 * selectors or zero-width steganography has no innocent use, so it scores at least
 * max(threshold, 0.9); bidi overrides in text without any right-to-left script score at least
 * the lower bound.
 */
import type { InjectionGuard, InjectionSpan, InjectionVerdict, InjectionVerdictKind } from '../types.js';
import { analyze, DENSE_FEATURES, type Analysis } from './features.js';
import { fence } from './fence.js';
import { originalSpan } from './hidden-channels.js';
import { loadModel, scoreWindows, sigmoid, type InjectionModel } from './model.js';
import { PATTERN_GROUPS } from './patterns.js';

export interface InjectionGuardOptions {
  /** Score at and above which text is an injection (default: the model's). */
  threshold?: number;
  /** A model other than the shipped one (tests, experiments). */
  model?: InjectionModel;
}

/** Reports list at most this many spans (the first ones). */
const MAX_SPANS = 200;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const REPORTED_FEATURE = /^(?:re|hid|ch|x):/;
const QUIET_SIGNALS = new Set(['re:url', 're:meta-discussion', 're:following-code', 're:your-solution', 're:you-are']);

export interface DetailedVerdict extends InjectionVerdict {
  /** The model's own score before the smuggling rules. */
  modelScore: number;
}

function mergeSpans(spans: InjectionSpan[]): InjectionSpan[] {
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.reason.localeCompare(b.reason));
  const out: InjectionSpan[] = [];
  for (const span of spans) {
    const same = out.findLast((s) => s.reason === span.reason);
    if (same !== undefined && span.start <= same.end) same.end = Math.max(same.end, span.end);
    else if (span.end > span.start) out.push({ ...span });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Scores `text` with `model`: the full verdict plus the bare model score. */
export function scoreText(text: string, model: InjectionModel, threshold: number, lower: number): DetailedVerdict {
  const analysis: Analysis = analyze(text);
  const scores = scoreWindows(model, analysis);
  let best = -Infinity;
  let bestAt = -1;
  scores.forEach((s, i) => {
    if (s.logit > best) {
      best = s.logit;
      bestAt = i;
    }
  });
  const modelScore = bestAt === -1 ? 0 : sigmoid(best - model.windowPenalty * Math.log2(Math.max(1, scores.length)));
  let score = modelScore;
  const spans: InjectionSpan[] = [];
  const signals = new Set<string>();

  // Smuggling channels: reported whatever the score.
  for (const run of analysis.runs) {
    const reason = run.kind === 'unicode-tags' ? 'invisible-unicode' : run.kind;
    spans.push({ start: run.start, end: run.end, reason });
    signals.add(`hidden:${run.kind}`);
    if (run.decoded !== null) score = Math.max(score, Math.max(threshold, 0.9));
  }
  const top = analysis.segments[0];
  if (top !== undefined && top.segment.norm.bidiOriginal.length > 0) {
    for (const p of top.segment.norm.bidiOriginal) spans.push({ start: p, end: p + 1, reason: 'bidi-override' });
    signals.add('hidden:bidi-override');
    if (!RTL.test(text)) score = Math.max(score, lower);
  }

  // Windows that scored high: their phrases, their hidden carrier, else the window itself.
  scores.forEach((s, i) => {
    const p = sigmoid(s.logit);
    if (p < lower && i !== bestAt) return;
    const features = analysis.segments[s.segment];
    const window = features?.windows[s.window];
    if (features === undefined || window === undefined) return;
    window.dense.forEach((value, j) => {
      const name = DENSE_FEATURES[j] as string;
      if (value > 0 && REPORTED_FEATURE.test(name) && !QUIET_SIGNALS.has(name)) signals.add(name);
    });
    if (p < lower) return;
    const { segment } = features;
    let phrases = 0;
    for (const match of features.matches) {
      if (match.token < window.first || match.token >= window.last) continue;
      const group = PATTERN_GROUPS[match.group];
      if (group === undefined || !group.span) continue;
      const [start, end] = originalSpan(segment, match.start, match.end);
      spans.push({ start, end, reason: group.name });
      phrases++;
    }
    if (segment.channel !== 'text') {
      const [start, end] = originalSpan(segment, 0, segment.norm.text.length);
      spans.push({ start, end, reason: segment.channel });
    } else if (phrases === 0) {
      const [start, end] = originalSpan(segment, window.start, window.end);
      spans.push({ start, end, reason: 'instruction-like-text' });
    }
    if (segment.channel === 'text' && segment.norm.map !== null) {
      for (const p of segment.norm.zeroWidthInWord) {
        if (p < window.start || p >= window.end) continue;
        const at = segment.norm.map[p] as number;
        spans.push({ start: Math.max(0, at - 1), end: at, reason: 'zero-width' });
      }
    }
  });

  const verdict: InjectionVerdictKind = score >= threshold ? 'injection' : score >= lower ? 'suspicious' : 'benign';
  return { score, verdict, spans: mergeSpans(spans).slice(0, MAX_SPANS), signals: [...signals].sort(), modelScore };
}

export function createInjectionGuard(options: InjectionGuardOptions = {}): InjectionGuard {
  let model: InjectionModel | undefined = options.model;
  const get = (): InjectionModel => (model ??= loadModel());
  const bounds = (): { threshold: number; lower: number } => {
    const m = get();
    const threshold = options.threshold ?? m.threshold;
    const lower = options.threshold === undefined ? m.suspicious : Math.min(threshold, (threshold * m.suspicious) / m.threshold);
    return { threshold, lower };
  };
  return {
    get threshold() {
      return bounds().threshold;
    },
    score(text: string): InjectionVerdict {
      const { threshold, lower } = bounds();
      const { modelScore: _modelScore, ...verdict } = scoreText(text, get(), threshold, lower);
      return verdict;
    },
    fence,
  };
}
