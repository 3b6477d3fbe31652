import { Args } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { maxCostFlag } from '@loomkit/llm/flags';
import type { TurnRecord } from '../schema.js';
import { ConversationToken, SessionStoreToken } from '../tokens.js';
import { AnswerPrinter } from './answer-printer.js';
import { seqRange } from './context.js';
import { sessionFlag, sessionFor, stopNote, turnStats } from './command-support.js';

export interface AskOutput {
  session: { id: string; name: string };
  turn: TurnRecord;
  /** Set when the context was truncated or otherwise needs saying. */
  note: string | null;
  /** The summary turn written first, when the context was over its budget. */
  compacted: TurnRecord | null;
}

/**
 * `loom ask` and `loom session ask`: one conversation turn with Claude carrying the
 * session's context. The answer streams to stdout; notes and the usage line go to stderr,
 * so `loom ask … > answer.md` keeps only the answer.
 */
export abstract class AskCommand extends LoomCommand {
  static override enableJsonFlag = true;
  // `loom ask why is this slow` works without quotes.
  static override strict = false;
  static override args = { question: Args.string({ description: 'What to ask (quotes optional)' }) };
  static override flags = { 'max-cost': maxCostFlag(), session: sessionFlag };

  async run(): Promise<AskOutput> {
    // Spelled out: oclif's parse spreads the class it is given, which drops inherited statics.
    const { argv, flags } = await this.parse({ args: AskCommand.args, flags: AskCommand.flags, baseFlags: LoomCommand.baseFlags, enableJsonFlag: true, strict: false });
    const question = (argv as string[]).join(' ').trim();
    if (question === '') throw new LoomError('USAGE', 'nothing to ask', { hint: 'loom ask "why does the login test time out?"', exitCode: 2 });
    const kernel = await this.kernel();
    const session = await sessionFor(kernel.get(SessionStoreToken), flags.session);
    const json = this.jsonEnabled();
    const answer = new AnswerPrinter({ write: (text) => process.stdout.write(text), columns: process.stdout.isTTY ? process.stdout.columns || 80 : undefined });
    const asked = kernel.get(ConversationToken).ask(session.id, question, {
      signal: this.signal,
      maxCostUsd: flags['max-cost'],
      onContext: json
        ? undefined
        : (plan, summary) => {
            if (summary) this.logToStderr(`compacted turns ${seqRange(summary.summarises ?? [])} into summary #${summary.seq + 1} to fit the context budget (raw turns stay: \`loom session show --raw\`)`);
            if (plan.note) this.logToStderr(`note: ${plan.note}`);
          },
      onText: json ? undefined : (text) => answer.add(text),
      onRestart: json
        ? undefined
        : () => {
            answer.discard();
            this.logToStderr('[the connection was cut; retrying, so the answer starts over]');
          },
    });
    // A failed ask leaves no half answer: on a terminal it is erased, elsewhere it was never printed.
    const { turn, result, context, compacted } = await asked.catch((error: unknown) => {
      answer.discard();
      throw error;
    });
    if (!json) {
      answer.finish();
      const cut = stopNote(result);
      if (cut) this.logToStderr(`note: ${cut}`);
      this.logToStderr(`— ${turnStats(turn, session)}`);
    }
    return { session: { id: session.id, name: session.name }, turn, note: context?.note ?? null, compacted: compacted ?? null };
  }
}
