import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { runSummary } from '../../cli/format.js';
import { ChainToken } from '../../tokens.js';

interface RunRow {
  id: string;
  workflow: string;
  status: string;
  steps: string;
  updatedAt: string;
}

export default class ChainRuns extends LoomCommand {
  static override summary = 'List the chain runs of this project, newest first.';
  static override description = 'Runs are kept under .loom/chains/runs/<id>/run.json. An unfinished one (failed, cancelled, or left running by a crash) can be finished with `loom chain resume <id>`.';
  static override examples = ['<%= config.bin %> chain runs', '<%= config.bin %> chain runs --json | jq \'.[] | select(.status != "succeeded") | .id\''];
  static override enableJsonFlag = true;

  async run(): Promise<RunRow[]> {
    await this.parse(ChainRuns);
    const runs = await (await this.kernel()).get(ChainToken).runs();
    const rows = runs.map((run) => ({ id: run.id, workflow: run.workflow.name ?? run.source, status: run.status, steps: runSummary(run).counts, updatedAt: run.updatedAt }));
    if (rows.length === 0) this.log('no chain runs in this project yet; start one: loom chain run review');
    else this.log(renderTable(['run', 'workflow', 'status', 'steps', 'updated'], rows.map((row) => [row.id, row.workflow, row.status, row.steps, row.updatedAt])));
    return rows;
  }
}
