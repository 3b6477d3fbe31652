import { renderTable } from '@loomkit/kernel/table';
import { reportDocument, type Block, type Inline, type Section } from './document.js';
import type { ReportInput } from './types.js';

/** A terminal summary lists this many findings and secrets; the file formats list them all. */
export const TERMINAL_LIMIT = 10;

/**
 * File names and findings are untrusted: a control character (an ANSI escape in a file name)
 * must not drive the terminal, so each is shown as a visible `\x1b`-style escape.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);

const inline = (span: Inline): string => printable(typeof span === 'string' ? span : 'strong' in span ? span.strong : span.text);

function block(item: Block): string {
  switch (item.kind) {
    case 'paragraph':
      return item.spans.map(inline).join('');
    case 'list':
      return item.items.map((spans) => `  - ${spans.map(inline).join('')}`).join('\n');
    case 'table':
      return renderTable(item.head.map(printable), item.rows.map((row) => row.map(printable)));
  }
}

function section(part: Section, depth: number): string {
  const title = printable(part.title);
  const heading = depth === 0 ? `${title}\n${'─'.repeat(title.length)}` : `${title}:`;
  return [heading, ...part.blocks.map(block), ...part.sections.map((sub) => section(sub, depth + 1))].join('\n');
}

/** A compact summary for the terminal: headings and aligned tables, no colour. */
export function renderTerminal(input: ReportInput): string {
  const document = reportDocument(input, { limit: TERMINAL_LIMIT });
  return `${[document.title.toUpperCase(), ...document.sections.map((part) => section(part, 0))].join('\n\n')}\n`;
}
