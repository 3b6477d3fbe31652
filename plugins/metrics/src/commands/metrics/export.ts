import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Flags } from '@oclif/core';
import { CoreTokens, LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { exportOtlp, type ExportResult } from '../../export/otlp.js';
import type { MetricsConfig } from '../../schema.js';
import { MetricsToken } from '../../tokens.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export default class MetricsExport extends LoomCommand {
  static override summary = 'Send Loom\'s usage to an OpenTelemetry collector (OTLP/HTTP JSON, GenAI semantic conventions).';
  static override description = `Sends the calls recorded since the last export to <url>/v1/metrics as gen_ai.client.token.usage and gen_ai.client.operation.duration histograms (with gen_ai.request.model and gen_ai.token.type) and a loom.llm.cost sum — for teams whose Grafana, Prometheus or Datadog already collect the rest. Run it from cron or CI; each call is sent once per endpoint.`;
  static override examples = ['<%= config.bin %> metrics export --otlp http://127.0.0.1:4318', '<%= config.bin %> config set metrics.otlp http://127.0.0.1:4318 && <%= config.bin %> metrics export'];
  static override enableJsonFlag = true;
  static override flags = {
    otlp: Flags.string({ description: 'The collector\'s OTLP/HTTP base URL (default: config metrics.otlp).', helpValue: '<url>' }),
  };

  async run(): Promise<ExportResult> {
    const { flags } = await this.parse(MetricsExport);
    const kernel = await this.kernel();
    const url = flags.otlp ?? (kernel.get(CoreTokens.Config).get('metrics') as MetricsConfig | undefined)?.otlp;
    if (!url) throw new LoomError('METRICS_OTLP_MISSING', 'no collector to send to', { hint: 'pass --otlp http://127.0.0.1:4318, or set it once: loom config set metrics.otlp <url>' });
    const log = kernel.get(MetricsToken).callLog;
    const result = await exportOtlp({ logFile: log.file, stateDir: dirname(log.file), url, version });
    this.log(result.calls === 0 ? `nothing new to send to ${result.endpoint}` : `sent ${result.calls} call${result.calls === 1 ? '' : 's'} to ${result.endpoint}`);
    return result;
  }
}
