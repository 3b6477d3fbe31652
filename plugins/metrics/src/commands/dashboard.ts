import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { startDashboard } from '../dashboard/server.js';
import { MetricsToken } from '../tokens.js';

export default class Dashboard extends LoomCommand {
  static override summary = 'A live local dashboard of what Claude costs (127.0.0.1 only).';
  static override description = `Serves a page on 127.0.0.1 — never another interface, no account, nothing fetched from the internet (Chart.js comes from this package) — with cost and tokens over time by model, cost by command, session and project, cache hit ratio and savings, error and retry rates, and the most expensive sessions. It updates itself while commands run.

Every number comes from the same query code as \`loom metrics --json\`. Stop it with Ctrl-C.`;
  static override examples = ['<%= config.bin %> dashboard', '<%= config.bin %> dashboard --open', '<%= config.bin %> dashboard --port 4000'];
  static override flags = {
    port: Flags.integer({ description: 'Port on 127.0.0.1 (default: a free one).', min: 0, max: 65535, default: 0 }),
    open: Flags.boolean({ description: 'Open it in your browser.' }),
    host: Flags.string({ description: 'A loopback address to listen on; anything else is refused.', default: '127.0.0.1', hidden: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dashboard);
    const kernel = await this.kernel();
    const dashboard = await startDashboard({ service: kernel.get(MetricsToken), host: flags.host, port: flags.port });
    this.log(`dashboard on ${dashboard.url} (Ctrl-C to stop)`);
    if (flags.open) {
      const { default: open } = await import('open');
      await open(dashboard.url).catch(() => this.log('could not open a browser: open the address above'));
    }
    await new Promise<void>((resolve) => {
      if (this.signal.aborted) resolve();
      else this.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await dashboard.close();
  }
}
