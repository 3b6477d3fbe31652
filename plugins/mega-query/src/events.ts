import type { ReportJson } from './report/report-json.js';
import type { Mode } from './types.js';

export interface MegaFinished {
  root: string;
  mode: Mode;
  files: number;
  chunks: number;
  chunksFromCache: number;
  calls: number;
  costUsd: number;
  /** True when only the static report and plan were made (no key, or --dry-run). */
  offline: boolean;
  durationMs: number;
}

/** The `mega-query:finished` payload of `run`: an offline run that called nothing unless it says otherwise. */
export const finishedPayload = (run: Omit<MegaFinished, 'chunksFromCache' | 'calls' | 'costUsd' | 'offline'> & Partial<MegaFinished>): MegaFinished => ({
  chunksFromCache: 0,
  calls: 0,
  costUsd: 0,
  offline: true,
  ...run,
});

declare module '@loomkit/kernel' {
  interface LoomEvents {
    /** A `query mega` run ended: what it covered and what it cost (metrics and sessions read it). */
    'mega-query:finished': MegaFinished;
    /** A `query mega` command's result, as its --json prints it (the MCP server keeps the latest as loom://mega/latest). */
    'mega-query:report': { root: string; report: ReportJson };
  }
}

