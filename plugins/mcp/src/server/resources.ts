import { LoomError } from '@loomkit/kernel';
import type { ServerDeps } from './index.js';

const MEGA_URI = 'loom://mega/latest';
const SESSION_PREFIX = 'loom://sessions/';

interface Resource {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
}

interface SessionRow {
  id: string;
  name?: string;
  turns?: number;
}

/**
 * Resources are the project's saved mega report, else read by running the commands that
 * show them (`session list`, `session show`, `query mega --dry-run`); all come through the
 * same redaction as tool results and no other plugin's internals are touched.
 */
export function createResources(deps: ServerDeps) {
  const data = async (command: string, argv: string[], signal: AbortSignal): Promise<unknown> => {
    const outcome = await deps.run(command, argv, signal);
    if (outcome.error) throw new LoomError(outcome.error.code, outcome.error.message, { hint: outcome.error.hint });
    return outcome.output;
  };
  const json = (uri: string, value: unknown) => {
    const { value: clean, text } = deps.protector.redact(value);
    return { uri, mimeType: 'application/json', text: text ?? JSON.stringify(clean, null, 2) };
  };

  return {
    async list(signal: AbortSignal): Promise<Resource[]> {
      const found: Resource[] = [];
      if (deps.has('query mega')) {
        found.push({ uri: MEGA_URI, name: 'mega-latest', title: 'Latest mega report', description: 'The latest query mega report of this project (saved by every run: the CLI, a chain, a tool call), else its static report and cost plan (free, offline)', mimeType: 'application/json' });
      }
      if (deps.has('session list') && deps.has('session show')) {
        const sessions = (await data('session list', [], signal)) as SessionRow[];
        for (const session of sessions) {
          found.push({
            uri: `${SESSION_PREFIX}${session.id}`,
            name: `session-${session.id}`,
            title: `Session ${session.name ?? session.id}`,
            description: `Transcript of Loom session ${session.name ?? session.id}${session.turns === undefined ? '' : ` (${session.turns} turns)`}`,
            mimeType: 'application/json',
          });
        }
      }
      return found;
    },
    async read(uri: string, signal: AbortSignal) {
      if (uri === MEGA_URI && deps.has('query mega')) return json(uri, deps.latestMega() ?? { savedAt: null, report: await data('query mega', ['--dry-run'], signal) });
      if (uri.startsWith(SESSION_PREFIX) && deps.has('session show')) {
        const id = decodeURIComponent(uri.slice(SESSION_PREFIX.length));
        if (!/^[\w.-]+$/.test(id)) throw unknown(uri);
        return json(uri, await data('session show', [id, '--full'], signal));
      }
      throw unknown(uri);
    },
  };
}

const unknown = (uri: string) => new LoomError('MCP_UNKNOWN_RESOURCE', `no resource ${uri}`, { hint: 'list the resources (resources/list)' });
