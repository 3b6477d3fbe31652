import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { workflowSchema } from '../schema.js';
import type { Place, Problem, WorkflowSource } from '../types.js';

export interface ParsedFile {
  source?: WorkflowSource | undefined;
  problems: Problem[];
}

/**
 * Reads a workflow written in YAML or JSON (JSON is YAML 1.2, so one parser gives both
 * the same line and column in every message), then checks its shape with the zod schema.
 */
export function parseWorkflowText(text: string, origin: string, label: string): ParsedFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Place => {
    if (offset === undefined) return { file: label };
    const { line, col } = lineCounter.linePos(offset);
    return { file: label, line, column: col };
  };
  if (document.errors.length > 0) {
    // Later syntax errors are mostly echoes of the first: report the one to fix.
    return {
      problems: document.errors.slice(0, 1).map((error) => ({
        code: 'CHAIN_YAML_SYNTAX',
        message: firstLine(error.message),
        hint: 'fix the YAML (or JSON) at that place',
        place: at(error.pos[0]),
      })),
    };
  }
  const locate = (path: ReadonlyArray<string | number>): Place => at(nodeOffset(document, path));
  const parsed = workflowSchema.safeParse(document.toJS());
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => shapeProblem(issue, locate)) };
  return { source: { origin, label, workflow: parsed.data, locate }, problems: [] };
}

/** The offset of the deepest node that exists along `path`. */
function nodeOffset(document: Document, path: ReadonlyArray<string | number>): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function shapeProblem(issue: z.core.$ZodIssue, locate: (path: ReadonlyArray<string | number>) => Place): Problem {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const dotted = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('').replace(/^\./, '');
  return {
    code: 'CHAIN_SCHEMA',
    message: `${dotted || 'the workflow'}: ${issue.message}`,
    hint: 'see the workflow JSON Schema (@loomkit/plugin-chain/schema/chain-workflow.schema.json)',
    place: locate(path),
  };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
