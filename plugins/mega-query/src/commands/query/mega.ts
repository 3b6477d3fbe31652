import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { CoreTokens, type Kernel } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import type { SecurityConfig } from '@loomkit/plugin-security';
import { formatUsd } from '@loomkit/llm';
import { maxCostFlag } from '@loomkit/llm/flags';
import { FORMATS, formatFor, renderReport, writeReport } from '../../cli/output.js';
import { progressBars } from '../../cli/progress.js';
import { keepEarlyRecord } from '../../early/record.js';
import { reportJson } from '../../report/report-json.js';
import { cacheDirFor } from '../../scan/cache-dir.js';
import type { MegaOutcome } from '../../service.js';
import { MegaQueryToken } from '../../tokens.js';
import { MODES } from '../../types.js';

export default class QueryMega extends LoomCommand {
  static override summary = 'Analyse a whole repository: a static report and cost plan offline, cited findings from Claude online.';
  static override description = `Walks the folder (as git lists it, or gitignore-aware outside git; lockfiles, minified, generated and vendored files skipped), redacts secrets and fences injected instructions in every file, measures tokens (cached by content hash in .loom/cache), maps symbols and imports with tree-sitter, ranks files by import graph, git churn and your question, then packs them into chunks under a token budget — low-ranked files as signatures only.

Without ANTHROPIC_API_KEY, or with --dry-run, you get the static report (languages, largest and most central files, import hubs and cycles, git hotspots, TODOs, masked secrets) and the plan: chunks, calls, tokens and cost with and without prompt caching and batching. Nothing leaves the machine.

With a key, each chunk is analysed by Claude in parallel under the llm limits, every call after the first reading the shared prefix from cache; results are stored per chunk, so a run killed at any point resumes with only what is missing. --batch sends the map stage as a Message Batch at half price (run the same command again to collect it). Every finding cites files and lines that exist; citations that do not are dropped.`;
  static override examples = [
    { description: 'The static report and plan of this repository (offline)', command: '<%= config.bin %> query mega .' },
    { description: 'Security review of src/, capped at 2 dollars', command: '<%= config.bin %> query mega src --mode security --max-cost 2' },
    { description: 'Ask one question of the whole codebase, report as HTML', command: '<%= config.bin %> query mega . "where can user input reach a shell?" --output report.html' },
    { description: 'What would an architecture review cost on Opus, as a batch?', command: '<%= config.bin %> query mega --mode architecture --model claude-opus-4-5 --batch --dry-run' },
    { description: 'Machine-readable', command: '<%= config.bin %> query mega --json | jq .plan.usd' },
  ];
  static override enableJsonFlag = true;
  static override args = {
    path: Args.string({ description: 'Folder to analyse (default: the current one)' }),
    question: Args.string({ description: 'A question to put to the whole codebase (optional)' }),
  };
  static override flags = {
    mode: Flags.string({ char: 'm', options: [...MODES], description: 'What to look for (default: mega-query.mode, codebase)' }),
    model: Flags.string({ description: 'Claude model (default: mega-query.model, else llm.model)' }),
    format: Flags.string({ char: 'f', options: [...FORMATS], description: 'Report format (default: terminal, or from the --output extension)' }),
    output: Flags.string({ char: 'o', aliases: ['out'], description: 'Write the report to this file instead of standard output (--out also works)', helpValue: '<file>' }),
    'dry-run': Flags.boolean({ description: 'Static report and plan only: send nothing to Claude' }),
    batch: Flags.boolean({ description: 'Send the map stage as a Message Batch: half price, minutes to hours; rerun to collect' }),
    'chunk-tokens': Flags.integer({ min: 2000, description: 'Input tokens of file content per call (default: mega-query.chunkTokens, 60000)' }),
    'max-cost': maxCostFlag(),
  };

  async run(): Promise<ReturnType<typeof reportJson>> {
    const { args, flags } = await this.parse(QueryMega);
    // `loom query mega "how is auth done?"`: one argument that is not a folder is the question.
    const [target, question] = args.question === undefined && args.path !== undefined && !existsSync(args.path) && /\s/.test(args.path) ? [undefined, args.path] : [args.path, args.question];
    const kernel = await this.kernel();
    const json = this.jsonEnabled();
    const bars = progressBars(!json && Boolean(process.stderr.isTTY), this.signal);
    let outcome: MegaOutcome;
    try {
      outcome = await kernel.get(MegaQueryToken).mega({
        target,
        question,
        mode: flags.mode as (typeof MODES)[number] | undefined,
        model: flags.model,
        dryRun: flags['dry-run'],
        batch: flags.batch,
        chunkTokens: flags['chunk-tokens'],
        maxCostUsd: flags['max-cost'],
        signal: this.signal,
        onProgress: bars.listener,
      });
    } finally {
      bars.stop();
    }
    // The early answer replays an offline `query mega [path]` (a replay is there only offline) with no other argument, from config files alone.
    const plain = question === undefined && !flags.batch && [flags.mode, flags.model, flags['chunk-tokens'], flags['max-cost']].every((flag) => flag === undefined);
    if (plain && this.configFromFiles) await this.keepForEarlyAnswer(kernel, outcome);
    const input = { report: outcome.report, plan: outcome.plan, analysis: outcome.analysis, verbose: Boolean(flags.verbose) };
    if (!json) {
      const format = formatFor(flags.format as (typeof FORMATS)[number] | undefined, flags.output);
      const text = renderReport(format, input);
      if (flags.output) {
        const path = await writeReport(flags.output, text, process.cwd());
        this.logToStderr(`report written to ${path}`);
      } else {
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
      if (outcome.offline) this.logToStderr(`note: ${outcome.offline}`);
      if (outcome.plan.estimateNote) this.logToStderr(`note: ${outcome.plan.estimateNote}`);
      const stats = outcome.analysis?.stats;
      if (stats) this.logToStderr(`— ${stats.calls} calls, ${stats.chunksFromCache}/${stats.chunks} chunks from earlier runs, ${formatUsd(stats.costUsd)}${stats.batchId ? `, batch ${stats.batchId}` : ''}`);
    }
    const result = reportJson(input);
    await kernel.events.emit('mega-query:report', { root: outcome.root, report: result });
    return result;
  }

  /** What `query mega`'s early answer needs to serve this outcome again (early/record.ts). */
  private async keepForEarlyAnswer(kernel: Kernel, outcome: MegaOutcome): Promise<void> {
    const security = kernel.get(CoreTokens.Config).get('security') as SecurityConfig | undefined;
    if (outcome.replay === undefined || security === undefined) return;
    const place = { cwd: process.cwd(), env: process.env, dirs: { config: this.config.configDir, data: this.config.dataDir, cache: this.config.cacheDir }, version: this.config.version };
    const record = { replay: outcome.replay, policy: security.policy, baseline: resolve(kernel.paths.projectRoot, security.baselineFile) };
    await keepEarlyRecord(cacheDirFor(outcome.root, kernel.paths.cacheDir), place, record);
  }
}
