import type { ReportJson } from './report/report-json.js';
import type { Mode } from './types.js';

declare module '@loomkit/kernel' {
  interface LoomEvents {
    /** A `query mega` run ended: what it covered and what it cost (metrics and sessions read it). */
    'mega-query:finished': {
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
    };
    /** A `query mega` command's result, as its --json prints it (the MCP server keeps the latest as loom://mega/latest). */
    'mega-query:report': { root: string; report: ReportJson };
  }
}

export {};
