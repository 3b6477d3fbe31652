import { Args } from '@oclif/core';
import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { oclifEnvironment } from '../../environment.js';
import { evaluate, readRequests, type Evaluation } from '../../evaluate/index.js';
import { loadRouter } from '../../service.js';
import { readThresholds } from '../../store.js';

export default class AutoEval extends LoomCommand {
  static override summary = 'Measure the router on labelled requests: top-1, none recall and precision, confusions.';
  static override description = 'FILE has one JSON object a line: {"text": "…", "command": "session export"}; command may be a list of acceptable ids, or "none" for a request no installed command should take. With --json every row is listed with what the router predicted.';
  static override examples = ['<%= config.bin %> auto eval requests.jsonl', '<%= config.bin %> auto eval requests.jsonl --json'];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ description: 'A .jsonl file of {"text", "command"} rows.', required: true }) };

  async run(): Promise<Evaluation> {
    const { args } = await this.parse(AutoEval);
    const requests = readRequests(args.file);
    const environment = oclifEnvironment(this.config);
    const { router, problems } = await loadRouter(environment);
    for (const problem of problems) this.warn(problem.message);
    const result = evaluate(router, requests, { cwd: process.cwd(), thresholds: readThresholds(environment.dataDir) });
    const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
    this.log(`${result.rows} requests · top-1 ${percent(result.top1)} · none recall ${percent(result.none.recall)} · none precision ${percent(result.none.precision)} · real requests sent to none ${percent(result.realToNone)}`);
    const confusions = Object.entries(result.confusion).flatMap(([expected, predicted]) => Object.entries(predicted).map(([command, count]) => [expected, command, String(count)]));
    if (confusions.length > 0) this.log(renderTable(['expected', 'predicted', 'count'], confusions.sort((a, b) => Number(b[2]) - Number(a[2]))));
    return result;
  }
}

