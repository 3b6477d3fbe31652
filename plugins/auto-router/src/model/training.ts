import type { RouteEntry } from '../types.js';
import { NONE, type TrainingText } from './index.js';
import { NONE_REQUESTS } from './none-requests.js';

// A summary is a request in other words; argument descriptions carry a route's nouns
// ("md, json or claude-code", "… or legacy") and teach a little, so they weigh less.
const SUMMARY_WEIGHT = 1;
const ARGS_WEIGHT = 0.3;

/** What the model learns from: every route's examples, summary and argument words, and the none requests. */
export function trainingTexts(routes: readonly RouteEntry[]): TrainingText[] {
  const texts: TrainingText[] = [];
  for (const route of routes) {
    for (const example of route.examples) texts.push({ label: route.command, text: example, weight: 1 });
    texts.push({ label: route.command, text: route.summary, weight: SUMMARY_WEIGHT });
    const argWords = Object.values(route.args).join(' ');
    if (argWords.trim() !== '') texts.push({ label: route.command, text: argWords, weight: ARGS_WEIGHT });
  }
  for (const text of NONE_REQUESTS) texts.push({ label: NONE, text, weight: 1 });
  return texts;
}
