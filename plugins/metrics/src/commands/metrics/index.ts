import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { REPORTS, type Report, type ReportKind, type SourceFilter } from '../../query/index.js';
import { renderCsv } from '../../render/csv.js';
import { noUsage } from '../../render/no-usage.js';
import { scanShowingProgress } from '../../render/reading-bar.js';
import { writeJson } from '../../render/json.js';
import { MetricsToken } from '../../tokens.js';
import { filterFlags, filtersFrom } from '../../flags.js';

export default class Metrics extends LoomCommand {
  static override summary = 'What Claude cost: by day, week, month, hour, session, command, model, project or 5-hour block.';
  static override description = `Reads Loom's own call log and your Claude Code transcripts ($CLAUDE_CONFIG_DIR, else ~/.config/claude and ~/.claude), prices tokens with the llm price table and shows cache savings (what cache reads saved against full input price).

Claude Code writes one API response as several lines that repeat its usage: each response counts once (by message id and request id). Transcripts are read streaming, and only their new bytes on the next run. Malformed or unfinished lines are skipped and counted under the table.`;
  static override examples = [
    '<%= config.bin %> metrics',
    '<%= config.bin %> metrics monthly --breakdown',
    '<%= config.bin %> metrics session --since 7d',
    '<%= config.bin %> metrics daily --source claude-code --json',
    '<%= config.bin %> metrics command --source loom --project my-app',
    '<%= config.bin %> metrics model --since 2026-11-01 --until 2026-11-30 --csv > november.csv',
    '<%= config.bin %> metrics blocks --since 1d',
  ];
  static override enableJsonFlag = true;
  static override args = {
    report: Args.string({ description: 'How to group the usage.', options: [...REPORTS], default: 'daily' }),
  };
  static override flags = {
    ...filterFlags,
    breakdown: Flags.boolean({ description: 'A line per model inside each row.' }),
    csv: Flags.boolean({ description: 'Print CSV (RFC 4180) instead of a table.', exclusive: ['json'] }),
  };

  /**
   * JSON for a pipe or file is written as is, on one line: oclif colourizes it with a regex
   * tokenizer, which on years of history (MBs of JSON) took longer than the whole scan, and
   * indenting made it 5.9 MB instead of 3.7 MB for 3,101 days (`jq` indents it for a reader).
   */
  protected override logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(json);
    else writeJson(json, (chunk) => process.stdout.write(chunk));
  }

  async run(): Promise<Report> {
    const { args, flags } = await this.parse(Metrics);
    const kernel = await this.kernel();
    const metrics = kernel.get(MetricsToken);
    const source = flags.source as SourceFilter;
    // A date it cannot read is said before a first run reads the whole history.
    const filters = filtersFrom(kernel, flags);
    const scan = await scanShowingProgress(metrics, source);
    const result = metrics.report({ kind: args.report as ReportKind, source, breakdown: flags.breakdown, ...filters }, scan);
    // With --json oclif prints the result; rendering a table nobody sees cost minutes on years of history.
    if (this.jsonEnabled()) return result;
    if (flags.csv) process.stdout.write(renderCsv(result));
    else if (result.rows.length === 0) this.log(noUsage(source));
    else {
      // The table's libraries (cli-table3, ansis: ~25 ms to load) only for a table.
      const { renderReport } = await import('../../render/table.js');
      this.log(renderReport(result, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
    }
    return result;
  }
}
