// The scanner's engine on small rule tables of its own: how a rule's matches become findings
// (secret group, check, placeholder policy, entropy, `find`, anchoring, empty matches) and what
// the file's kind or a baseline removes. The built-in rules' tests cannot tell these apart.
import { describe, expect, it } from 'vitest';
import { createSecretScanner, resolveOverlaps, type SecretRule } from '../src/secrets/index.js';
import { generator, LOWER_ALNUM } from './fixtures/secrets/tokens.js';

const r = generator(31);
/** A fake credential of the toy rule: `zq_` and 12 random characters (never a real provider's form). */
const credential = () => `zq_${r(12, LOWER_ALNUM)}`;

const toy = (extra: Partial<SecretRule> = {}): SecretRule => ({
  id: 'toy',
  description: 'toy credential',
  severity: 'high',
  keywords: ['zq_'],
  pattern: /zq_[a-z0-9]{12}/dg,
  ...extra,
});
const scan = (rules: SecretRule[], text: string, file?: string) => createSecretScanner({ rules }).scanText(text, file === undefined ? {} : { file });
const spans = (rules: SecretRule[], text: string, file?: string) => scan(rules, text, file).map((finding) => text.slice(finding.start, finding.end));

describe('a pattern rule', () => {
  it('reports each match whole, with its rule, masked preview and position', () => {
    const [a, b] = [credential(), credential()];
    const text = `x = ${a}\ny = ${b}\n`;
    const findings = scan([toy()], text);
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual([a, b]);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.description, finding.line, finding.column])).toEqual([
      ['toy', 'high', 'toy credential', 1, 5],
      ['toy', 'high', 'toy credential', 2, 5],
    ]);
    for (const finding of findings) expect(finding.preview).not.toContain(text.slice(finding.start + 3, finding.end));
  });

  it('reports only the named group `secret` when the pattern has one', () => {
    const value = credential();
    const rule = toy({ keywords: ['auth'], pattern: /auth=(?<secret>zq_[a-z0-9]{12})/dg });
    expect(spans([rule], `auth=${value};`)).toEqual([value]);
  });

  it('runs only when the text holds one of its keywords, in any case', () => {
    const value = credential();
    const rule = toy({ keywords: ['marker'], pattern: /zq_[a-z0-9]{12}/dg });
    expect(spans([rule], `x = ${value}`)).toEqual([]);
    expect(spans([rule], `MARKER x = ${value}`)).toEqual([value]);
  });

  it('reports the whole match of a pattern without the `d` flag (no group offsets)', () => {
    const value = credential();
    expect(spans([toy({ pattern: /zq_[a-z0-9]{12}/g })], `k ${value}`)).toEqual([value]);
  });

  it('skips empty matches and goes on past them', () => {
    const rule = toy({ keywords: ['q'], pattern: /q*/dg, placeholders: 'none' });
    expect(spans([rule], 'abq qqq')).toEqual(['q', 'qqq']);
  });
});

describe('a rule’s own check', () => {
  it('drops a candidate on false, keeps it on true, and moves it to the span it returns', () => {
    const value = credential();
    const text = `k ${value} k`;
    expect(spans([toy({ check: () => false })], text)).toEqual([]);
    expect(spans([toy({ check: () => true })], text)).toEqual([value]);
    expect(spans([toy({ check: ({ start, end }) => ({ start: start + 3, end }) })], text)).toEqual([value.slice(3)]);
  });

  it('drops a span it narrows to nothing', () => {
    expect(spans([toy({ check: ({ start }) => ({ start, end: start }) })], `k ${credential()}`)).toEqual([]);
    expect(spans([toy({ check: ({ start }) => ({ start: start + 2, end: start + 1 }) })], `k ${credential()}`)).toEqual([]);
  });

  it('drops an empty span even for a rule that skips the placeholder test', () => {
    expect(spans([toy({ placeholders: 'none', check: ({ start }) => ({ start, end: start }) })], `k ${credential()}`)).toEqual([]);
  });

  it('sees the text, the match, the candidate and the file', () => {
    const value = credential();
    const seen: unknown[] = [];
    scan([toy({ check: (context) => (seen.push({ ...context, match: context.match?.[0] }), true) })], `k ${value}`, 'conf/app.ini');
    expect(seen).toEqual([{ text: `k ${value}`, match: value, secret: value, start: 2, end: 2 + value.length, file: 'conf/app.ini' }]);
  });
});

