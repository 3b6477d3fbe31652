/**
 * What the CLI gives a bundled plugin's early answer (the CLI's package.json `earlyAnswers`):
 * the module's `answer(argv, ctx)` runs before oclif and the kernel load, and returns true
 * only when it wrote the whole answer; false lets the ordinary command run.
 */
export interface EarlyContext {
  /** The CLI's package folder, for its package.json and its plugins' manifests. */
  cliRoot: URL;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The CLI's config, data and cache folders, as oclif's Config would give them. */
  dirs: { config: string; data: string; cache: string };
}

export type EarlyAnswer = (argv: string[], ctx: EarlyContext) => boolean | Promise<boolean>;
