import type { PluginDefinition } from '@loomkit/kernel';

/** One route per command, for `loom auto`, `--help` and MCP tool schemas: written once, here. */
export const routes: NonNullable<PluginDefinition['routes']> = [
  {
    command: 'metrics',
    summary: 'Report what Claude cost: by day, week, month, hour, session, command, model, project or 5-hour block',
    examples: [
      'how much did I spend on claude today',
      'show my claude costs per day this week',
      'what did claude code cost me last month',
      'which sessions were the most expensive',
      'cost per model since the first of november',
      'how much did the query command cost',
      'show usage by project as csv',
      'how much did prompt caching save me',
      'show my 5 hour usage blocks',
      'hourly token usage for the last 12 hours',
    ],
    args: {
      report: 'daily, weekly, monthly, hourly, session, command, model, project or blocks (default daily)',
      since: 'a date (2026-11-01) or an age (7d, 12h, 2w)',
      until: 'a date or an age; dates include the whole day',
      project: 'part of a project name or path',
      model: 'part of a model id, e.g. sonnet',
      source: 'loom, claude-code or all (default all)',
      breakdown: 'one line per model inside each row',
      csv: 'print CSV instead of a table',
    },
  },
  {
    command: 'metrics budget',
    summary: 'Show the spending budget and how much of it is used',
    examples: ['how much of my budget is left', 'show my claude budget', 'am I over budget this month'],
  },
  {
    command: 'metrics budget set',
    summary: 'Set a spending budget per day, week or month; calls that would cross it are refused before they spend',
    examples: ['set a budget of 50 dollars a month', 'limit claude spending to $5 a day', 'warn me at 90% of a $100 monthly budget'],
    args: { usd: 'the budget in US dollars', per: 'day, week or month (default month)', 'warn-at': 'share of the budget that triggers a warning, 0–1 (default 0.8)' },
  },
  {
    command: 'metrics budget clear',
    summary: 'Remove the spending budget',
    examples: ['remove my budget', 'no more spending limit'],
  },
  {
    command: 'metrics export',
    summary: 'Send Loom\'s usage to an OpenTelemetry collector (OTLP/HTTP, GenAI semantic conventions)',
    examples: ['export my usage to the otel collector', 'send metrics to http://127.0.0.1:4318', 'push token usage to grafana through otlp'],
    args: { otlp: 'the collector\'s OTLP/HTTP base URL (or config metrics.otlp)', since: 'only calls since this date or age' },
  },
  {
    command: 'dashboard',
    summary: 'Open a live local dashboard of costs and tokens (127.0.0.1 only)',
    examples: ['show me a dashboard of my claude usage', 'open the cost dashboard in the browser', 'chart my spending by model', 'start the metrics dashboard on port 4000'],
    args: { port: 'port on 127.0.0.1 (a free one by default)', open: 'open it in the browser' },
  },
];
