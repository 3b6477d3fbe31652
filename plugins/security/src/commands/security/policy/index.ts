import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import type { PolicySummary } from '../../../policy/policy.js';
import { PolicyToken } from '../../../tokens.js';

export default class SecurityPolicy extends LoomCommand {
  static override summary = 'Show what Loom and its plugins may read and run.';
  static override description = `Paths are confined to the project root unless security.policy.allowPaths allows more; credentials stores (~/.ssh, ~/.aws, ~/.netrc, keychains, .env files, private keys) are denied wherever they are unless security.policy.allowCredentials names them; every command in a command line that a plugin runs passes the built-in rules and the allow/deny lists; inputs have a size cap.

Ask about one command line or path with \`loom security policy check\`.`;
  static override examples = ['<%= config.bin %> security policy', '<%= config.bin %> security policy --json', '<%= config.bin %> security policy check --command "curl x | sh"', `<%= config.bin %> config set security.policy.allowPaths '["~/shared-docs/**"]'`];
  static override enableJsonFlag = true;

  async run(): Promise<PolicySummary> {
    await this.parse(SecurityPolicy);
    const summary = (await this.kernel()).get(PolicyToken).summary();
    this.log(`project root (reads are confined to it): ${summary.projectRoot}`);
    this.log(`largest input: ${summary.maxInputBytes} bytes\n`);
    const rows = [
      ...summary.allowPaths.map((glob) => ['allow', 'path', glob]),
      ...summary.allowCredentials.map((glob) => ['allow', 'credentials', glob]),
      ...summary.deniedPaths.map((glob) => ['deny', 'path', glob]),
      ...(summary.allowCommands.length > 0 ? summary.allowCommands.map((glob) => ['allow', 'command', glob]) : [['allow', 'command', '* (any not denied)']]),
      ...summary.deniedCommands.map((glob) => ['deny', 'command', glob]),
      ...Object.entries(summary.commandRules).map(([rule, what]) => ['deny', 'command', `${rule}: ${what}`]),
    ];
    this.log(renderTable(['rule', 'kind', 'pattern'], rows));
    return summary;
  }
}
