import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { progressBars } from '../../cli/progress.js';
import type { RepoMapOutcome } from '../../service.js';
import { MegaQueryToken } from '../../tokens.js';

export default class QueryMap extends LoomCommand {
  static override summary = 'Print the repo map: the best-ranked files and their signatures, within a token budget.';
  static override description = `Files ranked by the import graph (PageRank) and git churn — or by a topic with --focus — each followed by its classes, functions, methods and types as one-line signatures (tree-sitter: TypeScript, JavaScript, Python, Go, Rust, Java). As many files as fit in --tokens. Made for pasting into any chat with a model; nothing is sent anywhere.`;
  static override examples = [
    '<%= config.bin %> query map',
    '<%= config.bin %> query map packages/kernel --tokens 2000',
    '<%= config.bin %> query map --focus "rate limiting" | pbcopy',
  ];
  static override enableJsonFlag = true;
  static override args = { path: Args.string({ description: 'Folder to map (default: the current one)' }) };
  static override flags = {
    tokens: Flags.integer({ char: 't', min: 1, description: 'Token budget of the map (default: mega-query.mapTokens, 4096)' }),
    focus: Flags.string({ description: 'Rank files for this topic first' }),
  };

  async run(): Promise<RepoMapOutcome> {
    const { args, flags } = await this.parse(QueryMap);
    const kernel = await this.kernel();
    const json = this.jsonEnabled();
    const bars = progressBars(!json && Boolean(process.stderr.isTTY), this.signal);
    let outcome: RepoMapOutcome;
    try {
      outcome = await kernel.get(MegaQueryToken).repoMap({ target: args.path, tokens: flags.tokens, focus: flags.focus, signal: this.signal, onProgress: bars.listener });
    } finally {
      bars.stop();
    }
    if (!json) {
      process.stdout.write(outcome.text.endsWith('\n') ? outcome.text : `${outcome.text}\n`);
      this.logToStderr(`— ${outcome.files} of ${outcome.totalFiles} files, ~${outcome.tokens} tokens (estimated)`);
    }
    return outcome;
  }
}
