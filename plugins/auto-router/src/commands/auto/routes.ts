import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { oclifEnvironment } from '../../environment.js';
import { loadRouter } from '../../service.js';
import type { RouteEntry } from '../../types.js';

export default class AutoRoutes extends LoomCommand {
  static override summary = 'List every route loom auto knows, by plugin.';
  static override description = "Routes come from each installed plugin's manifest (`routes`: summary, examples, args). A plugin whose routes are malformed is left out with a warning.";
  static override examples = ['<%= config.bin %> auto routes', '<%= config.bin %> auto routes --json'];
  static override enableJsonFlag = true;

  async run(): Promise<{ routes: RouteEntry[] }> {
    await this.parse(AutoRoutes);
    const { router, problems } = await loadRouter(oclifEnvironment(this.config));
    for (const problem of problems) this.warn(problem.message);
    const routes = [...router.data.routes].sort((a, b) => a.plugin.localeCompare(b.plugin) || a.command.localeCompare(b.command));
    this.log(renderTable(['plugin', 'command', 'summary', 'examples'], routes.map((route) => [route.plugin, route.command, route.summary, String(route.examples.length)])));
    return { routes };
  }
}
