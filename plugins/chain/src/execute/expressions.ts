import jsep from 'jsep';

// Step ids may hold a hyphen (`query-mega`), as in GitHub Actions' expressions: write
// subtraction with spaces (`a - b`).
jsep.addIdentifierChar('-');

export type Expression = jsep.Expression;

const BLOCKED = new Set(['__proto__', 'constructor', 'prototype']);
const TEMPLATE = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;

/** Parses one expression; a syntax error is a value, not a throw. */
export function parseExpression(text: string): { ast?: Expression; error?: string } {
  try {
    return { ast: jsep(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The expressions inside `${{ … }}` in a text, in order. */
export function templateExpressions(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
}

/**
 * Evaluates what `parseExpression` returned, over plain data only: no calls, no `this`,
 * no prototype walks; a missing property is `undefined`, never a throw.
 */
export function evaluate(ast: Expression, scope: Record<string, unknown>): unknown {
  switch (ast.type) {
    case 'Literal':
      return (ast as jsep.Literal).value;
    case 'Identifier':
      return own(scope, (ast as jsep.Identifier).name);
    case 'MemberExpression': {
      const member = ast as jsep.MemberExpression;
      const object = evaluate(member.object, scope);
      const key = member.computed ? evaluate(member.property, scope) : (member.property as jsep.Identifier).name;
      return own(object, key);
    }
    case 'UnaryExpression': {
      const unary = ast as jsep.UnaryExpression;
      const value = evaluate(unary.argument, scope);
      if (unary.operator === '!') return !value;
      if (unary.operator === '-') return -(value as number);
      if (unary.operator === '+') return Number(value);
      throw new Error(`the operator ${unary.operator} is not supported`);
    }
    case 'BinaryExpression':
      return binary(ast as jsep.BinaryExpression, scope);
    case 'ConditionalExpression': {
      const conditional = ast as jsep.ConditionalExpression;
      return evaluate(conditional.test, scope) ? evaluate(conditional.consequent, scope) : evaluate(conditional.alternate, scope);
    }
    case 'ArrayExpression':
      return (ast as jsep.ArrayExpression).elements.map((element) => (element ? evaluate(element, scope) : undefined));
    default:
      throw new Error(`${ast.type} is not allowed in an expression (only values, properties, comparisons and && || !)`);
  }
}

function binary(node: jsep.BinaryExpression, scope: Record<string, unknown>): unknown {
  const left = evaluate(node.left, scope);
  // Short-circuit as in JavaScript, so `steps.a.output && steps.a.output.x` is safe.
  if (node.operator === '&&') return left ? evaluate(node.right, scope) : left;
  if (node.operator === '||') return left ? left : evaluate(node.right, scope);
  const right = evaluate(node.right, scope);
  const [l, r] = [left as number, right as number];
  switch (node.operator) {
    case '==':
    case '===':
      return equal(left, right);
    case '!=':
    case '!==':
      return !equal(left, right);
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '+':
      return typeof left === 'string' || typeof right === 'string' ? `${String(left)}${String(right)}` : l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    default:
      throw new Error(`the operator ${node.operator} is not supported`);
  }
}

/** Strict, except that null and undefined (a missing value) are equal. */
function equal(left: unknown, right: unknown): boolean {
  return left === right || (left == null && right == null);
}

function own(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) return undefined;
  const name = String(key);
  if (BLOCKED.has(name)) return undefined;
  if ((typeof object === 'string' || Array.isArray(object)) && name === 'length') return object.length;
  if (typeof object !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}

/** Every `steps.<id>` and `inputs.<name>` an expression reads, to check them before running. */
export function references(ast: Expression): { steps: string[]; inputs: string[] } {
  const found = { steps: [] as string[], inputs: [] as string[] };
  const visit = (node: Expression | null | undefined): void => {
    if (!node) return;
    if (node.type === 'MemberExpression') {
      const member = node as jsep.MemberExpression;
      const root = member.object.type === 'Identifier' ? (member.object as jsep.Identifier).name : undefined;
      const key = member.computed ? (member.property.type === 'Literal' ? String((member.property as jsep.Literal).value) : undefined) : (member.property as jsep.Identifier).name;
      if ((root === 'steps' || root === 'inputs') && key !== undefined) found[root].push(key);
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach((item) => isNode(item) && visit(item));
      else if (isNode(value)) visit(value);
    }
  };
  visit(ast);
  return found;
}

const isNode = (value: unknown): value is Expression => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
