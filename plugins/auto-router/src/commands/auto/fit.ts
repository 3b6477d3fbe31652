import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { oclifEnvironment } from '../../environment.js';
import { readRequests, tuneThresholds, type LabelledRequest } from '../../evaluate/index.js';
import { loadRouter } from '../../service.js';
import { readDecisions, thresholdsPath, writeJsonAtomic } from '../../store.js';
import type { Thresholds } from '../../types.js';

export default class AutoFit extends LoomCommand {
  static override summary = "Tune the router's thresholds on your own labelled requests.";
  static override description = `FILE has one JSON object a line: {"text": "…", "command": "session export"} (or a list of ids, or "none"). The requests Claude decided in the unsure band are added as examples too. The thresholds are stored in the user data dir (auto-router/thresholds.json) and used by every later \`loom auto\`; delete that file to go back to the defaults.`;
  static override examples = ['<%= config.bin %> auto fit my-requests.jsonl'];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ description: 'A .jsonl file of {"text", "command"} rows.', required: true }) };

  async run(): Promise<{ thresholds: Thresholds; examples: number; top1: { before: number; after: number }; file: string }> {
    const { args } = await this.parse(AutoFit);
    const environment = oclifEnvironment(this.config);
    const claude: LabelledRequest[] = Object.entries(readDecisions(environment.dataDir)).map(([text, { command }]) => ({ text, expected: [command] }));
    const requests = [...readRequests(args.file), ...claude];
    const { router } = await loadRouter(environment);
    const { thresholds, before, after } = tuneThresholds(router, requests, { cwd: process.cwd() });
    const file = thresholdsPath(environment.dataDir);
    writeJsonAtomic(file, thresholds);
    this.log(`${requests.length} examples (${claude.length} decided by Claude) · top-1 ${pct(before.top1)} → ${pct(after.top1)}`);
    this.log(`thresholds: run ≥ ${thresholds.run}, confirm ≥ ${thresholds.confirm}, choose ≥ ${thresholds.choose} (below: none) · saved to ${file}`);
    return { thresholds, examples: requests.length, top1: { before: before.top1, after: after.top1 }, file };
  }
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
