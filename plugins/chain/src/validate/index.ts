import { split } from 'shlex';
import { parseExpression, references, templateExpressions } from '../execute/expressions.js';
import { findCycle, needsOf, upstreamOf } from '../plan/graph.js';
import type { Step } from '../schema.js';
import type { Place, Problem, ValidationContext, WorkflowSource } from '../types.js';
import { closestCommands, matchCommand } from './commands.js';

export { closestCommands, matchCommand } from './commands.js';

/** Chains inside a step would nest runs and their state: not supported. */
const NESTED = /^chain( |$)/;

/** An `if:` as an expression: `${{ … }}` around it is allowed. */
export function conditionText(condition: string | boolean): string {
  if (typeof condition === 'boolean') return String(condition);
  const whole = /^\s*\$\{\{\s*([\s\S]*?)\s*\}\}\s*$/.exec(condition);
  return whole ? (whole[1] ?? '') : condition;
}

/**
 * Every problem of a parsed workflow at once, each placed at its step's line: duplicate
 * ids, needs and references to steps that do not exist (or do not come before), cycles,
 * commands that do not exist (with the closest names), bad expressions, and shell steps
 * the security policy forbids. Pure: the world comes in `context`.
 */
export function validateWorkflow(source: WorkflowSource, context: ValidationContext): Problem[] {
  const { workflow } = source;
  const problems: Problem[] = [];
  const ids = new Set<string>();
  const declaredInputs = new Set(Object.keys(workflow.inputs ?? {}));
  workflow.steps.forEach((step, index) => {
    const place = (key?: string): Place => ({ ...source.locate(key ? ['steps', index, key] : ['steps', index]), step: step.id });
    const add = (code: string, message: string, hint: string, key?: string) => problems.push({ code, message: `step "${step.id}": ${message}`, hint, place: place(key) });
    if (ids.has(step.id)) add('CHAIN_DUPLICATE_STEP', `the id "${step.id}" is used twice`, 'give every step its own id', 'id');
    ids.add(step.id);
    for (const need of needsOf(step)) {
      if (!workflow.steps.some((other) => other.id === need)) add('CHAIN_UNKNOWN_STEP', `needs "${need}", which is not a step`, `steps are: ${workflow.steps.map((s) => s.id).join(', ')}`, 'needs');
      if (need === step.id) add('CHAIN_CYCLE', `needs itself (${step.id} -> ${step.id})`, 'remove it from its own needs', 'needs');
    }
    if (step.run !== undefined) checkCommand(step, context, add);
    if (step.shell !== undefined) checkShell(step, context, add);
    const upstream = upstreamOf(workflow, step.id);
    for (const [key, text] of expressionsOf(step)) {
      for (const expression of text) {
        const { ast, error } = parseExpression(expression);
        if (!ast) {
          add('CHAIN_BAD_EXPRESSION', `cannot read "${expression}": ${error}`, 'expressions use values, properties (steps.x.output.y), comparisons and && || !', key);
          continue;
        }
        const found = references(ast);
        for (const name of found.steps) {
          if (!workflow.steps.some((other) => other.id === name)) add('CHAIN_UNKNOWN_STEP', `refers to steps.${name}, which is not a step`, `steps are: ${workflow.steps.map((s) => s.id).join(', ')}`, key);
          else if (!upstream.has(name)) add('CHAIN_NOT_UPSTREAM', `refers to steps.${name}, which it does not wait for`, `add "${name}" to the needs of "${step.id}"`, key);
        }
        for (const name of found.inputs) {
          if (!declaredInputs.has(name)) add('CHAIN_UNKNOWN_INPUT', `refers to inputs.${name}, which the workflow does not declare`, `declare it under inputs: (${[...declaredInputs].join(', ') || 'none yet'})`, key);
        }
      }
    }
  });
  const cycle = findCycle(workflow);
  if (cycle && cycle.length > 2) {
    const index = workflow.steps.findIndex((step) => step.id === cycle[0]);
    problems.push({ code: 'CHAIN_CYCLE', message: `the steps wait for each other in a cycle: ${cycle.join(' -> ')}`, hint: 'remove one of these needs', place: { ...source.locate(['steps', index, 'needs']), step: cycle[0] } });
  }
  return problems;
}

type Add = (code: string, message: string, hint: string, key?: string) => void;

function checkCommand(step: Step, context: ValidationContext, add: Add): void {
  let words: string[];
  try {
    words = split(step.run ?? '');
  } catch (error) {
    add('CHAIN_RUN_SYNTAX', `cannot split "${step.run}" into words: ${(error as Error).message}`, 'close every quote', 'run');
    return;
  }
  if (words[0] === 'loom') words = words.slice(1);
  const match = matchCommand(words, context.commands);
  if (!match) {
    const near = closestCommands(words, context.commands);
    add('CHAIN_UNKNOWN_COMMAND', `"${words.slice(0, 2).join(' ')}" is not a Loom command${near.length > 0 ? ` (closest: ${near.join(', ')})` : ''}`, 'run `loom --help` to list the commands; a plugin\'s commands need it installed', 'run');
  } else if (NESTED.test(match.id)) {
    add('CHAIN_NESTED', `runs "${match.id}" inside a chain`, 'put the other workflow\'s steps in this one', 'run');
  }
}

function checkShell(step: Step, context: ValidationContext, add: Add): void {
  if (!context.decideShell) {
    add('CHAIN_SHELL_FORBIDDEN', 'is a shell step, but no security policy is installed to allow it', 'install @loomkit/plugin-security, or use a `run:` step', 'shell');
    return;
  }
  // References are filled (shell-quoted) and checked again at run time; here each stands as one plain word.
  const decision = context.decideShell((step.shell ?? '').replace(/\$\{\{[^}]*\}\}/g, 'REF'));
  if (!decision.allowed) add('CHAIN_SHELL_FORBIDDEN', `the security policy forbids this shell command: ${decision.reason}`, 'see `loom security policy`; change security.policy.allowCommands/denyCommands', 'shell');
}

/** Every place an expression hides: `if:`, and `${{ … }}` in run, shell and with. */
function expressionsOf(step: Step): Array<[string, string[]]> {
  const texts: Array<[string, string[]]> = [];
  if (step.if !== undefined) texts.push(['if', [conditionText(step.if)]]);
  if (step.run !== undefined) texts.push(['run', templateExpressions(step.run)]);
  if (step.shell !== undefined) texts.push(['shell', templateExpressions(step.shell)]);
  if (step.write !== undefined) texts.push(['write', [...templateExpressions(step.write.path), ...templateExpressions(step.write.content)]]);
  for (const value of Object.values(step.with ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') texts.push(['with', templateExpressions(item)]);
  }
  return texts;
}

/** One line per problem: `file:line:col: error[CODE] message (hint)`. */
export function problemLine(problem: Problem): string {
  const place = problem.place;
  const where = place?.file ? `${place.file}${place.line ? `:${place.line}:${place.column ?? 1}` : ''}: ` : '';
  return `${where}error[${problem.code}] ${problem.message}${problem.hint ? ` — hint: ${problem.hint}` : ''}`;
}
