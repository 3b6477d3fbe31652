import ansis, { Ansis } from 'ansis';
import Table from 'cli-table3';
import { formatUsd } from '@loomkit/llm/format-usd';
import type { Report, ReportRow, Totals } from '../query/index.js';

const number = (n: number) => n.toLocaleString('en-US');
const TITLE: Record<Report['kind'], string> = {
  daily: 'Date', weekly: 'Week of', monthly: 'Month', hourly: 'Hour', session: 'Session', command: 'Command', model: 'Model', project: 'Project', blocks: 'Block (5 h) from',
};

/** The terminal table: one row per group, per-model rows under it with --breakdown, a totals row. */
export function renderReport(report: Report, options: { color: boolean }): string {
  const c = options.color ? ansis : new Ansis(0);
  const table = new Table({
    head: [TITLE[report.kind], 'Models', 'Input', 'Output', 'Cache write', 'Cache read', 'Total tokens', 'Cost', 'Saved by cache', 'Calls'].map((h) => c.bold.cyan(h)),
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: options.color ? ['grey'] : [] },
  });
  const line = (first: string, second: string, t: Totals, paint: (s: string) => string = (s: string) => s) =>
    [first, second, number(t.input), number(t.output), number(t.cacheWrite), number(t.cacheRead), number(t.totalTokens), formatUsd(t.costUsd), formatUsd(t.savedUsd), number(t.calls)].map((cell) => paint(cell));
  for (const row of report.rows) {
    table.push(line(rowLabel(row), row.models.map(shortModel).join(', '), row));
    for (const model of row.breakdown ?? []) table.push(line(`  └ ${shortModel(model.model)}`, '', model, c.gray));
  }
  table.push(line('Total', '', report.totals, c.yellow.bold));
  const notes: string[] = [];
  if (report.skippedLines > 0) notes.push(`${report.skippedLines} malformed or unfinished line${report.skippedLines === 1 ? '' : 's'} skipped`);
  if (report.unpricedModels.length > 0) notes.push(`no price for ${report.unpricedModels.join(', ')}: counted at $0 (add one with loom config set llm.models.<id> …)`);
  return [table.toString(), ...notes.map((note) => c.gray(note))].join('\n');
}

function rowLabel(row: ReportRow): string {
  const text = row.label.length > 48 ? `${row.label.slice(0, 47)}…` : row.label;
  return row.project ? `${text}\n${row.project.slice(-40)}` : text;
}

const shortModel = (model: string) => model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
