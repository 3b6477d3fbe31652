import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoomError, statSyncSafe } from '@loomkit/kernel';
import { closest } from 'fastest-levenshtein';
import { parseWorkflowText, type ParsedFile } from './parse/index.js';

/** The built-in workflows ship as files beside dist/, read like any other. */
export const BUILT_IN_DIR = fileURLToPath(new URL('../workflows', import.meta.url));
const EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface WorkflowEntry {
  name: string;
  file: string;
  builtIn: boolean;
  description?: string | undefined;
}

const isWorkflowFile = (name: string) => EXTENSIONS.includes(extname(name));

function entriesIn(dir: string, builtIn: boolean): WorkflowEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isWorkflowFile)
    .map((name) => ({ name: basename(name, extname(name)), file: join(dir, name), builtIn }));
}

/** Workflows by name: the project's folders first (they may shadow a built-in), then the built-ins. */
export function listWorkflows(projectRoot: string, dirs: readonly string[]): WorkflowEntry[] {
  const found = new Map<string, WorkflowEntry>();
  for (const entry of [...dirs.flatMap((dir) => entriesIn(resolve(projectRoot, dir), false)), ...entriesIn(BUILT_IN_DIR, true)]) {
    if (!found.has(entry.name)) found.set(entry.name, entry);
  }
  return [...found.values()].map((entry) => ({ ...entry, description: descriptionOf(entry.file) }));
}

function descriptionOf(file: string): string | undefined {
  const parsed = parseWorkflowText(readFileSync(file, 'utf8'), file, file);
  return parsed.source?.workflow.description;
}

/** A path to a file, or a workflow's name; the file is parsed, problems come back as values. */
export function loadWorkflow(ref: string, options: { cwd: string; projectRoot: string; dirs: readonly string[] }): ParsedFile {
  const path = resolve(options.cwd, ref);
  // statSyncSafe: a FIFO named here must not break the next import() (a Node 20 bug, see the kernel).
  const asFile = existsSync(path) && statSyncSafe(path).isFile();
  const entry = asFile ? undefined : listWorkflows(options.projectRoot, options.dirs).find((candidate) => candidate.name === ref);
  if (!asFile && !entry) {
    const names = listWorkflows(options.projectRoot, options.dirs).map((candidate) => candidate.name);
    const near = names.length > 0 ? closest(ref, names) : undefined;
    throw new LoomError('CHAIN_WORKFLOW_NOT_FOUND', `no workflow file or name "${ref}"${near ? ` (closest: ${near})` : ''}`, {
      hint: `workflows are files, or names under ${options.dirs.join(', ')}; \`loom chain list\` shows them`,
    });
  }
  const file = asFile ? path : (entry as WorkflowEntry).file;
  const label = entry?.builtIn ? `${entry.name} (built-in)` : relative(options.cwd, file) || file;
  return parseWorkflowText(readFileSync(file, 'utf8'), asFile ? file : entry?.builtIn ? `builtin:${entry.name}` : file, label);
}