describe('placeholders and entropy', () => {
  it('drops placeholder-looking candidates unless the rule says `none`', () => {
    const text = 'k zq_xxxxxxxxxxxx';
    expect(spans([toy({ pattern: /zq_x{12}/dg })], text)).toEqual([]);
    expect(spans([toy({ pattern: /zq_x{12}/dg, placeholders: 'none' })], text)).toEqual(['zq_xxxxxxxxxxxx']);
  });

  it('reads a candidate as a credential placeholder when the rule asks', () => {
    const rule = (placeholders: SecretRule['placeholders']) => toy({ keywords: ['pw='], pattern: /pw=(?<secret>\w+)/dg, placeholders });
    expect(spans([rule('token')], 'pw=changeit')).toEqual(['changeit']);
    expect(spans([rule('credential')], 'pw=changeit')).toEqual([]);
  });

  it('drops candidates under the rule’s entropy minimum', () => {
    const low = 'k zq_aaaaaabbbbbb';
    expect(spans([toy()], low)).toEqual(['zq_aaaaaabbbbbb']);
    expect(spans([toy({ minEntropy: 3 })], low)).toEqual([]);
    const value = credential();
    expect(spans([toy({ minEntropy: 3 })], `k ${value}`)).toEqual([value]);
  });

  it('keeps a candidate whose entropy is exactly the minimum', () => {
    // Four characters, each a quarter of the text: exactly 2 bits a character.
    const rule = (minEntropy: number) => toy({ keywords: ['abcd'], pattern: /(?:abcd){3}/dg, minEntropy });
    expect(spans([rule(2)], 'abcdabcdabcd')).toEqual(['abcdabcdabcd']);
    expect(spans([rule(2.01)], 'abcdabcdabcd')).toEqual([]);
  });
});

