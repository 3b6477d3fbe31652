import { Args, Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { ChainRunCommand, inputFlag } from '../../cli/run-command.js';
import type { RunSummary } from '../../cli/format.js';

export default class ChainRun extends ChainRunCommand {
  static override summary = 'Run a workflow file or a named workflow, with a live view of its steps.';
  static override description = `WORKFLOW is a path (YAML or JSON) or a name: a file under .loom/chains/ (chain.dirs), else a built-in (\`loom chain list\`). It is checked whole before any step starts.

Steps whose needs are met run side by side, up to the workflow's \`parallel\` (chain.parallel, 4). Each \`run:\` step is a Loom command run in this process; its --json data is the step's output, which later steps read as \${{ steps.<id>.output.… }} and in \`if:\`. The run's state is written after every change of a step: after a crash, Ctrl-C or a failure, \`loom chain resume <run>\` runs only what did not finish.`;
  static override examples = [
    { description: 'The built-in review: static mega report, secret scan, one Markdown summary', command: '<%= config.bin %> chain run review' },
    { description: 'A project workflow with an input', command: '<%= config.bin %> chain run .loom/chains/release.yaml --input version=1.4.0' },
    { description: 'Again from one step, reusing the earlier steps\' outputs of the last run', command: '<%= config.bin %> chain run onboard --from export' },
    { description: 'Capped at 3 dollars for the whole run, JSON summary', command: '<%= config.bin %> chain run review --max-cost 3 --json' },
    { description: 'Commands chained inline, as `loom chain "…"` takes them', command: '<%= config.bin %> chain run "query map -> security scan ."' },
  ];
  static override args = {
    workflow: Args.string({ description: 'A workflow file, a workflow name, or commands joined by -> and &', required: true }),
  };
  static override flags = {
    ...ChainRunCommand.runFlags,
    input: inputFlag,
    from: Flags.string({ description: 'Run this step and what follows it; earlier steps keep their outputs from the latest run' }),
  };

  async run(): Promise<RunSummary> {
    const { args, flags } = await this.parse(ChainRun);
    const service = await this.chainService();
    // `loom auto` sends "this, then that" here: an inline chain is the same run without a file.
    const source = isInline(args.workflow) ? await service.inline(args.workflow) : await service.load(args.workflow, process.cwd());
    const run = await service.create(source, { commands: this.commands(), inputs: parseInputs(flags.input ?? []), from: flags.from, maxCostUsd: flags['max-cost'] });
    return this.execute(service, run, flags);
  }
}

/** A chain's operators stand apart as words; no workflow file or name holds them that way. */
const isInline = (workflow: string) => /(^|\s)(->|&)(\s|$)/.test(workflow);

function parseInputs(pairs: string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new LoomError('USAGE', `--input ${pair}: expected name=value`, { hint: 'e.g. --input path=src', exitCode: 2 });
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return inputs;
}
