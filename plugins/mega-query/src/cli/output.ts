import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { renderTerminal } from '../report/render-terminal.js';
import { reportJson } from '../report/report-json.js';
import type { ReportInput } from '../report/types.js';

export const FORMATS = ['terminal', 'md', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

const BY_EXTENSION: Record<string, Format> = { '.md': 'md', '.markdown': 'md', '.json': 'json', '.html': 'html', '.htm': 'html', '.txt': 'terminal' };

/** --format wins; else the --output file's extension; else a terminal summary (or Markdown into a file). */
export function formatFor(format: Format | undefined, out: string | undefined): Format {
  if (format) return format;
  if (!out) return 'terminal';
  return BY_EXTENSION[extname(out).toLowerCase()] ?? 'md';
}

export function renderReport(format: Format, input: ReportInput): string {
  switch (format) {
    case 'md':
      return renderMarkdown(input);
    case 'html':
      return renderHtml(input);
    case 'json':
      return `${JSON.stringify(reportJson(input), null, 2)}\n`;
    case 'terminal':
      return renderTerminal(input);
  }
}

/** Writes the report where asked; a folder or unwritable path is one clear error, not a stack. */
export async function writeReport(out: string, text: string, cwd: string): Promise<string> {
  const path = resolve(cwd, out);
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LoomError('MEGA_OUT_UNWRITABLE', `cannot write the report to ${path} (${code ?? 'error'})`, {
      hint: code === 'EISDIR' ? 'give a file name, e.g. --output report.md' : 'choose a path you can write to',
    });
  }
  return path;
}
