import { Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { maxCostFlag } from '@loomkit/llm/flags';
import { progressBars } from '../../cli/progress.js';
import type { AskOutcome } from '../../service.js';
import type { RankReasons } from '../../types.js';
import { MegaQueryToken } from '../../tokens.js';

export default class Query extends LoomCommand {
  static override summary = 'Answer a question from the repository\'s most relevant files, citing them.';
  static override description = `Ranks every file for the question (path, symbols, import graph, git churn), packs the best into one call to Claude under a token budget (secrets redacted, injected text fenced) and prints one answer that cites files and lines.

Offline (no ANTHROPIC_API_KEY, or --dry-run) it prints the ranked files with the lines that match the question — a search that knows the code's structure.

Put the question first, in quotes; paths after it narrow the files drawn from. For the whole repository at once, see \`loom query mega\`; for the map alone, \`loom query map\`.`;
  static override examples = [
    '<%= config.bin %> query "where is the retry backoff computed?"',
    '<%= config.bin %> query "how are plugins discovered?" packages/kernel',
    '<%= config.bin %> query "which files read the config?" --dry-run',
    '<%= config.bin %> query "what does doctor check?" --json | jq .answer.text',
  ];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = {};
  static override flags = {
    model: Flags.string({ description: 'Claude model (default: mega-query.model, else llm.model)' }),
    tokens: Flags.integer({ min: 1000, description: 'Tokens of file content the answer may draw on (default: mega-query.chunkTokens)' }),
    'dry-run': Flags.boolean({ description: 'Rank and show matching lines only: send nothing to Claude' }),
    'max-cost': maxCostFlag(),
  };

  async run(): Promise<AskOutcome> {
    const { argv, flags } = await this.parse(Query);
    const [question, ...paths] = argv as string[];
    if (!question?.trim()) throw new LoomError('USAGE', 'nothing to ask', { hint: 'loom query "where is the retry backoff computed?" [paths…]', exitCode: 2 });
    const kernel = await this.kernel();
    const json = this.jsonEnabled();
    const bars = progressBars(!json && Boolean(process.stderr.isTTY), this.signal);
    let outcome: AskOutcome;
    try {
      outcome = await kernel.get(MegaQueryToken).ask({ question, paths, model: flags.model, tokens: flags.tokens, dryRun: flags['dry-run'], maxCostUsd: flags['max-cost'], signal: this.signal, onProgress: bars.listener });
    } finally {
      bars.stop();
    }
    if (!json) this.print(outcome);
    return outcome;
  }

  private print(outcome: AskOutcome): void {
    if (outcome.answer) {
      this.log(outcome.answer.text.trimEnd());
      if (outcome.answer.citations.length > 0) {
        this.log('');
        for (const citation of outcome.answer.citations) this.log(`  ${citation.file}:${citation.startLine}-${citation.endLine}`);
      }
      this.logToStderr(`— ${outcome.answer.model}, ${formatUsd(outcome.answer.costUsd)}`);
      return;
    }
    if (outcome.ranked.length === 0) {
      this.log('no file matches the question');
    } else {
      for (const match of outcome.ranked) {
        this.log(`${match.path}  (score ${match.score.toFixed(2)}, ~${match.tokens} tokens, estimated)`);
        if (match.why) this.log(`  why: ${reasons(match.why)}`);
        for (const line of match.lines) this.log(`  ${String(line.line).padStart(5)}| ${line.text.trim().slice(0, 160)}`);
      }
    }
    if (outcome.offline) this.logToStderr(`note: ${outcome.offline}`);
  }
}

/** One line saying what a ranked file matched: `symbols res.redirect · path response · text location, header · 'x-powered-by' · implementation`. */
function reasons(why: RankReasons): string {
  const parts: string[] = [];
  if (why.symbols.length > 0) parts.push(`symbols ${why.symbols.join(', ')}`);
  if (why.path.length > 0) parts.push(`path ${why.path.join(', ')}`);
  if (why.content.length > 0) parts.push(`text ${why.content.join(', ')}`);
  if (why.phrases.length > 0) parts.push(`phrases ${why.phrases.join(', ')}`);
  parts.push(why.role);
  return parts.join(' · ');
}
