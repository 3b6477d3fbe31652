// Shapes that cross the catalog, the server and the exporter.

/** One argument or flag of a command, as a tool's input property. */
export interface Parameter {
  name: string;
  kind: 'arg' | 'flag';
  type: 'string' | 'boolean';
  description: string;
  required: boolean;
  multiple: boolean;
  options?: string[] | undefined;
  default?: string | boolean | undefined;
  /** `--no-<flag>` exists, so false can be said. */
  allowNo: boolean;
  /** A path the command reads or writes: checked against the security policy before the call. */
  path: boolean;
}

/** What a command does to the world, for the client's approval prompts. */
export type Effect = 'read' | 'write' | 'destroy' | 'spend' | 'unknown';

/** One installed, routed command as an MCP tool. */
export interface ToolSpec {
  /** `query_mega`: the command id with underscores. */
  name: string;
  /** `query mega`: the command id with spaces. */
  command: string;
  plugin: string;
  summary: string;
  description: string;
  examples: string[];
  parameters: Parameter[];
  effect: Effect;
}

/** A JSON Schema object, as MCP's `inputSchema` wants it. */
export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
}
