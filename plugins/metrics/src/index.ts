import { createRequire } from 'node:module';
import { CoreTokens, definePlugin, type PluginContext } from '@loomkit/kernel';
import { LlmToken, modelTable, type LlmConfig } from '@loomkit/llm';
import { createBudgetGuard, periodStart, readBudget, type BudgetGuard } from './record/budget.js';
import { recordingStep } from './record/index.js';
import { routes } from './routes.js';
import { metricsConfigSchema, type MetricsConfig } from './schema.js';
import { createMetricsService } from './service.js';
import { claudeCodeDirs } from './sources/claude-code/index.js';
import { MetricsToken } from './tokens.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The command each kernel is running (one kernel runs one command; the shell starts one per command). */
const running = new WeakMap<object, string>();

export default definePlugin({
  name: 'metrics',
  version,
  kernel: '^1.0.0',
  description: 'What Claude costs, by day, session, command and model — Loom\'s calls and Claude Code\'s — with a live local dashboard.',
  dependsOn: { llm: '^0.1.0' },
  provides: [MetricsToken],
  config: metricsConfigSchema,
  routes,
  hooks: {
    'command:start': (payload, ctx) => void running.set(ctx, payload.command.replaceAll(':', ' ')),
    'command:end': (_payload, ctx) => void running.delete(ctx),
    'command:error': (_payload, ctx) => void running.delete(ctx),
  },
  permissions: {
    filesystem: ['<dataDir>/metrics (the call log and the budget)', '~/.claude/projects and ~/.config/claude/projects, or $CLAUDE_CONFIG_DIR (read only)'],
    network: ['127.0.0.1 (the dashboard; never another interface)', 'the OTLP endpoint given to `metrics export`'],
  },
  setup(ctx: PluginContext<MetricsConfig>) {
    const now = () => ctx.get(CoreTokens.Clock).now();
    ctx.provide(MetricsToken, {
      factory: () => {
        const llm = ctx.get(CoreTokens.Config).get('llm') as LlmConfig | undefined;
        return createMetricsService({ dataDir: ctx.paths.dataDir, cacheDir: ctx.paths.cacheDir, claudeDirs: ctx.config.claudeDirs ?? claudeCodeDirs(), models: modelTable(llm?.models ?? {}) });
      },
    });
    let guard: BudgetGuard | undefined | null = null;
    const budget = () => {
      if (guard === null) {
        const set = readBudget(ctx.paths.dataDir);
        guard = set && createBudgetGuard(set, () => ctx.get(MetricsToken).report({ kind: 'model', source: 'loom', since: periodStart(set.per, now()) }).totals.costUsd, (message) => ctx.logger.warn(message));
      }
      return guard;
    };
    ctx.get(LlmToken).use(
      'metrics',
      'metrics:record',
      recordingStep({
        log: { append: (record) => ctx.get(MetricsToken).callLog.append(record) },
        project: ctx.paths.projectRoot,
        command: () => running.get(ctx) ?? null,
        now,
        budget,
        onWriteError: (error) => ctx.logger.warn(`metrics: a call was not recorded (${error instanceof Error ? error.message : String(error)})`),
      }),
    );
  },
});

export { MetricsToken } from './tokens.js';
export { createMetricsService, type MetricsService, type MetricsServiceOptions, type ReportRequest } from './service.js';
export { REPORTS, SOURCES, report, type Report, type ReportKind, type ReportRow, type Totals, type Filters, type SourceFilter } from './query/index.js';
export { metricsConfigSchema, callRecordSchema, type CallRecord, type MetricsConfig, type Budget } from './schema.js';
export { claudeCodeDirs } from './sources/claude-code/index.js';
export type { UsageRow, Scan, SessionInfo } from './types.js';
export { CallLog } from './store/call-log.js';
// The dashboard server is `@loomkit/plugin-metrics/dashboard`: every loom command loads this entry, and only `loom dashboard` needs node:http and the page.