describe('a `find` rule', () => {
  it('reports the spans it finds, through the same checks', () => {
    const value = credential();
    const text = `zq_ ${value} zq_xxxxxxxxxxxx`;
    const find = (source: string) => [...source.matchAll(/zq_\w{12}/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
    expect(spans([toy({ pattern: undefined, find })], text)).toEqual([value]);
    expect(spans([toy({ pattern: undefined, find, check: () => false })], text)).toEqual([]);
  });

  it('finds nothing with neither a pattern nor `find`', () => {
    expect(scan([toy({ pattern: undefined })], `k ${credential()}`)).toEqual([]);
  });
});

describe('anchored rules', () => {
  const anchored = (pattern: RegExp) => toy({ keywords: ['zq_'], pattern, anchored: true });

  it('match only where a keyword starts, as an unanchored rule matches anywhere', () => {
    const value = credential();
    // The pattern can also match a run that starts before the keyword; anchored, it is tried at the keyword only.
    const pattern = /[a-z]{0,2}_[a-z0-9]{12}/dg;
    expect(spans([toy({ pattern })], `ab_${value.slice(3)} ${value}`)).toEqual([`ab_${value.slice(3)}`, value]);
    expect(spans([anchored(pattern)], `ab_${value.slice(3)} ${value}`)).toEqual([value]);
  });

  it('do not report a second match inside the first', () => {
    const text = `zq_zq_${r(12, LOWER_ALNUM)}`;
    expect(spans([anchored(/zq_[a-z0-9_]{12,20}/dg)], text)).toEqual([text]);
  });

  it('find a match at every keyword, case aside', () => {
    const [a, b] = [credential(), credential()];
    expect(spans([anchored(/zq_[a-z0-9]{12}/dgi)], `${a.toUpperCase()} and ${b}`)).toEqual([a.toUpperCase(), b]);
  });
});

describe('the file a text comes from', () => {
  it('turns a rule off in lockfiles when it says so', () => {
    const value = credential();
    expect(spans([toy({ skipInLockfiles: true })], `k ${value}`, 'package-lock.json')).toEqual([]);
    expect(spans([toy({ skipInLockfiles: true })], `k ${value}`, 'src/app.js')).toEqual([value]);
    expect(spans([toy()], `k ${value}`, 'package-lock.json')).toEqual([value]);
  });

  it('drops candidates that say example or sample in documentation, and example lines where the rule asks', () => {
    const rule = toy({ pattern: /zq_[a-z0-9]{12,20}/dg });
    const exampleLike = `zq_example${r(6, LOWER_ALNUM)}`;
    expect(spans([rule], `k ${exampleLike}`, 'README.md')).toEqual([]);
    expect(spans([rule], `k ${exampleLike}`, 'src/app.js')).toEqual([exampleLike]);
    // Each such word, with the placeholder test off so only the documentation rule can drop it.
    for (const word of ['example', 'Sample', 'dummy', 'placeholder']) {
      const candidate = `zq_${word}${r(8, LOWER_ALNUM)}`;
      const anyText = toy({ pattern: /zq_[a-z0-9]{12,20}/dgi, placeholders: 'none' });
      expect(spans([anyText], `k ${candidate}`, 'docs/guide.md'), word).toEqual([]);
      expect(spans([anyText], `k ${candidate}`, 'src/app.js'), word).toEqual([candidate]);
    }
    const value = credential();
    const line = `For example: ${value}`;
    expect(spans([rule], line, 'docs/setup.md')).toEqual([value]);
    expect(spans([toy({ examplesInDocs: true })], line, 'docs/setup.md')).toEqual([]);
    expect(spans([toy({ examplesInDocs: true })], line, 'src/app.js')).toEqual([value]);
  });

  it('drops a candidate inside a comment that calls itself an example, in any file', () => {
    const value = credential();
    expect(spans([toy()], `// example: ${value}`, 'src/app.js')).toEqual([]);
    expect(spans([toy()], `// the key: ${value}`, 'src/app.js')).toEqual([value]);
  });
});

describe('resolveOverlaps', () => {
  it('keeps findings that only touch, in text order, however they were chosen', () => {
    // One cluster (the middle one overlaps both); the longer of the two best is chosen first.
    const kept = resolveOverlaps([
      { start: 0, end: 4, priority: 1 },
      { start: 4, end: 9, priority: 1 },
      { start: 2, end: 6, priority: 5 },
    ]);
    expect(kept).toEqual([
      { start: 0, end: 4, priority: 1 },
      { start: 4, end: 9, priority: 1 },
    ]);
  });

  it('keeps the longer of one rule’s overlapping findings, wherever it starts', () => {
    expect(resolveOverlaps([{ start: 0, end: 5, priority: 1 }, { start: 3, end: 12, priority: 1 }])).toEqual([{ start: 3, end: 12, priority: 1 }]);
    expect(resolveOverlaps([{ start: 0, end: 9, priority: 1 }, { start: 3, end: 10, priority: 1 }])).toEqual([{ start: 0, end: 9, priority: 1 }]);
  });

  it('grows a cluster to its furthest end, so a finding inside the first is weighed against it', () => {
    const kept = resolveOverlaps([
      { start: 0, end: 10, priority: 1 },
      { start: 2, end: 4, priority: 5 },
      { start: 6, end: 8, priority: 5 },
    ]);
    expect(kept).toEqual([{ start: 0, end: 10, priority: 1 }]);
  });
});

describe('overlaps between rules', () => {
  it('keeps the earlier rule of the table where two find the same text', () => {
    const value = credential();
    const [first, second] = [toy({ id: 'first' }), toy({ id: 'second', pattern: /zq_[a-z0-9]{12} ?/dg })];
    expect(scan([first, second], `k ${value} k`).map((finding) => finding.ruleId)).toEqual(['first']);
    expect(scan([second, first], `k ${value} k`).map((finding) => finding.ruleId)).toEqual(['second']);
  });

  it('leaves a disabled rule out, whatever its place', () => {
    const value = credential();
    const scanner = createSecretScanner({ rules: [toy({ id: 'first' }), toy({ id: 'second' })], disabledRules: ['first'] });
    expect(scanner.scanText(`k ${value}`).map((finding) => finding.ruleId)).toEqual(['second']);
    expect(scanner.rules).toEqual([{ id: 'second', description: 'toy credential', severity: 'high', keywords: ['zq_'] }]);
  });
});
