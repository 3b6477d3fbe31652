import { resolve } from 'node:path';
import { createToken, isWithin, LoomError, type Kernel } from '@loomkit/kernel';
import type { ParsedArguments, ToolSpec } from '../catalog/index.js';

// The security plugin's services, by their Symbol.for names: only the parts used here.
interface Redactor {
  redact(text: string): { text: string; findings: unknown[] };
}
interface Policy {
  /** Throws POLICY_PATH_DENIED naming the rule; returns the resolved path when allowed. */
  checkPath(path: string): string;
}
const RedactorToken = createToken<Redactor>('loom.security.redactor');
const PolicyToken = createToken<Policy>('loom.security.policy');

export interface Protector {
  /** Refuses path arguments outside the project (and credentials files inside it), by the policy. */
  checkPaths(spec: ToolSpec, values: ParsedArguments): void;
  /** The value with every secret in its strings redacted; `text` is set when only its text form was safe. */
  redact(value: unknown): { value: unknown; changed: boolean; text?: string | undefined };
}

/** What the server returns passes the security plugin's redactor, like everything sent to Claude. */
export function createProtector(kernel: Pick<Kernel, 'get' | 'paths'>): Protector {
  const redactor = kernel.get(RedactorToken);
  const policy = kernel.get(PolicyToken);
  const root = kernel.paths.projectRoot;
  return {
    checkPaths(spec, values) {
      for (const parameter of spec.parameters) {
        if (!parameter.path) continue;
        for (const value of [values[parameter.name] ?? []].flat()) {
          if (typeof value !== 'string') continue;
          if (value === '-') throw new LoomError('MCP_INVALID_ARGUMENTS', `${spec.name}: ${parameter.name} "-" would read standard input, which carries the protocol`, { hint: 'pass the text itself as an argument, or a file in the project' });
          // Commands resolve paths from the working directory, which may be below the root.
          const target = resolve(process.cwd(), value);
          policy.checkPath(target);
          // The policy also allows its allowPaths outside the project; a tool call may not reach them.
          if (!isWithin(root, target)) {
            throw new LoomError('POLICY_PATH_DENIED', `${value} is outside the project ${root}`, { hint: 'MCP tool calls read and write inside the project only' });
          }
        }
      }
    },
    redact(value) {
      let changed = false;
      const walk = (item: unknown): unknown => {
        if (typeof item === 'string') {
          const result = redactor.redact(item);
          if (result.findings.length > 0) changed = true;
          return result.text;
        }
        if (Array.isArray(item)) return item.map(walk);
        if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [walk(key) as string, walk(inner)]));
        return item;
      };
      const clean = walk(value);
      // A secret split across fields (a name in one, its value in the next) shows only in the
      // text form, one field a line: if that still finds something, only the redacted text goes out.
      const text = JSON.stringify(clean, null, 2) ?? 'null';
      const again = redactor.redact(text);
      if (again.findings.length > 0) return { value: undefined, changed: true, text: again.text };
      return { value: clean, changed };
    },
  };
}
