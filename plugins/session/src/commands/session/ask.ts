import { AskCommand } from '../../conversation/ask-command.js';

export default class SessionAsk extends AskCommand {
  static override summary = 'Ask Claude within the session’s context (also `loom ask`).';
  static override description = `One conversation turn with Claude carrying the session's context: pinned memory (the project notes file and the session's pins), summaries of older turns, and the recent turns within the session.contextTokens budget. The turn is recorded with its tokens, cost, model, duration and git branch/HEAD.

When the context would exceed its budget, older turns are summarised by Claude into a visible summary turn first (raw turns stay on disk; \`loom session show --raw\`). The answer streams to standard output; notes and the usage line go to standard error. Ctrl-C stops the call and records nothing.`;
  static override examples = [
    '<%= config.bin %> session ask "what is left to do?"',
    '<%= config.bin %> session ask "compare the two approaches we tried" --session db-migration',
    '<%= config.bin %> session ask "write the changelog entry" --max-cost 0.05',
  ];
}
