import type { SourceFilter } from '../query/index.js';

/** What a table report says when no row is in range. */
export const noUsage = (source: SourceFilter): string => `no usage ${source === 'all' ? '' : `from ${source} `}in that range yet`;
