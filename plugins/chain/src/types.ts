import type { LoomErrorJson } from '@loomkit/kernel';
import type { Workflow } from './schema.js';

/** Where a problem is: a file position and/or a step. */
export interface Place {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  step?: string | undefined;
}

/** One thing wrong with a workflow; every stage reports all of them at once, as values. */
export interface Problem {
  code: string;
  message: string;
  hint?: string | undefined;
  place?: Place | undefined;
}

/** A workflow as parsed, with a way back from a path in it to its line and column. */
export interface WorkflowSource {
  /** The file, the built-in's name, or `inline`. */
  origin: string;
  /** Shown in messages: the file path relative to the cwd, `review (built-in)`, `inline`. */
  label: string;
  workflow: Workflow;
  locate(path: ReadonlyArray<string | number>): Place;
}

/** What `validate` needs to know of the world: the commands there are and the shell policy. */
export interface ValidationContext {
  /** Command ids with spaces, e.g. `query mega`, aliases included. */
  commands: readonly string[];
  /** Undefined when the security plugin is not there: every shell step is refused. */
  decideShell?: ((command: string) => { allowed: boolean; reason: string }) | undefined;
}

/** The outcome of one attempt of a step. */
export interface StepResult {
  exitCode: number;
  output?: unknown;
  error?: LoomErrorJson | undefined;
}

/** Runs one step's command line in this process; `words` are the command and its arguments. */
export interface CommandRunner {
  run(words: string[], signal: AbortSignal): Promise<StepResult>;
}

/** Runs a `shell:` step. */
export type ShellRunner = (command: string, signal: AbortSignal) => Promise<StepResult>;

/** What the live view hears about. */
export type RunEvent =
  | { type: 'step'; step: string; status: 'running' | 'succeeded' | 'failed' | 'skipped' | 'retrying'; attempt: number; detail?: string | undefined }
  | { type: 'done'; status: string };
