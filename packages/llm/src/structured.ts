import type { MessageParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { LoomError } from '@loomkit/kernel';
import { z } from 'zod';
import type { LlmRequestInput, LlmResult } from './pipeline.js';

export interface StructuredSpec<T> {
  /** The shape of the result; the model fills it through a forced tool call. */
  schema: z.ZodType<T>;
  /** Tool name the model sees, e.g. `report_findings`. */
  name: string;
  description?: string;
}

const issuesText = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');

/**
 * Forces a tool call whose input_schema is the zod schema, validates the input, and when
 * it is invalid sends the errors back once as a tool_result so the model can repair it.
 */
export async function structuredCall<T>(
  send: (request: LlmRequestInput) => Promise<LlmResult>,
  request: LlmRequestInput,
  spec: StructuredSpec<T>,
): Promise<{ value: T; result: LlmResult }> {
  const tool = { name: spec.name, description: spec.description ?? `Return the result as ${spec.name}.`, input_schema: z.toJSONSchema(spec.schema) as { type: 'object' } };
  const forced: LlmRequestInput = { ...request, tools: [...(request.tools ?? []), tool], tool_choice: { type: 'tool', name: spec.name } };

  const attempt = async (next: LlmRequestInput) => {
    const result = await send(next);
    const use = result.message.content.find((block): block is ToolUseBlock => block.type === 'tool_use' && block.name === spec.name);
    return { result, use, parsed: use ? spec.schema.safeParse(use.input) : undefined };
  };

  const first = await attempt(forced);
  if (first.parsed?.success) return { value: first.parsed.data, result: first.result };
  const problem = first.parsed ? issuesText(first.parsed.error) : `no ${spec.name} tool call in the reply`;
  if (!first.use) throw invalidOutput(spec.name, problem);

  const repair: MessageParam[] = [
    ...forced.messages,
    { role: 'assistant', content: [first.use] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: first.use.id, is_error: true, content: `The input did not match the schema: ${problem}. Call ${spec.name} again with corrected input.` }],
    },
  ];
  const second = await attempt({ ...forced, messages: repair });
  if (second.parsed?.success) {
    const result = { ...second.result, costUsd: first.result.costUsd + second.result.costUsd };
    return { value: second.parsed.data, result };
  }
  throw invalidOutput(spec.name, second.parsed ? issuesText(second.parsed.error) : `no ${spec.name} tool call in the reply`);
}

function invalidOutput(name: string, problem: string): LoomError {
  return new LoomError('LLM_INVALID_OUTPUT', `Claude's ${name} did not match the expected shape after one repair: ${problem}`, {
    hint: 'try again, or a larger model (--set llm.model=…)',
  });
}
