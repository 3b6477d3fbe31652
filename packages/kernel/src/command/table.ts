import { createRequire } from 'node:module';
import type TableType from 'cli-table3';

// Loaded on first use: a command that prints no table (or only --json) does not pay for it.
const loadTable = (): typeof TableType => createRequire(import.meta.url)('cli-table3') as typeof TableType;

/** A borderless aligned table, the look of `git status`-like tools rather than boxes. */
export function renderTable(head: string[], rows: string[][]): string {
  const Table = loadTable();
  const table = new Table({
    head,
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
      'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    wordWrap: true,
  });
  table.push(...rows);
  return table.toString();
}
