import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  /** The whole environment of the child: nothing is inherited unless passed. */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a program to its end; rejects, with everything it printed, unless it exits 0. */
export function exec(command: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? 1, stdout, stderr };
      if (code === 0) resolve(result);
      else {
        const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? `, after ${timeoutMs} ms?` : ''})` : `exited ${code}`;
        reject(new Error(`${command} ${args.join(' ')} ${why}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      }
    });
  });
}

/** Runs `items` through `task`, at most `limit` at a time. */
export async function inPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
