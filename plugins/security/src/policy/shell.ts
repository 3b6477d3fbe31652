import { createRequire } from 'node:module';

/**
 * A command line parsed the way bash would, by mvdan/sh's parser (the `mvdan-sh` build,
 * loaded on first use: 1.5 MB that no other command needs). Every simple command in the
 * line is listed — after `;`, `&&`, `||`, `|`, inside subshells, `$(…)`, backticks,
 * process substitutions, functions, loops and conditionals — with its words as bash
 * would see them once quotes are removed, or `undefined` where a word is only known at
 * run time (`$VAR`, `$(…)`).
 */
export interface SimpleCommand {
  /** Words after quote removal; undefined marks a word computed at run time. */
  words: Array<string | undefined>;
  /** The source text of the command, for messages. */
  text: string;
  /** It reads its standard input from a pipe. */
  piped: boolean;
  /** Arguments that are process substitutions, `<(…)`, by index. */
  substitutions: number[];
}

export interface Redirection {
  op: string;
  /** Target after quote removal, undefined when computed at run time. */
  target: string | undefined;
}

export interface ParsedLine {
  commands: SimpleCommand[];
  redirections: Redirection[];
  /** Functions that call themselves (`:(){ :|:& };:`). */
  recursiveFunctions: string[];
}

// mvdan-sh is a GopherJS build without types: these are the fields this module reads.
interface Pos {
  Offset(): number;
}
interface ShNode {
  Pos(): Pos;
  End(): Pos;
  [field: string]: unknown;
}
interface ShSyntax {
  NewParser(): { Parse(source: string, name: string): ShNode };
  NodeType(node: ShNode): string;
  Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
}

let syntax: ShSyntax | undefined;
const shell = (): ShSyntax => (syntax ??= (createRequire(import.meta.url)('mvdan-sh') as { syntax: ShSyntax }).syntax);

export class ShellSyntaxError extends Error {}

/** Parses one command line; throws ShellSyntaxError when bash would not run it. */
export function parseCommandLine(line: string): ParsedLine {
  const sh = shell();
  const bytes = Buffer.from(line, 'utf8');
  // Positions are byte offsets into the UTF-8 source.
  const source = (node: ShNode) => bytes.subarray(node.Pos().Offset(), node.End().Offset()).toString('utf8');
  const opAt = (pos: unknown) => bytes.subarray((pos as Pos).Offset(), (pos as Pos).Offset() + 3).toString('utf8');
  let file: ShNode;
  try {
    file = sh.NewParser().Parse(line, '');
  } catch (error) {
    const go = error as { Error?: () => string };
    throw new ShellSyntaxError(typeof go.Error === 'function' ? go.Error() : String(error));
  }

  /** A word's value after quote removal, or undefined when any part is expanded at run time. */
  const wordValue = (word: ShNode): string | undefined => {
    let value = '';
    for (const part of word.Parts as ShNode[]) {
      const type = sh.NodeType(part);
      if (type === 'Lit') value += (part.Value as string).replace(/\\(.)/gs, '$1').replace(/\\\n/g, '');
      else if (type === 'SglQuoted') value += part.Value as string;
      else if (type === 'DblQuoted') {
        const inner = wordValue(part);
        if (inner === undefined) return undefined;
        value += inner;
      } else return undefined;
    }
    return value;
  };

  /** The commands that read a statement's standard input first: `| (sh)` and `| { bash; }` count. */
  const leadingCalls = (stmt: ShNode): ShNode[] => {
    const command = stmt.Cmd as ShNode | null;
    if (!command) return [];
    const type = sh.NodeType(command);
    if (type === 'CallExpr') return [command];
    if (type === 'BinaryCmd') return leadingCalls(command.X as ShNode);
    if (type === 'Subshell' || type === 'Block') return (command.Stmts as ShNode[]).flatMap(leadingCalls);
    return [];
  };
  // Keyed by offset: the parser hands out a fresh wrapper object on each field access.
  const piped = new Set<number>();
  const parsed: ParsedLine = { commands: [], redirections: [], recursiveFunctions: [] };
  sh.Walk(file, (node) => {
    if (!node) return true;
    const type = sh.NodeType(node);
    if (type === 'BinaryCmd' && opAt(node.OpPos).startsWith('|') && !opAt(node.OpPos).startsWith('||')) {
      for (const call of leadingCalls(node.Y as ShNode)) piped.add(call.Pos().Offset());
    } else if (type === 'CallExpr') {
      const args = node.Args as ShNode[];
      parsed.commands.push({
        words: args.map(wordValue),
        text: source(node),
        piped: piped.has(node.Pos().Offset()),
        substitutions: args.flatMap((word, index) => ((word.Parts as ShNode[]).some((part) => sh.NodeType(part) === 'ProcSubst') ? [index] : [])),
      });
    } else if (type === 'Redirect') {
      const op = /^[<>&|]+/.exec(opAt(node.OpPos))?.[0] ?? '';
      parsed.redirections.push({ op, target: node.Word ? wordValue(node.Word as ShNode) : undefined });
    } else if (type === 'FuncDecl') {
      const name = (node.Name as ShNode).Value as string;
      let calls = false;
      sh.Walk(node.Body as ShNode, (inner) => {
        if (inner && sh.NodeType(inner) === 'CallExpr') calls ||= (inner.Args as ShNode[]).length > 0 && wordValue((inner.Args as ShNode[])[0]!) === name;
        return !calls;
      });
      if (calls) parsed.recursiveFunctions.push(name);
    }
    return true;
  });
  return parsed;
}
