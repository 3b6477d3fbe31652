import { describe, expect, it } from 'vitest';
import { createRedactor, placeholder, replaceFindings } from '../src/redaction/redactor.js';
import { createSecretScanner } from '../src/secrets/index.js';
import type { LlmCall, LlmResult } from '@loomkit/llm';
import { pem, planted } from '@loomkit/testkit';

const events = () => {
  const emitted: Array<{ event: string; payload: unknown }> = [];
  return { emitted, emit: async (event: string, payload: unknown) => void emitted.push({ event, payload }) };
};

describe('redact', () => {
  it('replaces each secret with a stable placeholder and keeps the rest of the text', () => {
    const redactor = createRedactor(createSecretScanner(), 'redact', events());
    const text = `const token = "${planted.github}";\nconst again = "${planted.github}";\nconsole.log("hello");`;
    const { text: clean, findings } = redactor.redact(text, { file: 'src/a.ts' });
    expect(findings.length).toBe(2);
    expect(clean).not.toContain(planted.github);
    const marker = placeholder(findings[0]!);
    expect(marker).toMatch(/^\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}\]$/);
    expect(clean.split(marker)).toHaveLength(3);
    expect(clean).toContain('console.log("hello");');
  });

  it('leaves text without secrets untouched', () => {
    const redactor = createRedactor(createSecretScanner(), 'redact', events());
    const text = 'export const answer = 42; // see README';
    expect(redactor.redact(text)).toEqual({ text, findings: [] });
  });

  it('replaces overlapping findings once, left to right', () => {
    const finding = (start: number, end: number) => ({ ruleId: 'r', secretHash: `${start}${end}`.padEnd(8, '0'), start, end }) as never;
    expect(replaceFindings('0123456789', [finding(6, 8), finding(2, 5), finding(3, 4)])).toBe('01[REDACTED:r:25000000]5[REDACTED:r:68000000]89');
  });

  it('keeps the line breaks a secret spanned, so every later line keeps its number', () => {
    const finding = (start: number, end: number, ruleId: string) => ({ ruleId, secretHash: 'h', start, end }) as never;
    const text = 'a SECRET b\nKEY\nPART c\nlast';
    const redacted = replaceFindings(text, [finding(2, 8, 'tok'), finding(11, 19, 'pem')]);
    expect(redacted).toBe('a [REDACTED:tok:h] b\n[REDACTED:pem:h]\n c\nlast');
    expect(redacted.split('\n').indexOf('last')).toBe(text.split('\n').indexOf('last'));
  });

  it('keeps a real PEM key\'s lines when redacting it', () => {
    const redactor = createRedactor(createSecretScanner(), 'redact', events());
    const text = `const key = \`${pem}\`;\nexport const after = 1;\n`;
    const result = redactor.redact(text);
    expect(result.findings.map((found) => found.ruleId)).toContain('private-key');
    expect(result.text.split('\n')).toHaveLength(text.split('\n').length);
    expect(result.text).not.toContain('PRIVATE KEY-----\n');
  });
});

describe('the llm middleware', () => {
  const call = (content: unknown, system?: unknown) =>
    ({ request: { model: 'm', max_tokens: 10, messages: [{ role: 'user', content }], ...(system === undefined ? {} : { system }) }, options: { command: 'query' } }) as unknown as LlmCall;

  it('redacts strings, text blocks, tool results, tool inputs and the system prompt before next()', async () => {
    const bus = events();
    const redactor = createRedactor(createSecretScanner(), 'redact', bus);
    const probe = call(
      [
        { type: 'text', text: `key ${planted.aws}` },
        { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: `stripe ${planted.stripe}` }] },
        { type: 'tool_use', id: 't2', name: 'x', input: { url: planted.postgres } },
      ],
      `system knows ${planted.anthropic}`,
    );
    let sent = '';
    await redactor.middleware(probe, async () => ((sent = JSON.stringify(probe.request)), {} as LlmResult));
    for (const secret of [planted.aws, planted.stripe, planted.postgres, planted.anthropic]) expect(sent).not.toContain(secret);
    expect(sent).toContain('[REDACTED:');
    expect(bus.emitted).toEqual([{ event: 'security:secrets-redacted', payload: { count: 4, rules: expect.any(Array), command: 'query' } }]);
  });

  it('blocks instead, listing masked findings, and sends nothing', async () => {
    const redactor = createRedactor(createSecretScanner(), 'block', events());
    let reached = false;
    const error = (await redactor.middleware(call(`token ${planted.github}`), async () => ((reached = true), {} as LlmResult)).catch((e: unknown) => e)) as Error & { code: string };
    expect(reached).toBe(false);
    expect(error.code).toBe('SECRETS_BLOCKED');
    expect(error.message).toMatch(/refused to send 1 secret\(s\) to Claude/);
    expect(error.message).not.toContain(planted.github);
  });
});
