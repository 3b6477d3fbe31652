import type { Report } from '../query/index.js';

const COLUMNS = ['key', 'label', 'project', 'models', 'input', 'output', 'cacheWrite', 'cacheRead', 'totalTokens', 'costUsd', 'savedUsd', 'calls', 'errors', 'retries'] as const;

const cell = (value: unknown): string => {
  const text = Array.isArray(value) ? value.join(' ') : value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** RFC 4180 CSV of the report's rows (no totals row: a spreadsheet sums on its own). */
export function renderCsv(report: Report): string {
  const lines = [COLUMNS.join(',')];
  for (const row of report.rows) lines.push(COLUMNS.map((column) => cell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
