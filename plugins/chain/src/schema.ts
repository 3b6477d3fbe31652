import { z } from 'zod';

/** The `chain` section of loom.config.json. */
export const chainConfigSchema = z.strictObject({
  parallel: z.number().int().min(1).max(64).default(4).describe('Most steps of one run that run at the same time'),
  dirs: z.array(z.string()).default(['.loom/chains']).describe('Folders (relative to the project root) searched for workflows by name'),
});

export type ChainConfig = z.output<typeof chainConfigSchema>;

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const DURATION = /^\d+(\.\d+)?(ms|s|m|h)$/;

const duration = z.union([z.number().int().positive(), z.string().regex(DURATION, 'a duration such as 500ms, 30s, 5m or 1h')]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const stepSchema = z
  .strictObject({
    id: z.string().regex(STEP_ID, 'letters, digits, _ and -, starting with a letter or _').describe('Unique name of the step; others refer to it as steps.<id>'),
    name: z.string().optional().describe('A human label shown in the live view'),
    run: z.string().min(1).optional().describe('A Loom command line without `loom`, e.g. "query mega . --dry-run"; its --json data is the step\'s output'),
    shell: z.string().min(1).optional().describe('A shell command; runs only if security.policy allows it'),
    write: z
      .strictObject({
        path: z.string().min(1).describe('A file inside the project (references allowed)'),
        content: z.string().describe('Text with ${{ … }} references to inputs and earlier outputs; lists print as Markdown lists'),
      })
      .optional()
      .describe('Write a file from earlier results, e.g. a Markdown summary'),
    needs: z.union([z.string(), z.array(z.string())]).optional().describe('Steps that must finish first'),
    if: z.union([z.string(), z.boolean()]).optional().describe('Run only when true, e.g. steps.scan.exitCode == 0 && steps.mega.output.plan.usd < 2'),
    with: z.record(z.string(), z.union([scalar, z.array(scalar)])).optional().describe('Flags passed to the command: {mode: security} becomes --mode security'),
    retry: z
      .strictObject({
        times: z.number().int().min(0).max(20).describe('Extra attempts after a failure'),
        backoff: duration.optional().describe('Wait before the first retry, doubled each time (default 1s)'),
      })
      .optional(),
    timeout: duration.optional().describe('Fail an attempt that takes longer, e.g. 10m'),
    'continue-on-error': z.boolean().optional().describe('A failure of this step does not fail the run'),
    checkpoint: z
      .union([z.boolean(), z.strictObject({ 'restore-on-failure': z.boolean().default(false) })])
      .optional()
      .describe('Take a session checkpoint before the step; with restore-on-failure, put the work tree back if it fails'),
  })
  .refine((step) => [step.run, step.shell, step.write].filter((kind) => kind !== undefined).length === 1, { message: 'a step has exactly one of `run`, `shell` or `write`' });

export const inputSchema = z.strictObject({
  description: z.string().optional(),
  default: scalar.optional(),
  required: z.boolean().optional(),
});

export const workflowSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional().describe('The workflow\'s name (default: its file name)'),
  description: z.string().optional(),
  inputs: z.record(z.string(), inputSchema).optional().describe('Values given with --input k=v, used as ${{ inputs.k }}'),
  parallel: z.number().int().min(1).max(64).optional().describe('Most steps at once (default: chain.parallel)'),
  steps: z.array(stepSchema).min(1, 'a workflow has at least one step'),
});

export type Step = z.output<typeof stepSchema>;
export type Workflow = z.output<typeof workflowSchema>;

export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_STATE_VERSION = 1;

export const stepStateSchema = z.object({
  status: z.enum(STEP_STATUSES),
  attempts: z.number().int(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  exitCode: z.number().int().optional(),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
  checkpoint: z.string().optional(),
});

export const runStateSchema = z.object({
  v: z.literal(RUN_STATE_VERSION),
  id: z.string(),
  workflow: workflowSchema,
  source: z.string().describe('The file, built-in name or inline text the run came from'),
  inputs: z.record(z.string(), scalar),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  createdAt: z.string(),
  updatedAt: z.string(),
  spentUsd: z.number().default(0),
  maxCostUsd: z.number().optional(),
  steps: z.record(z.string(), stepStateSchema),
});

export type StepState = z.output<typeof stepStateSchema>;
export type RunState = z.output<typeof runStateSchema>;
export type RunStatus = RunState['status'];
