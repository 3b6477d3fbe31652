import type { Report, SourceFilter, Filters } from '../query/index.js';
import type { MetricsService } from '../service.js';

export interface DashboardData {
  generatedAt: number;
  source: SourceFilter;
  filters: Filters;
  totals: Report['totals'];
  skippedLines: number;
  daily: Report;
  command: Report;
  session: Report;
  project: Report;
  model: Report;
}

/**
 * What the page draws, built only from `service.report` — the function behind
 * `loom metrics --json` — so every number on the page is one the CLI prints.
 */
export function dashboardData(service: MetricsService, source: SourceFilter, filters: Filters, now: number): DashboardData {
  const [daily, command, session, project, model] = service.reports(source, [{ kind: 'daily', breakdown: true }, { kind: 'command' }, { kind: 'session' }, { kind: 'project' }, { kind: 'model' }], filters);
  return {
    generatedAt: now,
    source,
    filters,
    totals: model!.totals,
    skippedLines: model!.skippedLines,
    daily: daily!,
    command: command!,
    session: { ...session!, rows: session!.rows.slice(0, 15) },
    project: project!,
    model: model!,
  };
}
