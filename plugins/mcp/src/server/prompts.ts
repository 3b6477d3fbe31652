import { LoomError } from '@loomkit/kernel';
import type { ServerDeps } from './index.js';

interface WorkflowEntry {
  name: string;
  builtIn?: boolean;
  description?: string;
}

const PREFIX = 'chain_';

/** The chains (built-ins and the project's) as prompts, when the chain plugin is installed. */
export function createPrompts(deps: ServerDeps) {
  const workflows = async (signal: AbortSignal): Promise<WorkflowEntry[]> => {
    if (!deps.has('chain list') || !deps.has('chain run')) return [];
    const outcome = await deps.run('chain list', [], signal);
    if (outcome.error) throw new LoomError(outcome.error.code, outcome.error.message, { hint: outcome.error.hint });
    return outcome.output as WorkflowEntry[];
  };
  return {
    async list(signal: AbortSignal) {
      return (await workflows(signal)).map((workflow) => ({
        name: `${PREFIX}${workflow.name}`,
        title: `Loom workflow: ${workflow.name}`,
        description: workflow.description ?? `Run the ${workflow.name} workflow`,
        arguments: [{ name: 'inputs', description: 'the workflow\'s inputs as name=value words, e.g. "path=src"', required: false }],
      }));
    },
    async get(name: string, args: Record<string, string>, signal: AbortSignal) {
      const workflow = (await workflows(signal)).find((entry) => `${PREFIX}${entry.name}` === name);
      if (!workflow) throw new LoomError('MCP_UNKNOWN_PROMPT', `no prompt ${name}`, { hint: 'list the prompts (prompts/list)' });
      const inputs = (args.inputs ?? '').trim();
      const call = `Call the \`chain_run\` tool with workflow "${workflow.name}"${inputs ? ` and input ${JSON.stringify(inputs.split(/\s+/))}` : ''}.`;
      return {
        description: workflow.description ?? workflow.name,
        messages: [
          {
            role: 'user' as const,
            content: { type: 'text' as const, text: `Run the Loom workflow "${workflow.name}"${workflow.description ? ` (${workflow.description})` : ''} on this repository. ${call} Then summarise what each step produced.` },
          },
        ],
      };
    },
  };
}
