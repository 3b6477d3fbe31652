import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRunner, createTempProject, isolatedUserEnv, userEnv, type CliRunOptions, type TempProject } from '@loomkit/testkit';
import type { RunState } from '../src/schema.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
export const BIN = join(REPO_ROOT, 'apps/cli/bin/run.js');
const cli = createCliRunner(BIN);

export function requireBuild(): void {
  for (const file of ['apps/cli/dist/main.js', 'plugins/chain/dist/index.js', 'plugins/chain/oclif.manifest.json']) {
    if (!existsSync(join(REPO_ROOT, file))) throw new Error(`${file} is missing: run \`pnpm build\` first`);
  }
}

export interface Project {
  root: string;
  env: NodeJS.ProcessEnv;
  loom(args: string[], options?: CliRunOptions): ReturnType<typeof cli>;
  /** Starts `loom …` in its own process group, so a kill takes its shell children too. */
  spawnLoom(args: string[]): ChildProcess;
  write(path: string, text: string): void;
  runs(): RunState[];
  remove(): void;
}

/** A temp git project with isolated user folders, and the built CLI run in it. */
export async function createProject(files: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<Project> {
  const temp: TempProject = await createTempProject({ git: true, files: { 'loom.config.json': '{}\n', '.gitignore': '.loom/\n', ...files } });
  const user = join(temp.root, '..', `${temp.root.split('/').at(-1)}-user`);
  const fullEnv: NodeJS.ProcessEnv = { ...isolatedUserEnv(user), ...env };
  const runsDir = join(temp.root, '.loom/chains/runs');
  return {
    root: temp.root,
    env: fullEnv,
    loom: (args, options = {}) => cli(args, { cwd: temp.root, ...options, env: { ...fullEnv, ...options.env } }),
    spawnLoom: (args) => spawn(process.execPath, [BIN, ...args], { cwd: temp.root, env: { ...userEnv(), NO_COLOR: '1', ...fullEnv }, stdio: 'ignore', detached: true }),
    write(path, text) {
      mkdirSync(dirname(join(temp.root, path)), { recursive: true });
      writeFileSync(join(temp.root, path), text);
    },
    runs: () =>
      existsSync(runsDir)
        ? readdirSync(runsDir).flatMap((id) => {
            try {
              return [JSON.parse(readFileSync(join(runsDir, id, 'run.json'), 'utf8')) as RunState];
            } catch {
              return [];
            }
          })
        : [],
    remove: () => temp.remove(),
  };
}

/** Projects made by a test file, all removed after it. */
export function projectPool() {
  const made: Project[] = [];
  return {
    async project(...args: Parameters<typeof createProject>): Promise<Project> {
      const created = await createProject(...args);
      made.push(created);
      return created;
    },
    removeAll: () => made.forEach((created) => created.remove()),
  };
}

/** Polls until `check` holds (no time assertion: the test's own timeout bounds it). */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 6000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}
