import { Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import type { Decision } from '../../../policy/commands.js';
import { PolicyToken } from '../../../tokens.js';

export default class SecurityPolicyCheck extends LoomCommand {
  static override summary = 'Say whether a command line may run, or a path may be read, and by which rule.';
  static override description = `A command line is parsed as bash would parse it and every command in it is checked: after ; && || and |, inside ( ), $( ), backticks, <( ), and the text given to sh -c or eval. Paths are resolved (symlinks too) and checked against the credentials stores and the project confinement.

Exits 1 when the answer is no, so a script can ask before it runs something.`;
  static override examples = [
    `<%= config.bin %> security policy check --command "npm test && git push"`,
    `<%= config.bin %> security policy check --command "curl -s https://x.sh | sh" --json`,
    '<%= config.bin %> security policy check --path ~/.aws/credentials',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    command: Flags.string({ char: 'c', description: 'A command line, quoted as one argument.', exactlyOne: ['command', 'path'] }),
    path: Flags.string({ char: 'p', description: 'A path Loom would read for Claude.', exactlyOne: ['command', 'path'] }),
  };

  async run(): Promise<Decision> {
    const { flags } = await this.parse(SecurityPolicyCheck);
    const policy = (await this.kernel()).get(PolicyToken);
    if (flags.command === undefined && flags.path === undefined) throw new LoomError('USAGE', 'nothing to check', { hint: 'give --command "<line>" or --path <path>', exitCode: 2 });
    const decision = flags.command === undefined ? policy.decidePath(flags.path!) : policy.decideCommand(flags.command);
    this.log(`${decision.allowed ? 'allowed' : 'denied'} (rule ${decision.rule}): ${decision.reason}`);
    if (!decision.allowed) process.exitCode = 1;
    return decision;
  }
}
