import { describe, expect, it } from 'vitest';
import { parseInline, parseWorkflowText } from '../src/parse/index.js';
import type { Problem, ValidationContext } from '../src/types.js';
import { problemLine, validateWorkflow } from '../src/validate/index.js';

const COMMANDS = ['query mega', 'query map', 'query', 'security scan', 'security policy', 'security check', 'session checkpoint', 'hello', 'chain run'];
const allowAll: ValidationContext = { commands: COMMANDS, decideShell: () => ({ allowed: true, reason: 'allowed' }) };

function problemsOf(text: string, context: ValidationContext = allowAll): Problem[] {
  const parsed = parseWorkflowText(text, 'flow.yaml', 'flow.yaml');
  return parsed.source ? validateWorkflow(parsed.source, context) : parsed.problems;
}

describe('workflow files: every bad case is one line with its place', () => {
  it('a YAML syntax error names its line and column', () => {
    const problems = problemsOf('steps:\n  - id: a\n    run: query: map: x\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('CHAIN_YAML_SYNTAX');
    expect(problems[0]?.place).toMatchObject({ file: 'flow.yaml', line: 3, column: 10 });
    expect(problemLine(problems[0] as Problem)).toMatch(/^flow\.yaml:3:10: error\[CHAIN_YAML_SYNTAX\]/);
    expect(problemLine(problems[0] as Problem)).not.toContain('\n');
  });

  it('JSON errors get a line and column too', () => {
    const problems = problemsOf('{\n  "steps": [\n    {"id": "a", "run": "query map"},,\n  ]\n}');
    expect(problems[0]).toMatchObject({ code: 'CHAIN_YAML_SYNTAX', place: { line: 3 } });
  });

  it('an unknown command names the closest ones', () => {
    const problems = problemsOf('steps:\n  - id: scan\n    run: secrity scan .\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'CHAIN_UNKNOWN_COMMAND', place: { line: 3, step: 'scan' } });
    expect(problems[0]?.message).toContain('closest: security scan');
  });

  it('needs and references to steps that do not exist, or do not come first', () => {
    const problems = problemsOf(
      [
        'steps:',
        '  - id: a',
        '    run: query map',
        '  - id: b',
        '    needs: [nope]',
        '    run: query mega ${{ steps.ghost.output.x }}',
        '  - id: c',
        '    if: steps.a.exitCode == 0',
        '    run: query map',
      ].join('\n'),
    );
    const codes = problems.map((problem) => `${problem.code}@${problem.place?.line}`);
    expect(codes).toEqual(['CHAIN_UNKNOWN_STEP@5', 'CHAIN_UNKNOWN_STEP@6', 'CHAIN_NOT_UPSTREAM@8']);
    expect(problems[0]?.message).toContain('"nope"');
    expect(problems[1]?.message).toContain('steps.ghost');
  });

  it('a cycle is reported with its path', () => {
    const problems = problemsOf('steps:\n  - {id: a, run: query map, needs: c}\n  - {id: b, run: query map, needs: a}\n  - {id: c, run: query map, needs: b}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('CHAIN_CYCLE');
    const path = /cycle: (.*)$/.exec(problems[0]?.message ?? '')?.[1]?.split(' -> ');
    expect(path).toHaveLength(4);
    expect(path?.[0]).toBe(path?.[3]);
    expect(new Set(path)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('a shell step the policy forbids is refused; without a policy every shell step is', () => {
    const text = 'steps:\n  - id: wipe\n    shell: sudo rm -rf build\n  - id: ok\n    shell: echo hi\n';
    const policy: ValidationContext = { commands: COMMANDS, decideShell: (command) => (command.startsWith('sudo') ? { allowed: false, reason: '"sudo rm -rf build" matches a denied command' } : { allowed: true, reason: 'allowed' }) };
    const problems = problemsOf(text, policy);
    expect(problems.map((problem) => [problem.code, problem.place?.step])).toEqual([['CHAIN_SHELL_FORBIDDEN', 'wipe']]);
    expect(problems[0]?.message).toContain('matches a denied command');
    expect(problemsOf(text, { commands: COMMANDS }).map((problem) => problem.place?.step)).toEqual(['wipe', 'ok']);
  });

  it('the schema: unknown fields, a step with both run and shell, bad ids', () => {
    const problems = problemsOf('steps:\n  - id: a\n    run: query map\n    shell: ls\n  - id: 9b\n    run: query map\n    retries: 2\n');
    expect(problems.every((problem) => problem.code === 'CHAIN_SCHEMA')).toBe(true);
    const text = problems.map(problemLine).join('\n');
    expect(text).toContain('exactly one of `run`, `shell` or `write`');
    expect(text).toContain('retries');
    expect(text).toContain('steps[1].id');
  });

  it('bad expressions, undeclared inputs, duplicate ids and nested chains', () => {
    const problems = problemsOf('inputs:\n  path: {default: .}\nsteps:\n  - id: a\n    run: query mega ${{ inputs.pth }}\n  - id: a\n    run: chain run x\n  - id: b\n    needs: a\n    if: steps.a.exitCode ==\n    run: query map\n');
    expect(problems.map((problem) => problem.code).sort()).toEqual(['CHAIN_BAD_EXPRESSION', 'CHAIN_DUPLICATE_STEP', 'CHAIN_NESTED', 'CHAIN_UNKNOWN_INPUT']);
  });

  it('a good workflow has no problems, `loom ` prefixes allowed', () => {
    const text = ['inputs:', '  path: {default: .}', 'steps:', '  - id: a', '    run: loom query mega ${{ inputs.path }} --dry-run', '  - id: b', '    needs: a', '    if: ${{ steps.a.output.plan.usd < 2 }}', '    run: hello ${{ steps.a.output.report.root }}'];
    expect(problemsOf(text.join('\n'))).toEqual([]);
  });
});

describe('inline chains', () => {
  it('-> runs after, & runs alongside; quoted words stay whole', () => {
    const { source } = parseInline('security scan . & query map -> session checkpoint "after -> review" -> query map');
    const steps = source?.workflow.steps ?? [];
    expect(steps.map((step) => [step.id, step.run, step.needs])).toEqual([
      ['security-scan', 'security scan .', undefined],
      ['query-map', 'query map', undefined],
      ['session-checkpoint', "session checkpoint 'after -> review'", ['security-scan', 'query-map']],
      ['query-map-2', 'query map', ['session-checkpoint']],
    ]);
    expect(validateWorkflow(source as NonNullable<typeof source>, allowAll)).toEqual([]);
  });

  it('an empty side of an operator is one problem', () => {
    expect(parseInline('query map -> ').problems[0]?.code).toBe('CHAIN_INLINE_SYNTAX');
    expect(parseInline('& query map').problems[0]?.code).toBe('CHAIN_INLINE_SYNTAX');
  });
});
