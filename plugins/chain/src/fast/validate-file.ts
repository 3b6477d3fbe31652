import { inActiveSession, statSyncSafe } from '@loomkit/kernel/early';
import type { EarlyAnswer } from '@loomkit/kernel';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWorkflowText } from '../parse/index.js';
import { validateWorkflow } from '../validate/index.js';

interface Manifest {
  commands?: Record<string, { aliases?: string[] }>;
}

/** Command ids from the oclif manifests of the CLI and its bundled plugins (JSON files: no module is loaded). */
function bundledCommands(cliRoot: string): string[] {
  const pkg = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')) as { oclif?: { plugins?: string[] } };
  const roots = [cliRoot, ...(pkg.oclif?.plugins ?? []).map((name) => packageRoot(name, cliRoot))];
  const ids: string[] = [];
  for (const root of roots) {
    const file = root && join(root, 'oclif.manifest.json');
    // No manifest (a plugin without commands, like llm): its commands, if any, are unknown here, and unknown means "ask the full command".
    if (!file || !existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    for (const [id, command] of Object.entries(manifest.commands ?? {})) ids.push(id, ...(command.aliases ?? []));
  }
  return ids.map((id) => id.replaceAll(':', ' '));
}

/** A package's folder as Node finds it from `from` (some packages do not export package.json). */
function packageRoot(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * `loom chain validate FILE` before oclif loads, for editors and hooks that run it on every
 * save. It answers only what it can decide alone — a file that does not parse, or a workflow
 * with no shell step whose every command is bundled — and returns false otherwise, so the
 * full command decides with the installed plugins and the security policy.
 */
export function validateFast(ref: string, cliRoot: string | URL, cwd = process.cwd()): boolean {
  try {
    return decide(ref, typeof cliRoot === 'string' ? cliRoot : fileURLToPath(cliRoot), cwd);
  } catch {
    // Anything odd (a missing manifest, an unreadable file): the full command answers.
    return false;
  }
}

function decide(ref: string, cliRoot: string, cwd: string): boolean {
  const path = resolve(cwd, ref);
  if (!existsSync(path) || !statSyncSafe(path).isFile()) return false;
  const label = relative(cwd, path) || path;
  const parsed = parseWorkflowText(readFileSync(path, 'utf8'), path, label);
  if (!parsed.source) return false;
  if (parsed.source.workflow.steps.some((step) => step.shell !== undefined)) return false;
  const commands = bundledCommands(cliRoot);
  const problems = validateWorkflow(parsed.source, { commands });
  if (problems.length > 0) return false;
  process.stdout.write(`✓ ${label} is valid\n`);
  return true;
}

/** The CLI's early answer for `loom chain validate FILE` (see `EarlyAnswer`). */
export const answer: EarlyAnswer = (argv, ctx) =>
  argv.length === 3 && argv[0] === 'chain' && argv[1] === 'validate' && !argv[2]!.startsWith('-') &&
  // An active session records the command as a turn: the command's way.
  !inActiveSession(ctx.cwd) && validateFast(argv[2]!, ctx.cliRoot, ctx.cwd);
