/**
 * Each chunk's validated report, on disk as soon as it is known, so a killed or cancelled run
 * loses no paid-for work: the next run with the same chunk, mode, model, prompts and question
 * reads it instead of calling Claude again. Writes go to a temp file that is renamed over the
 * target, so a reader (or a kill -9) sees the old file or the new one, never half of one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mode } from '../types.js';
import { reportSchema, type Report } from './findings.js';
import { PROMPT_VERSION } from './modes.js';

export interface ResultKeyParts {
  chunkHash: string;
  mode: Mode;
  model: string;
  question?: string;
}

export function resultKey(parts: ResultKeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.chunkHash, parts.mode, parts.model, PROMPT_VERSION, parts.question ?? '']))
    .digest('hex');
}

export interface ResultsStore {
  /** The stored report, or undefined when there is none or it does not parse (then it is redone). */
  read(key: string): Promise<Report | undefined>;
  write(key: string, report: Report): Promise<void>;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function createResultsStore(dir: string): ResultsStore {
  const file = (key: string) => join(dir, `${key}.json`);
  return {
    async read(key) {
      const text = await readFile(file(key), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      try {
        const parsed = reportSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async write(key, report) {
      await mkdir(dir, { recursive: true });
      await writeAtomic(file(key), `${JSON.stringify(report)}\n`);
    },
  };
}
