import { readFile } from 'node:fs/promises';
import { LoomError } from '@loomkit/kernel';
import { z } from 'zod';
import type { EvalQuestion } from './repomap/index.js';

// Other keys (`repo`, notes) are allowed and ignored, so one file can serve several tools.
const rowSchema = z.looseObject({ q: z.string().trim().min(1), gold: z.array(z.string().min(1)).min(1) });

/** The questions of a JSONL file, one `{"q", "gold": [paths]}` a line; blank lines skipped. */
export async function readEvalQuestions(path: string): Promise<EvalQuestion[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LoomError('MEGA_EVAL_FILE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      hint: 'give a JSONL file of {"q": "…", "gold": ["path/to/file"]} rows',
      cause: error,
    });
  }
  const questions: EvalQuestion[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new LoomError('MEGA_EVAL_FILE', `${path}:${index + 1} is not JSON`, { hint: 'one JSON object a line: {"q": "…", "gold": ["path/to/file"]}' });
    }
    const parsed = rowSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LoomError('MEGA_EVAL_FILE', `${path}:${index + 1}: ${issue.path.join('.') || 'row'}: ${issue.message}`, {
        hint: 'each row needs "q" (the question) and "gold" (a non-empty list of paths relative to the repository root)',
      });
    }
    questions.push({ q: parsed.data.q, gold: parsed.data.gold.map((gold) => gold.replace(/^\.\//, '')) });
  }
  if (questions.length === 0) throw new LoomError('MEGA_EVAL_FILE', `${path} has no questions`, { hint: 'one JSON object a line: {"q": "…", "gold": ["path/to/file"]}' });
  return questions;
}
