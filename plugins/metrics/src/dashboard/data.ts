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
  const scan = service.scan(source);
  const view = (kind: Report['kind'], breakdown = false) => service.report({ kind, source, breakdown, ...filters }, scan);
  const model = view('model');
  const session = view('session');
  return {
    generatedAt: now,
    source,
    filters,
    totals: model.totals,
    skippedLines: model.skippedLines,
    daily: view('daily', true),
    command: view('command'),
    session: { ...session, rows: session.rows.slice(0, 15) },
    project: view('project'),
    model,
  };
}
