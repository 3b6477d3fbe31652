import { Args, Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { progressBars } from '../../cli/progress.js';
import type { EvalOutcome } from '../../service.js';
import { MegaQueryToken } from '../../tokens.js';

export default class QueryEval extends LoomCommand {
  static override summary = 'Measure how well `loom query` ranks files on your own questions: recall@1, recall@5, MRR.';
  static override description = `Reads a JSONL file, one question a line with the files that answer it:

  {"q": "where is the retry backoff computed?", "gold": ["src/retry.ts"]}

ranks the repository's files for each question exactly as \`loom query\` does offline, and prints where the first gold file landed, then recall@1 and recall@5 (share of questions answered by the first file / the first five) and MRR (mean of 1/rank). Gold paths are relative to the folder queried. Nothing is sent to Claude.

With --compress it also measures what \`query mega\` compression costs: for each mega-query.compressBelow given, the tokens saved against sending every file whole, and how many gold files would still go in whole (the rest go in as signatures only). Choose the setting from that curve.`;
  static override examples = [
    '<%= config.bin %> query eval questions.jsonl',
    '<%= config.bin %> query eval ../questions.jsonl --target packages/core',
    '<%= config.bin %> query eval questions.jsonl --json | jq .mrr',
    '<%= config.bin %> query eval questions.jsonl --compress 0.3,0.5,0.7',
  ];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ required: true, description: 'JSONL file of {"q", "gold": [paths]} rows' }) };
  static override flags = {
    target: Flags.string({ description: 'Folder the gold paths are relative to (default: the current one)' }),
    compress: Flags.custom<number[]>({
      description: 'Comma-separated compressBelow fractions (0–1) to measure the compression curve at, e.g. 0.3,0.5,0.7',
      parse: async (input) => parseFractions(input),
    })(),
  };

  async run(): Promise<EvalOutcome> {
    const { args, flags } = await this.parse(QueryEval);
    const kernel = await this.kernel();
    const json = this.jsonEnabled();
    const bars = progressBars(!json && Boolean(process.stderr.isTTY));
    let outcome: EvalOutcome;
    try {
      outcome = await kernel.get(MegaQueryToken).evaluate({ file: args.file, target: flags.target, compress: flags.compress, signal: this.signal, onProgress: bars.listener });
    } finally {
      bars.stop();
    }
    if (!json) this.print(outcome);
    return outcome;
  }

  private print(outcome: EvalOutcome): void {
    for (const row of outcome.rows) {
      const rank = row.rank === null ? '—' : String(row.rank);
      this.log(`${rank.padStart(4)}  ${row.q}`);
      if (row.rank !== 1) this.log(`      gold ${row.gold.join(', ')}; first ${row.top.slice(0, 3).join(', ') || '(no file matches)'}`);
    }
    const figure = (value: number) => value.toFixed(2);
    this.log('');
    this.log(`recall@1 ${figure(outcome.recallAt1)}   recall@5 ${figure(outcome.recallAt5)}   MRR ${figure(outcome.mrr)}   (${outcome.questions} questions)`);
    if (outcome.curve) {
      this.log('');
      this.log('compressBelow   tokens saved   gold files kept whole   questions with all gold kept');
      const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
      for (const point of outcome.curve) this.log(`${point.compressBelow.toFixed(2).padStart(13)}   ${pct(point.tokensSaved).padStart(12)}   ${pct(point.goldKept).padStart(21)}   ${pct(point.questionsAllKept).padStart(28)}`);
      this.log('(token counts are Loom\'s estimates, not counted by the API)');
    }
    if (outcome.missing.length > 0) this.logToStderr(`note: ${outcome.missing.length} gold path(s) are not among the scanned files: ${outcome.missing.slice(0, 5).join(', ')}${outcome.missing.length > 5 ? ', …' : ''}`);
  }
}

/** `0.3,0.5,0.7` → [0.3, 0.5, 0.7]; anything else is a one-line error naming the bad part. */
function parseFractions(input: string): number[] {
  return input.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new LoomError('USAGE', `--compress: "${part.trim()}" is not a fraction between 0 and 1`, { hint: 'give comma-separated fractions, e.g. --compress 0.3,0.5,0.7' });
    }
    return value;
  });
}
