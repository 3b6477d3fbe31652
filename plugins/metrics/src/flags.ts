import { Flags } from '@oclif/core';
import { CoreTokens, type Kernel } from '@loomkit/kernel';
import { SOURCES, type Filters } from './query/index.js';
import { parseWhen } from './query/when.js';

/** The filters every metrics view takes, the dashboard's included. */
export const filterFlags = {
  since: Flags.string({ description: 'From this date (2026-11-01 or 20261101) or age (7d, 12h, 2w).', helpValue: '<date|age>' }),
  until: Flags.string({ description: 'Up to this date (its whole day) or age.', helpValue: '<date|age>' }),
  project: Flags.string({ description: 'Only projects whose name or path contains this.', helpValue: '<text>' }),
  model: Flags.string({ description: 'Only models whose id contains this, e.g. sonnet.', helpValue: '<text>' }),
  source: Flags.string({ description: 'Loom\'s own calls, Claude Code\'s transcripts, or both.', options: [...SOURCES], default: 'all' }),
};

export function filtersFrom(kernel: Kernel, flags: { since?: string; until?: string; project?: string; model?: string }): Filters {
  const now = kernel.get(CoreTokens.Clock).now();
  return {
    since: flags.since === undefined ? undefined : parseWhen(flags.since, now, 'since'),
    until: flags.until === undefined ? undefined : parseWhen(flags.until, now, 'until'),
    project: flags.project,
    model: flags.model,
  };
}
