import { split } from 'shlex';
import type { Step } from '../schema.js';
import { evaluate, parseExpression, templateExpressions } from './expressions.js';

const TEMPLATE = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;
const WHOLE = /^\$\{\{\s*([\s\S]*?)\s*\}\}$/;

export type Scope = Record<string, unknown>;

/** Evaluates one `${{ … }}` expression; the syntax was checked by validate. */
export function valueOf(expression: string, scope: Scope): unknown {
  const { ast, error } = parseExpression(expression);
  if (!ast) throw new Error(error);
  return evaluate(ast, scope);
}

/** A value as one argument: text as is, numbers and booleans printed, objects as JSON. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** In a written document, a list reads as a Markdown list (`- a`), one item a line. */
function asMarkdown(value: unknown): string {
  if (!Array.isArray(value)) return asText(value);
  return value.length === 0 ? '(none)' : value.map((item) => `- ${asText(item)}`).join('\n');
}

/** Replaces every `${{ … }}` in a text. */
export function interpolate(text: string, scope: Scope, style: 'text' | 'markdown' = 'text'): string {
  const render = style === 'markdown' ? asMarkdown : asText;
  return text.replace(TEMPLATE, (_match, expression: string) => render(valueOf(expression, scope)));
}

/**
 * The words of a `run:` step. The line is split first, then references are filled in per
 * word, so a value with spaces stays one argument; a word that is only a reference to a
 * list (`${{ steps.mega.output.report.files }}`) becomes one argument per item.
 */
export function commandWords(step: Step, scope: Scope): string[] {
  // `${{ inputs.path }}` holds spaces: each reference stands in as one placeholder word while splitting.
  const expressions: string[] = [];
  const line = (step.run ?? '').replace(TEMPLATE, (_match, expression: string) => `\uE000${expressions.push(expression) - 1}\uE000`);
  const words = split(line).flatMap((word) => {
    const whole = /^\uE000(\d+)\uE000$/.exec(word);
    if (whole) {
      const value = valueOf(expressions[Number(whole[1])] ?? '', scope);
      return Array.isArray(value) ? value.map(asText) : [asText(value)];
    }
    return [word.replace(/\uE000(\d+)\uE000/g, (_match, index: string) => asText(valueOf(expressions[Number(index)] ?? '', scope)))];
  });
  return [...words, ...withFlags(step, scope)];
}

/** `with: {mode: security, verbose: true, path: [a, b]}` → `--mode security --verbose --path a --path b`. */
function withFlags(step: Step, scope: Scope): string[] {
  return Object.entries(step.with ?? {}).flatMap(([name, raw]) => {
    const values = Array.isArray(raw) ? raw : [raw];
    return values.flatMap((value) => {
      const resolved = typeof value === 'string' ? resolveString(value, scope) : value;
      if (resolved === true) return [`--${name}`];
      if (resolved === false || resolved === undefined || resolved === null) return [];
      return Array.isArray(resolved) ? resolved.flatMap((item) => [`--${name}`, asText(item)]) : [`--${name}`, asText(resolved)];
    });
  });
}

/** A string that is one whole reference keeps the referenced value's type. */
function resolveString(text: string, scope: Scope): unknown {
  const whole = WHOLE.exec(text);
  return whole && templateExpressions(text).length === 1 ? valueOf(whole[1] ?? '', scope) : interpolate(text, scope);
}

/**
 * A step's own `--max-cost` may only lower the run's: the llm budget stage lets a call's
 * cap replace the command budget, so a larger one would let the step spend past the run's.
 */
export function capMaxCost(words: string[], capUsd: number | undefined): string[] {
  if (capUsd === undefined) return words;
  const capped = (value: string) => String(Math.min(Number(value) || capUsd, capUsd));
  return words.map((word, index) => {
    if (word.startsWith('--max-cost=')) return `--max-cost=${capped(word.slice('--max-cost='.length))}`;
    return words[index - 1] === '--max-cost' ? capped(word) : word;
  });
}
