import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadRouter, parseRequests, tuneThresholds, type Router } from '../src/index.js';
import { environmentOf, firstPartySources } from './support/installed.js';

let router: Router;
beforeAll(async () => {
  router = (await loadRouter(environmentOf(firstPartySources()))).router;
});

describe('auto eval and auto fit', () => {
  it('counts top-1, none recall and precision, real requests sent to none, and the confusions', () => {
    const result = evaluate(router, [
      { text: 'export the auth-fix session as markdown', expected: ['session export'] },
      { text: 'book me a table for four tonight', expected: ['none'] },
      { text: 'what is the tallest mountain in Africa', expected: ['session list', 'session status'] },
      { text: 'list my sessions', expected: ['session list', 'session status'] },
    ]);
    expect(result).toMatchObject({ rows: 4, top1: 0.75, none: { recall: 1, precision: 0.5 }, realToNone: 0.333, confusion: { 'session list|session status': { none: 1 } } });
    expect(result.results[3]).toMatchObject({ expected: ['session list', 'session status'], predicted: 'session list' });
  });

  it('reports every bad line of a requests file at once, with its number', () => {
    const content = '{"text": "list my sessions", "command": "session list"}\nnot json\n\n{"text": "", "command": "x"}\n';
    expect(() => parseRequests(content, 'mine.jsonl')).toThrow(expect.objectContaining({ code: 'AUTO_EVAL_INVALID', message: expect.stringMatching(/2 bad line\(s\): line 2: not JSON, line 4: text/) }));
  });

  it('tunes thresholds that never do worse on the examples than the defaults', () => {
    const requests = parseRequests(readFileSync(new URL('./__fixtures__/requests-own.jsonl', import.meta.url), 'utf8'), 'own');
    const { thresholds, before, after } = tuneThresholds(router, requests);
    expect(after.top1).toBeGreaterThanOrEqual(before.top1);
    expect(thresholds.choose).toBeLessThanOrEqual(thresholds.confirm);
    expect(thresholds.confirm).toBeLessThanOrEqual(thresholds.run);
  });
});
