import { LoomError, type EventBus } from '@loomkit/kernel';
import type { LlmMiddleware, LlmRequest } from '@loomkit/llm';
import type { ScanOptions, SecretFinding, SecretScanner } from '../types.js';
import './events.js';
import { replaceFindings } from './replace.js';

export interface RedactionResult {
  text: string;
  findings: SecretFinding[];
}

export interface Redactor {
  /** Replaces each secret with `[REDACTED:<rule>:<hash>]`: same secret, same placeholder. */
  redact(text: string, options?: ScanOptions): RedactionResult;
  /** A copy of the request with every text it carries redacted, and what was found. */
  redactRequest(request: LlmRequest): { request: LlmRequest; findings: SecretFinding[] };
  /** The `policy` stage of the llm pipeline: redact (default) or block. */
  readonly middleware: LlmMiddleware;
}

export { placeholder, replaceFindings } from './replace.js';

type Block = Record<string, unknown> & { type?: string };

export function createRedactor(scanner: SecretScanner, onSecret: 'redact' | 'block', events: Pick<EventBus, 'emit'>): Redactor {
  const redact = (text: string, options?: ScanOptions): RedactionResult => {
    const findings = scanner.scanText(text, options);
    return { text: findings.length === 0 ? text : replaceFindings(text, findings), findings };
  };

  const redactRequest = (request: LlmRequest) => {
    const found: SecretFinding[] = [];
    const clean = (text: string) => {
      const result = redact(text);
      found.push(...result.findings);
      return result.text;
    };
    const block = (value: Block): Block => {
      if (typeof value.text === 'string') return { ...value, text: clean(value.text) };
      if (value.type === 'tool_result' && value.content !== undefined) return { ...value, content: content(value.content) };
      if (value.type === 'tool_use' && value.input !== undefined) return { ...value, input: JSON.parse(clean(JSON.stringify(value.input))) as unknown };
      const source = value.source as Block | undefined;
      if (value.type === 'document' && source?.type === 'text' && typeof source.data === 'string') return { ...value, source: { ...source, data: clean(source.data) } };
      return value;
    };
    const content = (value: unknown): unknown => (typeof value === 'string' ? clean(value) : Array.isArray(value) ? value.map((item) => block(item as Block)) : value);
    const next: LlmRequest = {
      ...request,
      ...(request.system === undefined ? {} : { system: content(request.system) as LlmRequest['system'] }),
      // The content keeps its shape (string or blocks); only texts inside change.
      messages: request.messages.map((message) => ({ ...message, content: content(message.content) }) as typeof message),
    };
    return { request: next, findings: found };
  };

  const middleware: LlmMiddleware = async (call, next) => {
    const { request, findings } = redactRequest(call.request);
    if (findings.length > 0) {
      const rules = [...new Set(findings.map((finding) => finding.ruleId))];
      if (onSecret === 'block') {
        const list = findings.slice(0, 5).map((finding) => `${finding.ruleId} ${finding.preview}`).join(', ');
        throw new LoomError('SECRETS_BLOCKED', `refused to send ${findings.length} secret(s) to Claude: ${list}${findings.length > 5 ? ', …' : ''}`, {
          hint: 'remove them, baseline them (`loom security scan --update-baseline`), or set security.onSecret to redact',
        });
      }
      await events.emit('security:secrets-redacted', { count: findings.length, rules, command: call.options.command });
      call.request = request;
    }
    return next();
  };

  return { redact, redactRequest, middleware };
}
