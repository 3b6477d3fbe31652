import { reportDocument, type Block, type Inline, type Section } from './document.js';
import type { ReportInput } from './types.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every string that reaches the page goes through here: file names and findings are untrusted. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ENTITIES[char] as string);

// No network, no script: the page is one file that renders offline, and the policy forbids both anyway.
const HEAD = `<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { font-family: ui-monospace, monospace; word-break: break-all; }
a { color: #0969da; }
</style>`;

function inline(span: Inline): string {
  if (typeof span === 'string') return escapeHtml(span);
  if ('strong' in span) return `<strong>${escapeHtml(span.strong)}</strong>`;
  return `<a href="${escapeHtml(span.href)}"><code>${escapeHtml(span.text)}</code></a>`;
}

function block(item: Block): string {
  switch (item.kind) {
    case 'paragraph':
      return `<p>${item.spans.map(inline).join('')}</p>`;
    case 'list':
      return `<ul>\n${item.items.map((spans) => `<li>${spans.map(inline).join('')}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const cell = (tag: 'th' | 'td', text: string, index: number) => `<${tag}${item.align[index] === 'right' ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
      const head = `<tr>${item.head.map((text, index) => cell('th', text, index)).join('')}</tr>`;
      const rows = item.rows.map((cells) => `<tr>${cells.map((text, index) => cell('td', text, index)).join('')}</tr>`);
      return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
  }
}

function section(part: Section, depth: number): string {
  const tag = `h${depth + 2}`;
  return [`<section>`, `<${tag}>${escapeHtml(part.title)}</${tag}>`, ...part.blocks.map(block), ...part.sections.map((sub) => section(sub, depth + 1)), `</section>`].join('\n');
}

/** The full report as one self-contained HTML page: inline CSS, no scripts, no network resources. */
export function renderHtml(input: ReportInput): string {
  const document = reportDocument(input);
  const title = escapeHtml(document.title);
  return `<!doctype html>
<html lang="en">
<head>
${HEAD}
<title>${title}</title>
</head>
<body>
<main>
<h1>${title}</h1>
${document.sections.map((part) => section(part, 0)).join('\n')}
</main>
</body>
</html>
`;
}
