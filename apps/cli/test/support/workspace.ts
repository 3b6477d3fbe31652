import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, type ExecResult } from './exec.js';
import type { Registry } from './registry.js';

/** The repository root (the pnpm workspace). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface WorkspacePackage {
  name: string;
  version: string;
  path: string;
  private: boolean;
}

/** pnpm itself: the one running this test (`pnpm test` sets npm_execpath), else from PATH. */
function pnpm(args: string[]): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(basename(execPath))) {
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args];
  }
  return ['pnpm', args];
}

export async function workspacePackages(env: NodeJS.ProcessEnv): Promise<WorkspacePackage[]> {
  const [command, args] = pnpm(['ls', '-r', '--depth', '-1', '--json']);
  const { stdout } = await exec(command, args, { cwd: REPO_ROOT, env });
  const listed = JSON.parse(stdout) as Array<{ name?: string; version?: string; path: string; private?: boolean }>;
  return listed
    .filter((pkg) => pkg.path.replace(/\/$/, '') !== REPO_ROOT.replace(/\/$/, ''))
    .map((pkg) => ({ name: pkg.name ?? '', version: pkg.version ?? '', path: pkg.path, private: pkg.private === true }));
}

/**
 * Publishes every non-private workspace package the way a release does. `pnpm release`
 * runs `changeset publish`, which for a pnpm workspace runs `pnpm publish` on each package
 * (rewriting `workspace:` ranges to real versions); `pnpm publish -r` is that same command
 * over the whole workspace. --no-git-checks: the test runs on any branch and dirty tree.
 */
export async function publishWorkspace(registry: Registry, env: NodeJS.ProcessEnv): Promise<ExecResult> {
  const [command, args] = pnpm(['publish', '-r', '--no-git-checks', '--registry', registry.url]);
  return exec(command, args, { cwd: REPO_ROOT, env, timeoutMs: 120_000 });
}
