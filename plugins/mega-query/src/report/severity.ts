import type { FindingSeverity } from '../types.js';

/** Most severe first: the order findings and secrets are listed in. Covers the security plugin's severities too. */
export const SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export const severityRank = (severity: FindingSeverity): number => SEVERITIES.indexOf(severity);
