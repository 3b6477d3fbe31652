import type { Analysis, CostPlan } from '../types.js';
import { bySeverity } from './findings.js';
import { compressionPercent } from './plan-figures.js';
import type { ReportInput, StaticReport } from './types.js';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const REPORT_JSON_VERSION = 1;

export interface ReportJson {
  version: typeof REPORT_JSON_VERSION;
  report: StaticReport;
  /** `compressionPercent` is null for an empty repository. */
  plan?: CostPlan & { compressionPercent: number | null };
  /** Findings critical first, as every format lists them. */
  analysis?: Analysis;
}

/** The report for machines: everything, whatever `verbose` says, as plain JSON-safe data. */
export function reportJson(input: ReportInput): ReportJson {
  const { report, plan, analysis } = input;
  return {
    version: REPORT_JSON_VERSION,
    report,
    ...(plan ? { plan: { ...plan, compressionPercent: compressionPercent(plan) ?? null } } : {}),
    ...(analysis ? { analysis: { ...analysis, findings: bySeverity(analysis.findings) } } : {}),
  };
}
