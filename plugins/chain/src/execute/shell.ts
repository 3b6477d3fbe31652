import { spawn } from 'node:child_process';
import type { ShellRunner, StepResult } from '../types.js';

const MAX_KEPT = 1_000_000;

/** Runs a shell step in the project root; its output is `{stdout, stderr}`, or stdout's JSON. */
export function createShellRunner(cwd: string): ShellRunner {
  return (command, signal) =>
    new Promise<StepResult>((resolve) => {
      const child = spawn(command, { cwd, shell: true, signal, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-MAX_KEPT)));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-MAX_KEPT)));
      child.on('error', (error) => resolve({ exitCode: 1, error: { code: signal.aborted ? 'CHAIN_STEP_CANCELLED' : 'CHAIN_SHELL_FAILED', message: error.message } }));
      child.on('close', (code) => {
        const output = parseJson(stdout) ?? { stdout, stderr };
        const exitCode = code ?? 1;
        resolve(exitCode === 0 ? { exitCode, output } : { exitCode, output, error: { code: 'CHAIN_SHELL_FAILED', message: `exited with ${exitCode}${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}` } });
      });
    });
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}
