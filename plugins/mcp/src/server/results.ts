import type { CommandOutcome } from '@loomkit/kernel/command';
import type { ToolSpec } from '../catalog/index.js';
import type { Protector } from './protect.js';

/** MCP's CallToolResult, the parts Loom fills. */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Longest JSON text sent beside the structured result, for clients that read only text. */
const TEXT_LIMIT = 8_000;

/** A failure as an MCP tool error: the model reads it and can correct the call; the server lives on. */
export function errorResult(error: { code: string; message: string; hint?: string | undefined }): ToolResult {
  const text = `error[${error.code}]: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`;
  return { content: [{ type: 'text', text }], structuredContent: { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } }, isError: true };
}

/** The command's `--json` data as structured content plus a short text summary, secrets redacted. */
export function outcomeResult(spec: ToolSpec, outcome: CommandOutcome, protector: Protector): ToolResult {
  if (outcome.error) return redactedError(outcome.error, protector);
  const { value, text } = protector.redact(outcome.output ?? null);
  if (text !== undefined) return { content: [{ type: 'text', text: `loom ${spec.command}: secrets redacted from the result\n${clip(text)}` }] };
  const structured = isRecord(value) ? value : { result: value };
  const json = JSON.stringify(value, null, 2) ?? 'null';
  const summary = `loom ${spec.command}: ${outcome.exitCode === 0 ? 'done' : `exited with ${outcome.exitCode}`} — ${shapeOf(value)}`;
  return {
    content: [{ type: 'text', text: `${summary}\n${clip(json)}` }],
    // A command that reports findings through its exit code (security scan) still succeeded: its data is the answer.
    structuredContent: structured,
  };
}

function redactedError(error: { code: string; message: string; hint?: string | undefined }, protector: Protector): ToolResult {
  const { value, text } = protector.redact(error);
  if (text !== undefined) return { content: [{ type: 'text', text }], isError: true };
  return errorResult(value as typeof error);
}

function clip(text: string): string {
  return text.length <= TEXT_LIMIT ? text : `${text.slice(0, TEXT_LIMIT)}\n… (${text.length - TEXT_LIMIT} more characters in the structured result)`;
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `fields: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
  }
  return value === null ? 'no data' : JSON.stringify(value).slice(0, 200);
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
