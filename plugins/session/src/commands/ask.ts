import { AskCommand } from '../conversation/ask-command.js';

export default class Ask extends AskCommand {
  static override summary = 'Ask Claude, carrying the active session’s context.';
  static override description = `One conversation turn with Claude inside the active session: Claude sees the pinned memory (the project notes file, LOOM.md by default, and the session's pins), summaries of older turns and the recent turns within the session.contextTokens budget; the question and answer are recorded as a turn with tokens, cost, model and git state. Repeated asks read the stable part of the prompt from Anthropic's cache.

When the context would exceed its budget, older turns are first summarised by Claude into a visible summary turn (the raw turns stay on disk). The answer streams to standard output; notes and the usage line go to standard error. Ctrl-C stops the call and records nothing.

Same as \`loom session ask\`. Without an active session it says how to start one.`;
  static override examples = [
    '<%= config.bin %> ask "why does the login test time out?"',
    '<%= config.bin %> ask what did we decide about the retry policy',
    '<%= config.bin %> ask "summarise the plan so far" --max-cost 0.10',
    '<%= config.bin %> ask "list the open questions" --json',
  ];
}
