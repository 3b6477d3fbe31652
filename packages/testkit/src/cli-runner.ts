import { spawn } from 'node:child_process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON; throws with the raw output when it is not JSON. */
  json<T = unknown>(): T;
}

export interface CliRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

/**
 * The caller's environment as a user's shell would have it: without the NODE_PATH that pnpm
 * and vitest set, which lets a module the CLI cannot resolve from its own folder (a missing
 * dependency, a path that lost its symlink) still load in tests.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const { NODE_PATH: _nodePath, ...env } = process.env;
  return env;
}

export type CliRunner = (args: string[], options?: CliRunOptions) => Promise<CliResult>;

/**
 * Runs a CLI in a child process, as a user would, with no terminal attached. The
 * environment is the caller's plus `env`; isolate user dirs by passing `LOOM_*_DIR`.
 */
export function createCliRunner(bin: string): CliRunner {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], {
        cwd: options.cwd,
        env: { ...userEnv(), NO_COLOR: '1', ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${args.join(' ')} timed out after ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
      }, options.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({
          code: code ?? 1,
          stdout,
          stderr,
          json<T>() {
            try {
              return JSON.parse(stdout) as T;
            } catch {
              throw new Error(`stdout is not JSON:\n${stdout}\nstderr:\n${stderr}`);
            }
          },
        });
      });
      child.stdin.end(options.input ?? '');
    });
}
