import { currentHost, LoomCommand, normalizeError, renderError } from '@loomkit/kernel/command';
import { SessionStoreToken } from '@loomkit/plugin-session';
import { historyPath } from '../shell/history.js';
import { startRepl, type ShellCommand } from '../shell/repl.js';

const EXIT_ERROR_CODE = 'EEXIT';
/** Commands the shell does not offer: itself, and oclif's help (the shell has /help). */
const NOT_OFFERED = new Set(['shell', 'help']);

export default class Shell extends LoomCommand {
  static override summary = 'Open the interactive shell (also: `loom` with no arguments)';
  static override description = `Every installed command runs as a slash command: /doctor, /config get logLevel, and those of installed plugins. /help lists them, /exit leaves (so does Ctrl-D).

Text without a slash goes through \`loom auto\` first: a request a command answers runs that command (after the usual confirmation); anything else is a question to Claude (as \`loom ask\`), carrying the active session's context. The prompt shows that session.

Tab completes command names. History is kept in the user data dir (shell_history). Ctrl-C cancels the running command and returns to the prompt; it never ends the shell.`;
  static override examples = ['<%= config.bin %>', '<%= config.bin %> shell'];

  async run(): Promise<void> {
    const { flags } = await this.parse(Shell);
    const verbose = Boolean(flags.verbose) || /\bloom\b/.test(process.env.DEBUG ?? '');
    let prompt = `${this.config.bin}> `;
    const refreshPrompt = async () => {
      prompt = `${this.config.bin}${await this.activeSessionLabel()}> `;
    };
    await refreshPrompt();
    const run = async (id: string, argv: string[], signal: AbortSignal) => {
      try {
        await this.runInProcess(id, argv, signal);
      } finally {
        await refreshPrompt();
      }
    };
    await startRepl({
      input: process.stdin,
      output: process.stdout,
      commands: () => this.shellCommands(),
      run,
      ...this.plainTextHandler(run),
      historyFile: historyPath(this.config.dataDir),
      prompt: () => prompt,
      banner: `Loom ${this.config.version} shell. /help lists the commands, /exit leaves.`,
      formatError: (error) => renderError(normalizeError(error), verbose),
    });
  }

  /**
   * Plain text goes through the router first (`auto`), which runs the command it names;
   * when nothing fits, it is a conversation turn: `ask` carries the session's context.
   */
  private plainTextHandler(run: (id: string, argv: string[], signal: AbortSignal) => Promise<void>) {
    const ask = this.config.findCommand('ask') !== undefined;
    if (this.config.findCommand('auto')) {
      return { plainText: (text: string, { signal }: { signal: AbortSignal }) => run('auto', [text, ...(ask ? ['--fallback', 'ask'] : [])], signal) };
    }
    return ask ? { plainText: (text: string, { signal }: { signal: AbortSignal }) => run('ask', [text], signal) } : {};
  }

  /** ` (session-name)` when a session is active in this project, else nothing. */
  private async activeSessionLabel(): Promise<string> {
    try {
      const store = (await this.kernel()).getOptional(SessionStoreToken);
      const id = await store?.active();
      return id && store ? ` (${(await store.read(id)).name})` : '';
    } catch {
      // The prompt is a courtesy: a broken session store must not stop the shell.
      return '';
    }
  }

  /** Every visible command of the CLI and its plugins, aliases included but not listed. */
  private shellCommands(): ShellCommand[] {
    return this.config.commands
      .map((command) => ({ command, id: this.standardId(command.id) }))
      .filter(({ command, id }) => !command.hidden && !NOT_OFFERED.has(id))
      .map(({ command, id }) => ({
        id,
        summary: this.renderTemplate(command.summary ?? command.description?.split('\n')[0] ?? ''),
        listed: !(command.aliases ?? []).some((alias) => this.standardId(alias) === id),
      }));
  }

  /**
   * oclif's help rewrites the ids of the commands it shows in place (`config:get` becomes
   * `config get` with topicSeparator " "), harmless in a one-shot CLI but not in a shell
   * that runs help and then more commands: ids are read back with colons.
   */
  private standardId(id: string): string {
    const separator = this.config.topicSeparator;
    return separator === ':' ? id : id.split(separator).join(':');
  }

  /**
   * Runs a command in this process with the shell's signal published on the host, so a
   * LoomCommand's `this.signal` is the one Ctrl-C aborts. Its own error was printed by
   * LoomCommand already; oclif's exit error only carries the code, so it is dropped.
   */
  private async runInProcess(id: string, argv: string[], signal: AbortSignal): Promise<void> {
    const host = currentHost();
    const previousSignal = host?.signal;
    const exitCode = process.exitCode;
    if (host) host.signal = signal;
    try {
      // As on the command line, --help shows the command's help instead of running it.
      const helpIndex = argv.indexOf('--help');
      const dashDash = argv.indexOf('--');
      if (helpIndex >= 0 && (dashDash < 0 || helpIndex < dashDash) && this.config.findCommand('help')) {
        await this.config.runCommand('help', id.split(':'));
      } else {
        await this.config.runCommand(id, argv);
      }
    } catch (error) {
      if ((error as { code?: string }).code !== EXIT_ERROR_CODE) throw error;
    } finally {
      // A command abandoned after Ctrl-C may end while the next one runs: leave its signal be.
      if (host && host.signal === signal) host.signal = previousSignal;
      // A failed command's exit code is the shell's business no longer.
      process.exitCode = exitCode;
    }
  }

  private renderTemplate(text: string): string {
    return text.replace(/<%=\s*config\.bin\s*%>/g, this.config.bin);
  }
}
