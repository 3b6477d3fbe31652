import { reportDocument, type Block, type Inline, type Section } from './document.js';
import type { ReportInput } from './types.js';

/**
 * Untrusted text as literal Markdown: every character that could start markup (HTML, links,
 * emphasis, table pipes) is backslash-escaped, line breaks fold to spaces, and a line cannot
 * open a heading, quote or list.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    .replace(/^([#>+=-])/, '\\$1');
}

function inline(span: Inline): string {
  if (typeof span === 'string') return escapeMarkdown(span);
  if ('strong' in span) return `**${escapeMarkdown(span.strong)}**`;
  return `[${escapeMarkdown(span.text)}](${span.href})`;
}

const row = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;

function block(item: Block): string {
  switch (item.kind) {
    case 'paragraph':
      return item.spans.map(inline).join('');
    case 'list':
      return item.items.map((spans) => `- ${spans.map(inline).join('')}`).join('\n');
    case 'table':
      return [row(item.head), `| ${item.align.map((align) => (align === 'right' ? '---:' : '---')).join(' | ')} |`, ...item.rows.map(row)].join('\n');
  }
}

function section(part: Section, depth: number): string {
  return [`${'#'.repeat(depth + 2)} ${escapeMarkdown(part.title)}`, ...part.blocks.map(block), ...part.sections.map((sub) => section(sub, depth + 1))].join('\n\n');
}

/** The full report as Markdown; citations link to `path#Lstart-Lend`, relative to the repository root. */
export function renderMarkdown(input: ReportInput): string {
  const document = reportDocument(input);
  return `${[`# ${escapeMarkdown(document.title)}`, ...document.sections.map((part) => section(part, 0))].join('\n\n')}\n`;
}
