import { Args, Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { maxCostFlag } from '@loomkit/llm/flags';
import { nextStep, onlyReads } from '../../act.js';
import { oclifEnvironment } from '../../environment.js';
import { decisionJson, renderDecision } from '../../render.js';
import { loadRouter } from '../../service.js';
import { readThresholds } from '../../store.js';
import type { Decision } from '../../types.js';

export default class Auto extends LoomCommand {
  static override summary = 'Say what you want in plain words: Loom picks the command, fills its arguments and runs it.';
  static override description = `A local model, fitted from every installed plugin's routes (cached, refitted after an install or upgrade), picks the command and fills its arguments. It shows the command line, its confidence and the words that decided it, then:

  run      confident: runs at once with --yes, or when the command only reads; asks y/N otherwise
  confirm  likely: asks y/N (runs with --yes)
  choose   unsure: offers the top 3 on a terminal
  none     nothing installed fits: says so and shows the closest commands

Without a terminal nothing runs without --yes. In the unsure bands, with ANTHROPIC_API_KEY set, one small call to Claude decides (cached by request text).`;
  static override examples = [
    '<%= config.bin %> auto "export the auth-fix session as markdown"',
    '<%= config.bin %> auto "where is the retry logic" --dry-run --json',
    '<%= config.bin %> auto "scan src for leaked keys" --yes',
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = { request: Args.string({ description: 'What you want, in plain words (quotes optional).', required: true }) };
  static override flags = {
    'dry-run': Flags.boolean({ description: 'Print the decision; run nothing.' }),
    yes: Flags.boolean({ char: 'y', description: 'Run the chosen command without asking (needed without a terminal).' }),
    'max-cost': maxCostFlag(),
    fallback: Flags.string({ description: 'Run this command with the text unless the router is confident (the shell uses `ask`).', hidden: true }),
  };

  async run(): Promise<ReturnType<typeof decisionJson> | undefined> {
    const { flags, argv } = await this.parse(Auto);
    const text = (argv as string[]).join(' ').trim();
    const environment = oclifEnvironment(this.config);
    const { router, problems } = await loadRouter(environment);
    for (const problem of problems) this.warn(`${problem.message} (${problem.hint ?? ''})`);
    const options = { cwd: process.cwd(), thresholds: readThresholds(environment.dataDir) };
    let decision = router.route(text, options);
    if ((decision.band === 'confirm' || decision.band === 'choose') && process.env.ANTHROPIC_API_KEY && !flags.fallback) {
      decision = await this.askClaude(router, decision, options, environment.dataDir, flags['max-cost']);
    }
    const shown = renderDecision(this.config.bin, decision, router.data.routes);
    if (flags['dry-run']) {
      if (!this.jsonEnabled()) this.log(shown);
      return decisionJson(decision);
    }
    const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !this.jsonEnabled();
    const route = router.data.routes.find((entry) => entry.command === decision.command);
    let step = nextStep(decision, { bin: this.config.bin, terminal, yes: flags.yes, reads: onlyReads(route), fallback: flags.fallback });
    if (step.kind !== 'fallback') this.logToStderr(shown);
    if (step.kind === 'refuse') throw step.error;
    if (step.kind === 'fallback') return void (await this.config.runCommand(step.command.split(' ').join(':'), [text]));
    if (step.kind === 'choose') {
      const { default: select } = await import('@inquirer/select');
      const picked = await select({
        message: 'Which command did you mean?',
        choices: [decision.command, ...decision.alternatives.map((entry) => entry.command)].slice(0, 3).map((command) => ({ name: command, value: command })).concat([{ name: 'none of these', value: '' }]),
      }, { signal: this.signal });
      if (!picked) throw new LoomError('CANCELLED', 'nothing run', { hint: `\`${this.config.bin} --help\` lists every command`, exitCode: 130 });
      decision = router.redirect(decision, picked, 'confirm', options);
      step = decision.missing.length > 0 ? { kind: 'ask-arguments' } : { kind: 'run' };
    }
    if (step.kind === 'ask-arguments') decision = await this.askArguments(decision, router);
    if (step.kind === 'confirm') {
      const { default: confirm } = await import('@inquirer/confirm');
      const ok = await confirm({ message: `Run \`${this.config.bin} ${decision.command} ${decision.argv.join(' ')}\`?`.replace(/ `?$/, '`?'), default: false }, { signal: this.signal }).catch(() => false);
      if (!ok) throw new LoomError('CANCELLED', 'nothing run', { hint: 'rephrase the request, or run the command yourself', exitCode: 130 });
    }
    // With --json the chosen command prints its own JSON, when it has any.
    const json = this.jsonEnabled() && router.data.specs[decision.command]?.flags.some((flag) => flag.name === 'json');
    await this.config.runCommand(decision.command.split(' ').join(':'), json ? [...decision.argv, '--json'] : decision.argv);
    return undefined;
  }

  /** In the unsure band with a key set: Claude picks among the candidates, or says none. */
  private async askClaude(router: Awaited<ReturnType<typeof loadRouter>>['router'], decision: Decision, options: { cwd: string }, dataDir: string, maxCostUsd: number | undefined): Promise<Decision> {
    const { LlmToken } = await import('@loomkit/llm');
    const { askClaude } = await import('../../fallback/index.js');
    const kernel = await this.kernel();
    const llm = kernel.getOptional(LlmToken);
    if (!llm?.available) return decision;
    const ids = [decision.command, ...decision.alternatives.map((entry) => entry.command)];
    const candidates = router.data.routes.filter((route) => ids.includes(route.command));
    try {
      const command = await askClaude(llm, decision.text, candidates, { dataDir, maxCostUsd, signal: this.signal });
      return { ...router.redirect(decision, command, command === 'none' ? 'none' : 'confirm', options), decidedBy: 'claude' };
    } catch (error) {
      // Claude is a help, not a need: a refused or failed call leaves the model's answer.
      this.warn(`Claude could not decide: ${(error as Error).message}`);
      return decision;
    }
  }

  /** Asks for each required argument the request left out (only ever on a terminal). */
  private async askArguments(decision: Decision, router: Awaited<ReturnType<typeof loadRouter>>['router']): Promise<Decision> {
    const { default: input } = await import('@inquirer/input');
    const { effectiveSpec, toArgv } = await import('../../extract/index.js');
    const route = router.data.routes.find((entry) => entry.command === decision.command)!;
    const args = { ...decision.args };
    for (const missing of decision.missing) {
      args[missing.name] = await input({ message: `${missing.name} (${missing.description}):`, required: true }, { signal: this.signal });
    }
    return { ...decision, args, argv: toArgv(args, effectiveSpec(route, router.data.specs[decision.command] ?? { args: [], flags: [] })), missing: [] };
  }
}
