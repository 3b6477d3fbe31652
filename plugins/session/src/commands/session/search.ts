import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SearchHit } from '../../service/session-service.js';

export default class SessionSearch extends LoomCommand {
  static override summary = 'Find text in sessions: names, pinned memory, every turn.';
  static override description = `Case-insensitive, over raw turns too (compacted ones included) and archived sessions. --all-projects searches every project on this machine, so you can find the session where you solved something last month wherever it was.`;
  static override examples = [
    '<%= config.bin %> session search "rate limit"',
    '<%= config.bin %> session search migration --all-projects',
    '<%= config.bin %> session search "TypeError" --limit 5 --json',
  ];
  static override enableJsonFlag = true;
  static override args = { text: Args.string({ description: 'The text to find', required: true }) };
  static override flags = {
    'all-projects': Flags.boolean({ char: 'a', description: 'Search every project on this machine.' }),
    limit: Flags.integer({ description: 'Show at most this many matches.', default: 50, min: 1 }),
  };

  async run(): Promise<{ hits: SearchHit[]; total: number; sessionsSearched: number }> {
    const { args, flags } = await this.parse(SessionSearch);
    const result = await sessionServiceFor(await this.kernel()).search(args.text, { allProjects: flags['all-projects'], limit: flags.limit });
    for (const hit of result.hits) {
      const where = hit.seq === null ? hit.field : `#${hit.seq + 1} ${hit.field}`;
      this.log(`${hit.sessionId} ${hit.name} · ${where}: ${hit.snippet}${flags['all-projects'] ? `  (${hit.projectRoot})` : ''}`);
    }
    const more = result.total > result.hits.length ? ` (showing ${result.hits.length}; --limit shows more)` : '';
    this.log(`${result.total} match${result.total === 1 ? '' : 'es'} in ${result.sessionsSearched} session${result.sessionsSearched === 1 ? '' : 's'}${more}`);
    return result;
  }
}
