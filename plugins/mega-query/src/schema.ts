import { z } from 'zod';
import { MODES } from './types.js';

/** The `mega-query` section of loom.config.json. Every field has a default: no config needed. */
export const megaQueryConfigSchema = z.strictObject({
  defaultExcludes: z.boolean().default(true).describe('Skip lockfiles, minified and generated files and vendored folders (see --verbose for the list)'),
  exclude: z.array(z.string()).default([]).describe('More gitignore-style patterns to skip, added to the defaults'),
  include: z.array(z.string()).default([]).describe('Gitignore-style patterns kept even when a default exclude matches'),
  maxFileBytes: z.number().int().positive().default(1_048_576).describe('Files larger than this are skipped (too-large), in bytes'),
  chunkTokens: z.number().int().min(2_000).default(60_000).describe('Input tokens of file content per call to Claude in the map stage'),
  outputTokens: z.number().int().min(256).default(4_096).describe('max_tokens of each map and reduce call'),
  mode: z.enum(MODES).default('codebase').describe('Analysis mode when --mode is not given'),
  model: z.string().optional().describe('Model for query commands (default: llm.model)'),
  compressBelow: z.number().min(0).max(1).default(0.7).describe('The worst-ranked files holding this fraction of the tokens go in as signatures only'),
  churnCommits: z.number().int().min(0).default(1_000).describe('Recent commits read for git churn (0: no churn)'),
  workers: z.number().int().min(0).max(16).optional().describe('Worker threads that judge and parse files on a cold scan (0: none, all on one thread; default: one a core, at most 4, for scans of 256 files or more)'),
  mapTokens: z.number().int().positive().default(4_096).describe('Token budget of `loom query map` when --tokens is not given'),
});

export type MegaQueryConfig = z.output<typeof megaQueryConfigSchema>;
